"""Tampered and replayed requests are refused both ways: at the gateway (bureau callbacks, the
partner API) and at the simulator (the government side); a good one goes through once."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from gov_gateway_fixtures import gateway, signed, stats

from unionfed.common.events.contracts import grievance
from unionfed.common.events.envelope import EventEnvelope
from unionfed.gov_gateway import signing
from unionfed.gov_gateway.service import watch

PARTNER = ("mca-desk", "dev-only-partner-secret-of-civil-affairs")
PARTNERS = {PARTNER[0]: {"secret": PARTNER[1], "scopes": ["aid.received", "referral.status"],
                         "department": "labour_inspection"}}  # fmt: skip
BUREAU = (signing.DEV_BUREAU_KEY_ID, signing.DEV_BUREAU_SECRET)


def attacks(key_id: str, secret: str, method: str, path: str, body: dict):
    """(name, headers, content): each a way a request is altered or replayed."""
    headers, content = signed(key_id, secret, method, path, body)
    tampered = json.dumps(body | {"tampered": True}).encode()
    wrong, _ = signed(key_id, "not-the-secret-at-all-000000000", method, path, body)
    stale, _ = signed(key_id, secret, method, path, body, now=time.time() - 3600)
    return (
        headers,
        content,
        [
            ("tampered_body", headers, tampered, "bad_signature"),
            ("wrong_signature", wrong, content, "bad_signature"),
            ("stale_timestamp", stale, content, "stale_timestamp"),
            ("replayed_nonce", headers, content, "replayed_nonce"),
        ],
    )


@pytest.fixture
async def desk(database_url, sim):
    async with gateway(database_url, sim.url, partners=PARTNERS) as client:
        handlers = watch.grievance_handlers(client.runtime.gateway.clock)
        event = grievance.CaseReferred(
            case_id="g-sig-1", station_code="XZ01", category="unpaid_wages",
            employer_key="k", workers_affected=1, collective=False, at=datetime.now(UTC),
            target="labour_inspection",
        )  # fmt: skip
        async with client.runtime.uow() as uow:
            await handlers[event.event_type](
                EventEnvelope("e1", "/t", event.event_type, event.at, "g-sig-1", event), uow
            )
            await uow.commit()
        yield client


async def test_the_gateway_refuses_altered_or_replayed_callbacks(desk):
    path = "/callbacks/referrals/li-g-sig-1/status"
    update = {"update_id": "u-1", "status": "investigating", "bureau_reference": "LI-1",
              "at": datetime.now(UTC).isoformat()}  # fmt: skip
    headers, content, cases = attacks(*BUREAU, "POST", path, update)
    good = await desk.post(path, headers=headers, content=content)
    assert good.status_code == 200, good.text
    assert good.json()["status"] == "investigating"
    for name, h, c, reason in cases:
        refused = await desk.post(path, headers=h, content=c)
        assert refused.status_code == 401, name
        assert refused.json()["detail"] == f"signature refused: {reason}", name
    # A partner's credential does not sign callbacks.
    h, c = signed(*PARTNER, "POST", path, update | {"update_id": "u-2"})
    assert (await desk.post(path, headers=h, content=c)).status_code == 401


async def test_a_repeated_callback_is_applied_once(desk):
    path = "/callbacks/referrals/li-g-sig-1/status"
    update = {"update_id": "u-9", "status": "investigating", "at": datetime.now(UTC).isoformat()}
    for expected in (False, True):  # the bureau sends it again, with a new nonce
        h, c = signed(*BUREAU, "POST", path, update)
        assert (await desk.post(path, headers=h, content=c)).json()["duplicate"] is expected
    older = update | {"update_id": "u-10", "status": "received"}
    h, c = signed(*BUREAU, "POST", path, older)
    assert (await desk.post(path, headers=h, content=c)).json()["applied"] is False
    h, c = signed(*BUREAU, "POST", "/callbacks/referrals/li-nobody/status", update)
    assert (await desk.post("/callbacks/referrals/li-nobody/status", headers=h,
                            content=c)).status_code == 404  # fmt: skip


async def test_the_gateway_refuses_altered_or_replayed_partner_requests(desk):
    path = "/partner/aid-received"
    body = {"id_number": "320102198001010014", "from": "2026-01-01", "to": "2026-12-31"}
    headers, content, cases = attacks(*PARTNER, "POST", path, body)
    good = await desk.post(path, headers=headers, content=content)
    assert good.status_code in (200, 422), good.text  # signed well: it reached the rules
    for name, h, c, reason in cases:
        refused = await desk.post(path, headers=h, content=c)
        assert refused.status_code == 401, name
        assert refused.json()["detail"] == f"signature refused: {reason}", name
    query = "/partner/referrals?status=queued"
    h, c = signed(*PARTNER, "GET", query)
    assert (await desk.get(query, headers=h)).status_code == 200
    h, c = signed(*PARTNER, "GET", query)
    assert (await desk.get("/partner/referrals?status=sent", headers=h)).status_code == 401


async def test_the_simulator_refuses_altered_or_replayed_requests(sim):
    path = "/mca/v1/aid-reports"
    body = {"grant_id": f"g-{uuid.uuid4().hex[:6]}", "person_key": "k" * 64}
    key = (signing.DEV_GATEWAY_KEY_ID, signing.DEV_GATEWAY_SECRET)
    headers, content = signed(*key, "POST", path, body, idempotency_key="aid-report:x")
    async with httpx.AsyncClient(base_url=sim.url) as client:
        assert (await client.post(path, headers=headers, content=content)).status_code == 201
        _, _, cases = attacks(*key, "POST", path, body)
        swapped_key = headers | {signing.IDEMPOTENCY_KEY: "aid-report:y"}
        for name, h, c, reason in [
            *cases[:3],
            ("replayed_nonce", headers, content, "replayed_nonce"),
            ("changed_idempotency_key", swapped_key, content, "bad_signature"),
        ]:
            refused = await client.post(path, headers=h, content=c)
            assert refused.status_code == 401, name
            assert refused.json()["detail"] == f"signature refused: {reason}", name
    counted = await stats(sim)
    assert counted["aid_reports"]["distinct"] == 1 and counted["aid_reports"]["requests"] == 1
    assert counted["refused"] == {"bad_signature": 3, "stale_timestamp": 1, "replayed_nonce": 1}
