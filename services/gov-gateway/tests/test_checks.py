"""Ask: ``POST /checks`` against the real simulator — the answer, consent required and checked
before any query, station scope, idempotency, audit, the query record, 503 and 504."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from gov_gateway_fixtures import (
    ADMIN_XZ,
    FED_ADMIN,
    STAFF_JD,
    STAFF_XZ,
    check_body,
    consent,
    gateway,
    load_simulator,
    simulator,
    stats,
)


def fixed_person(n: int) -> str:
    return list(load_simulator().people.fixed_people())[n]


async def test_social_insurance_and_civil_affairs_answers_come_back(gw, sim):
    lapsed = fixed_person(1)  # lapsed, 4 months, on the minimum living guarantee (低保)
    si = await gw.post("/checks", json=check_body(id_number=lapsed), headers=STAFF_XZ)
    ca = await gw.post(
        "/checks", json=check_body("civil_affairs", id_number=lapsed), headers=STAFF_XZ
    )
    assert si.status_code == 200, si.text
    assert si.json()["social_insurance"] == {
        "status": "lapsed", "months_paid_last_12": 4, "insured_since": "1998-03-01",
    }  # fmt: skip
    assert si.json()["civil_affairs"] is None and si.json()["kind"] == "social_insurance"
    assert ca.json()["civil_affairs"] == {
        "minimum_living_guarantee": True, "extreme_poverty": False,
        "temporary_assistance_last_12_months": False,
    }  # fmt: skip
    assert ca.json()["social_insurance"] is None
    assert set(si.json()) == {
        "query_id", "kind", "asked_at", "answered_at", "social_insurance", "civil_affairs"
    }  # fmt: skip
    assert (await stats(sim))["queries"] == {"social_insurance": 1, "civil_affairs": 1}


async def test_any_valid_id_number_gets_a_stable_answer(gw):
    body = check_body()
    first = await gw.post("/checks", json=body, headers=STAFF_XZ)
    again = await gw.post("/checks", json=body | {"consent": consent()}, headers=STAFF_XZ)
    assert first.json()["social_insurance"] == again.json()["social_insurance"]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"consent": None}, "required"),
        (
            {"consent": consent(valid_until=(date.today() - timedelta(days=1)).isoformat())},
            "expired",
        ),
        ({"consent": consent(purpose="grievance_support")}, "purpose_mismatch"),
        ({"consent": consent(scopes=["civil_affairs"])}, "scope_missing"),
        (
            {"consent": consent(given_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())},
            "given_in_future",
        ),
    ],
)
async def test_without_a_covering_consent_nothing_is_asked(gw, sim, change, rule):
    body = check_body() | change
    response = await gw.post("/checks", json=body, headers=STAFF_XZ)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "consent"
    assert response.json()["errors"][0]["rule"] == rule
    assert (await stats(sim))["queries"] == {}
    assert (await gw.get("/queries", headers=FED_ADMIN)).json()["total"] == 0


async def test_a_missing_consent_key_is_the_same_as_none(gw, sim):
    body = {k: v for k, v in check_body().items() if k != "consent"}
    response = await gw.post("/checks", json=body, headers=STAFF_XZ)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "consent", "rule": "required",
        "message": "a government check needs the worker's recorded consent",
    }  # fmt: skip
    assert (await stats(sim))["queries"] == {}


async def test_the_id_number_and_person_key_must_match_and_be_valid(gw, sim):
    body = check_body()
    number = body["id_number"]
    wrong_digit = "1" if number[-1] == "0" else "0"  # never the right check digit by chance
    wrong_key = await gw.post("/checks", json=body | {"person_key": "0" * 64}, headers=STAFF_XZ)
    bad_number = await gw.post(
        "/checks", json=body | {"id_number": number[:17] + wrong_digit}, headers=STAFF_XZ
    )
    assert wrong_key.json()["errors"][0]["field"] == "person_key"
    assert bad_number.json()["errors"][0]["field"] == "id_number"
    assert (await stats(sim))["queries"] == {}


async def test_station_staff_ask_only_for_their_own_stations(gw, sim):
    response = await gw.post("/checks", json=check_body(), headers=STAFF_JD)
    assert response.status_code == 403
    assert (await gw.post("/checks", json=check_body())).status_code == 401
    assert (await stats(sim))["queries"] == {}


async def test_the_same_idempotency_key_asks_once(gw, sim):
    body, key = check_body(), {"Idempotency-Key": "aid-hf-1-si"}
    first = await gw.post("/checks", json=body, headers=STAFF_XZ | key)
    again = await gw.post("/checks", json=body, headers=STAFF_XZ | key)
    other = await gw.post("/checks", json=check_body("civil_affairs"), headers=STAFF_XZ | key)
    assert first.json() == again.json()
    assert other.status_code == 409 and other.json()["errors"][0]["rule"] == "reused"
    assert (await stats(sim))["queries"] == {"social_insurance": 1}


async def test_every_query_is_in_the_audit_and_the_record_of_queries(gw):
    mine = check_body()
    fed_case = check_body(case={"service": "aid", "reference": "g-77", "station_code": "JD02"})
    assert (await gw.post("/checks", json=mine, headers=STAFF_XZ)).status_code == 200
    assert (await gw.post("/checks", json=fed_case, headers=FED_ADMIN)).status_code == 200
    everything = (await gw.get("/audit", headers=FED_ADMIN)).json()
    assert everything["total"] == 2
    newest = everything["items"][0]
    assert newest["actor"] == "fed-admin" and newest["station_code"] == "JD02"
    assert newest["case_reference"] == "aid:g-77" and newest["outcome"] == "answered"
    assert newest["summary"]["answered"] and newest["summary"]["consent_id"]
    ours = (await gw.get("/audit", headers=ADMIN_XZ)).json()
    assert [e["actor"] for e in ours["items"]] == ["staff-xz"]
    assert (await gw.get("/audit", headers=STAFF_XZ)).status_code == 403
    assert mine["id_number"] not in str(everything)

    listed = (await gw.get("/queries?size=1&page=1", headers=FED_ADMIN)).json()
    assert listed["total"] == 2 and len(listed["items"]) == 1
    station = (await gw.get("/queries", headers=STAFF_XZ)).json()
    assert station["total"] == 1
    query = station["items"][0]
    assert query["id_number_masked"] == mine["id_number"][:4] + "*" * 10 + mine["id_number"][-4:]
    assert query["answer"]["status"] in ("contributing", "lapsed", "none")
    detail = (await gw.get(f"/queries/{query['id']}", headers=STAFF_XZ)).json()
    assert detail["consent"]["consent_id"] == mine["consent"]["consent_id"]
    assert (await gw.get(f"/queries/{query['id']}", headers=STAFF_JD)).status_code == 404
    filtered = await gw.get("/queries?kind=civil_affairs", headers=FED_ADMIN)
    assert filtered.json()["total"] == 0


async def test_unavailable_government_answers_503_and_the_query_is_audited(gw, sim):
    await sim.post("/_sim/down")
    response = await gw.post("/checks", json=check_body(), headers=STAFF_XZ)
    assert response.status_code == 503
    assert "unavailable" in response.json()["detail"]
    entry = (await gw.get("/audit", headers=FED_ADMIN)).json()["items"][0]
    assert entry["outcome"] == "unavailable" and not entry["summary"]["answered"]
    await sim.post("/_sim/up")
    assert (await gw.post("/checks", json=check_body(), headers=STAFF_XZ)).status_code == 200


async def test_the_circuit_opens_and_comes_back_after_the_cooldown(database_url):
    async with (
        simulator(down=True) as sim,
        gateway(database_url, sim.url, breaker_failures=2, breaker_cooldown_seconds=0.3) as gw,
    ):
        tried = await gw.post("/checks", json=check_body(), headers=STAFF_XZ)
        assert tried.status_code == 503 and "circuit_open" in tried.json()["detail"]
        opened = await gw.post("/checks", json=check_body(), headers=STAFF_XZ)
        assert opened.status_code == 503 and "circuit_open" in opened.json()["detail"]
        assert "Retry-After" in opened.headers
        await sim.post("/_sim/up")
        await asyncio.sleep(0.35)  # the cool-down: then one trial call, which succeeds
        assert (await gw.post("/checks", json=check_body(), headers=STAFF_XZ)).status_code == 200


async def test_a_slow_government_answers_504(database_url):
    async with (
        simulator(latency_ms=400) as sim,
        gateway(database_url, sim.url, government_timeout_seconds=0.1, retry_attempts=2) as gw,
    ):
        response = await gw.post("/checks", json=check_body(), headers=STAFF_XZ)
        assert response.status_code == 504
        entry = (await gw.get("/audit", headers=FED_ADMIN)).json()["items"][0]
        assert entry["outcome"] == "timeout"
