"""Prometheus metrics of one service process: HTTP latency, outbox, consumers, dead letters."""

from __future__ import annotations

import time

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED_ROUTE = "unmatched"


class ServiceMetrics:
    """The metrics one app or worker process exposes, in a registry of its own.

    A registry per instance (never the global default) lets tests and several apps in one
    process each build their metrics without "duplicated timeseries" errors.
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.request_duration = Histogram(
            "unionfed_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "unionfed_outbox_backlog", "Outbox rows not yet published", registry=self.registry
        )
        self.outbox_oldest_age = Gauge(
            "unionfed_outbox_oldest_age_seconds",
            "Age of the oldest outbox row not yet published",
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "unionfed_consumer_lag",
            "Messages between a consumer's committed offset and the partition's end",
            ["consumer", "topic", "partition"],
            registry=self.registry,
        )
        self.events_published = Counter(
            "unionfed_events_published_total",
            "Integration events the outbox relay published",
            ["topic"],
            registry=self.registry,
        )
        self.events_consumed = Counter(
            "unionfed_events_consumed_total",
            "Integration events a consumer finished with, by outcome",
            ["consumer", "type", "outcome"],
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "unionfed_dead_letters_total",
            "Messages a consumer sent to its dead-letter topic",
            ["consumer", "reason"],
            registry=self.registry,
        )

    def render(self) -> tuple[bytes, str]:
        """The registry in Prometheus text format, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """ASGI middleware timing each HTTP request under its route template.

    The template (``/stations/{code}/members``), not the raw path, is the label: raw paths
    carry ids and would make one time series per member or case.
    """

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets if the app raises before answering
        started = time.perf_counter()

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            # The router records the matched route on the scope it was given.
            route = getattr(scope.get("route"), "path", None) or UNMATCHED_ROUTE
            self.metrics.request_duration.labels(
                method=scope["method"], route=route, status=str(status)
            ).observe(time.perf_counter() - started)


def add_observability_routes(app: FastAPI, metrics: ServiceMetrics) -> None:
    """Add ``GET /metrics`` for Prometheus to scrape ``metrics``."""

    async def prometheus_metrics() -> Response:
        body, content_type = metrics.render()
        return Response(content=body, media_type=content_type)

    app.add_api_route("/metrics", prometheus_metrics, methods=["GET"], include_in_schema=False)
