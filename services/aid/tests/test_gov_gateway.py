"""The HTTP adapter of the government-check port against a real HTTP server: it sends what the
shared contract says (body, forwarded token, Idempotency-Key) and maps 422/503 and timeouts
to clear errors."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from unionfed.aid.adapters.gov_gateway import HttpGovernmentChecks
from unionfed.aid.service.checks import CheckRequest, GovernmentUnavailable
from unionfed.common.errors import RuleViolation
from unionfed.common.testing.serving import served

ANSWER = {
    "query_id": "q-77",
    "kind": "civil_affairs",
    "asked_at": "2026-11-02T01:00:00Z",
    "answered_at": "2026-11-02T01:00:01Z",
    "social_insurance": None,
    "civil_affairs": {
        "minimum_living_guarantee": False,
        "extreme_poverty": True,
        "temporary_assistance_last_12_months": False,
    },
}


def gateway() -> FastAPI:
    """Answers as the test tells it to (``app.state.mode``), keeping what it received."""
    app = FastAPI()
    app.state.received, app.state.mode = [], "ok"

    @app.post("/checks")
    async def checks(request: Request):
        app.state.received.append((dict(request.headers), await request.json()))
        mode = app.state.mode
        if mode == "consent":
            return JSONResponse(
                {
                    "detail": "consent expired",
                    "errors": [
                        {"field": "consent", "rule": "expired", "message": "consent expired"}
                    ],
                },
                status_code=422,
            )
        if mode == "down":
            return JSONResponse({"detail": "circuit open"}, status_code=503)
        if mode == "slow":
            await asyncio.sleep(2)
        return ANSWER

    return app


REQUEST = CheckRequest(
    kind="civil_affairs",
    id_number="11010519491231002X",
    name="张小三",
    person_key="k" * 64,
    case_reference="gr-1",
    station_code="XZ01",
    idempotency_key="aid-chk-1",
    consent={
        "consent_id": "cns-1",
        "given_by": "worker",
        "given_at": "2026-11-01T10:00:00+08:00",
        "purpose": "aid_eligibility",
        "valid_until": "2027-06-30",
        "scopes": ["civil_affairs"],
        "recorded_by": "staff-xz",
    },
)


async def test_it_sends_the_contract_and_returns_the_answer():
    app = gateway()
    async with served(app) as url:
        answer = await HttpGovernmentChecks(url + "/").check(REQUEST, bearer_token="tok-1")
    assert answer == ANSWER
    ((headers, body),) = app.state.received
    assert headers["authorization"] == "Bearer tok-1"
    assert headers["idempotency-key"] == "aid-chk-1"
    assert body == {
        "kind": "civil_affairs",
        "id_number": "11010519491231002X",
        "name": "张小三",
        "person_key": "k" * 64,
        "purpose": "aid_eligibility",
        "case": {"service": "aid", "reference": "gr-1", "station_code": "XZ01"},
        "consent": REQUEST.consent,
    }


async def test_refusals_and_outages_become_clear_errors():
    app = gateway()
    async with served(app) as url:
        port = HttpGovernmentChecks(url, timeout=0.5)
        app.state.mode = "consent"
        with pytest.raises(RuleViolation) as refused:
            await port.check(REQUEST, bearer_token="t")
        assert (refused.value.field, refused.value.rule) == ("consent", "expired")
        app.state.mode = "down"
        with pytest.raises(GovernmentUnavailable, match="circuit open"):
            await port.check(REQUEST, bearer_token="t")
        app.state.mode = "slow"
        with pytest.raises(GovernmentUnavailable, match="in time"):
            await port.check(REQUEST, bearer_token="t")
    with pytest.raises(GovernmentUnavailable, match="unreachable"):
        await HttpGovernmentChecks(url).check(REQUEST, bearer_token="t")
