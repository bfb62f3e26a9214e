"""The delivery job without a broker: a refusal is final and shown, the federation queues it
again; while the government is down nothing is sent and nothing is lost."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from gov_gateway_fixtures import FED_ADMIN, STAFF_JD, STAFF_XZ, gateway, simulator, stats

from unionfed.common.events.contracts import grievance
from unionfed.common.events.envelope import EventEnvelope
from unionfed.gov_gateway.service import watch
from unionfed.gov_gateway.service.deliveries import deliver_due
from unionfed.gov_gateway.service.gauges import refresh_gauges


async def refer(gw, case_id: str, category: str = "unpaid_wages") -> None:
    data = grievance.CaseReferred(
        case_id=case_id, station_code="XZ01", category=category, employer_key="k",
        workers_affected=2, collective=False, at=datetime.now(UTC), target="labour_inspection",
    )  # fmt: skip
    handler = watch.grievance_handlers(gw.runtime.gateway.clock)[data.event_type]
    async with gw.runtime.uow() as uow:
        await handler(EventEnvelope("e", "/t", data.event_type, data.at, case_id, data), uow)
        await uow.commit()


async def run_job(gw) -> int:
    return await deliver_due(gw.runtime.uow, gw.runtime.gateway)


async def test_an_acknowledged_referral_is_sent_once_with_the_bureau_reference(gw, sim):
    await refer(gw, "g-d-1")
    assert await run_job(gw) == 1
    assert await run_job(gw) == 0  # nothing due any more
    listed = (await gw.get("/deliveries", headers=FED_ADMIN)).json()
    assert listed["items"][0]["status"] == "sent"
    assert listed["items"][0]["receipt"]["bureau_reference"].startswith("LI-")
    assert listed["counts"] == {"sent": 1}
    referral = (await gw.get("/referrals", headers=STAFF_XZ)).json()["items"][0]
    assert referral["status"] == "received" and referral["bureau_reference"]
    assert (await gw.get("/referrals", headers=STAFF_JD)).json()["total"] == 0
    assert (await stats(sim))["referrals"]["distinct"] == 1


async def test_while_the_government_is_down_deliveries_wait_with_their_next_try(gw, sim):
    await refer(gw, "g-d-2")
    await sim.post("/_sim/down")
    assert await run_job(gw) == 0
    row = (await gw.get("/deliveries?status=pending", headers=STAFF_XZ)).json()["items"][0]
    assert row["attempts"] == 1 and row["last_error"] == "retries_exhausted"
    assert row["next_attempt_at"] > row["created_at"]
    assert (await gw.get("/deliveries", headers=STAFF_JD)).json()["total"] == 0


async def test_a_refused_delivery_fails_visibly_and_can_be_queued_again(gw, sim):
    # A request the bureau cannot take (the simulator refuses a referral without its id).
    async with gw.runtime.uow() as uow:
        await uow.deliveries.enqueue(
            kind="referral", subject_id="li-unknown", station_code="XZ01",
            idempotency_key="referral:li-unknown", path=watch.REFERRAL_PATH,
            payload={"category": "dismissal"}, identity=None, now=datetime.now(UTC),
        )  # fmt: skip
        await uow.commit()
    assert await run_job(gw) == 0
    failed = (await gw.get("/deliveries?status=failed", headers=FED_ADMIN)).json()["items"]
    assert len(failed) == 1 and "422" in failed[0]["last_error"]
    delivery_id = failed[0]["id"]
    assert await run_job(gw) == 0 and (await stats(sim))["referrals"]["requests"] == 1
    assert (await gw.post(f"/deliveries/{delivery_id}/retry", headers=STAFF_XZ)).status_code == 403
    again = await gw.post(f"/deliveries/{delivery_id}/retry", headers=FED_ADMIN)
    assert again.status_code == 200 and again.json()["status"] == "pending"
    assert (await gw.post(f"/deliveries/{delivery_id}/retry", headers=FED_ADMIN)).status_code == 409
    assert (await gw.post("/deliveries/999999/retry", headers=FED_ADMIN)).status_code == 404


async def test_federation_it_sees_deliveries_waiting_and_the_open_circuit(database_url):
    async with (
        simulator(down=True) as sim,
        gateway(database_url, sim.url, breaker_failures=1, breaker_cooldown_seconds=60) as gw,
    ):
        await refer(gw, "g-d-9")
        assert await run_job(gw) == 0
        await refresh_gauges(gw.runtime.uow, gw.runtime.gateway, gw.runtime.gauges)
        text = (await gw.get("/metrics")).text
    assert 'unionfed_gov_deliveries{status="pending"} 1.0' in text
    assert 'unionfed_gov_deliveries{status="sent"} 0.0' in text
    assert 'unionfed_gov_circuit_open{system="hrss"} 1.0' in text
    waited = re.search(r"^unionfed_gov_delivery_oldest_pending_seconds (\S+)$", text, re.M)
    assert 0 < float(waited.group(1)) < 60
