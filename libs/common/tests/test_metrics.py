"""Service metrics: a registry per app, request latency under the route template, /metrics."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from unionfed.common.observability import (
    MetricsMiddleware,
    ServiceMetrics,
    add_observability_routes,
)

DURATION = "unionfed_http_request_duration_seconds_count"


def build_app(metrics: ServiceMetrics) -> FastAPI:
    app = FastAPI()
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    add_observability_routes(app, metrics)

    @app.get("/stations/{code}/members/{member_id}")
    async def member(code: str, member_id: str) -> dict:
        return {"station": code, "member": member_id}

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("handler failed")

    return app


@pytest.fixture
async def metrics_and_client():
    metrics = ServiceMetrics()
    transport = httpx.ASGITransport(app=build_app(metrics), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield metrics, client


def test_each_instance_has_its_own_registry():
    first, second = ServiceMetrics(), ServiceMetrics()
    first.events_published.labels(topic="membership").inc()
    assert first.registry is not second.registry
    assert (
        first.registry.get_sample_value("unionfed_events_published_total", {"topic": "membership"})
        == 1
    )
    assert (
        second.registry.get_sample_value("unionfed_events_published_total", {"topic": "membership"})
        is None
    )


def test_render_lists_every_metric_in_prometheus_text():
    metrics = ServiceMetrics()
    metrics.outbox_backlog.set(3)
    metrics.outbox_oldest_age.set(12.5)
    metrics.consumer_lag.labels(consumer="aid", topic="membership", partition="0").set(7)
    metrics.events_consumed.labels(
        consumer="aid", type="membership.member.enrolled.v1", outcome="handled"
    ).inc()
    metrics.dead_letters.labels(consumer="aid", reason="schema").inc()
    body, content_type = metrics.render()
    assert content_type.startswith("text/plain")
    for line in [
        "unionfed_outbox_backlog 3.0",
        "unionfed_outbox_oldest_age_seconds 12.5",
        'unionfed_consumer_lag{consumer="aid",partition="0",topic="membership"} 7.0',
        'unionfed_dead_letters_total{consumer="aid",reason="schema"} 1.0',
    ]:
        assert line in body.decode()
    assert b"unionfed_events_consumed_total{" in body


async def test_requests_are_timed_under_their_route_template(metrics_and_client):
    metrics, client = metrics_and_client
    for member_id in ("m-1", "m-2"):
        assert (await client.get(f"/stations/ST01/members/{member_id}")).status_code == 200
    labels = {"method": "GET", "route": "/stations/{code}/members/{member_id}", "status": "200"}
    assert metrics.registry.get_sample_value(DURATION, labels) == 2
    assert b"m-1" not in metrics.render()[0]


async def test_unmatched_paths_and_failures_are_labelled_without_the_raw_path(metrics_and_client):
    metrics, client = metrics_and_client
    assert (await client.get("/no/such/path")).status_code == 404
    assert (await client.get("/boom")).status_code == 500
    sample = metrics.registry.get_sample_value
    assert sample(DURATION, {"method": "GET", "route": "unmatched", "status": "404"}) == 1
    assert sample(DURATION, {"method": "GET", "route": "/boom", "status": "500"}) == 1
    assert b"/no/such/path" not in metrics.render()[0]


async def test_metrics_are_served_for_prometheus(metrics_and_client):
    _, client = metrics_and_client
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "unionfed_http_request_duration_seconds" in response.text
