"""On a real broker, against the real simulator: aid paid and cases referred reach the
government exactly once — also when it is down for a while, and when the gateway process is
killed in the middle of a delivery; the bureau's status comes back signed and goes out on the
``gov`` topic, which carries no personal data.

Station codes and deployments are new in every test: the broker keeps earlier events (the
gateway also delivers those to this test's simulator; we count only ours).
"""

from __future__ import annotations

import asyncio
import signal
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from gov_gateway_fixtures import (
    FED_ADMIN,
    check_body,
    free_port,
    gateway,
    person_key,
    simulator,
    stats,
)

from unionfed.common.auth import Role
from unionfed.common.events.contracts import aid, grievance
from unionfed.common.testing.people import resident_id
from unionfed.common.testing.polling import until
from unionfed.common.testing.privacy import numbers_that_look_personal
from unionfed.common.testing.serving import service_process
from unionfed.common.testing.tokens import token
from unionfed.common.testing.topics import read_topic, send

pytestmark = pytest.mark.kafka
FAST = {
    "delivery_interval_seconds": 0.2,
    "delivery_backoff_base_seconds": 0.2,
    "delivery_backoff_max_seconds": 1.0,
    "breaker_failures": 3,
    "breaker_cooldown_seconds": 0.5,
}


def disbursed(station: str, key: str, amount: str = "600.00") -> aid.GrantDisbursed:
    return aid.GrantDisbursed(
        grant_id=f"g-{uuid.uuid4().hex[:10]}", program_id="p-1", program_kind="winter_visit",
        period="2027-spring-festival", year=2027, station_code=station, member_id="m-1",
        person_key=key, amount=Decimal(amount), at=datetime.now(UTC), method="bank_transfer",
        disbursed_on=date(2027, 1, 20), payment_reference="pay-1",
    )  # fmt: skip


def referred(station: str, category: str) -> grievance.CaseReferred:
    return grievance.CaseReferred(
        case_id=f"g-{uuid.uuid4().hex[:10]}", station_code=station, category=category,
        employer_key="91320102MA1XYZ0001", employer_credit_code="91320102MA1XYZ0001",
        workers_affected=12, collective=True, at=datetime.now(UTC), target="labour_inspection",
    )  # fmt: skip


async def deliveries(gw, station: str) -> list[dict]:
    return (await gw.get(f"/deliveries?station={station}&size=100", headers=FED_ADMIN)).json()[
        "items"
    ]


async def test_down_then_back_every_report_and_referral_once_and_status_comes_back(
    database_url, kafka_bootstrap
):
    run = uuid.uuid4().hex[:6].upper()
    station, name = f"XZ-{run}", f"gw-{run.lower()}"
    port = free_port()
    known = resident_id()
    async with (
        simulator(callback_url=f"http://127.0.0.1:{port}") as sim,
        gateway(database_url, sim.url, kafka=kafka_bootstrap, port=port, name=name, **FAST) as gw,
    ):
        staff = token(Role.station_staff, stations=(station,), subject="clerk")
        check = check_body(id_number=known)
        check["case"]["station_code"] = station
        assert (await gw.post("/checks", json=check, headers=staff)).status_code == 200

        await sim.post("/_sim/down")
        grants = [disbursed(station, person_key(known))]
        grants += [disbursed(station, person_key(resident_id())) for _ in range(3)]
        cases = [referred(station, "unpaid_wages"), referred(station, "social_insurance")]
        for g in grants:
            await send(kafka_bootstrap, g, subject=g.grant_id, station=station)
        for c in [*cases, referred(station, "dismissal")]:
            await send(kafka_bootstrap, c, subject=c.case_id, station=station)

        async def queued_and_tried() -> bool:
            rows = await deliveries(gw, station)
            return len(rows) == 6 and any(r["attempts"] >= 1 for r in rows)

        try:
            await until(queued_and_tried, timeout=60)
        except AssertionError:
            everything = (await gw.get("/deliveries?size=5", headers=FED_ADMIN)).json()
            raise AssertionError((await deliveries(gw, station), everything)) from None
        await asyncio.sleep(1.0)  # down a while longer: tried again, still not lost
        rows = await deliveries(gw, station)
        assert {r["status"] for r in rows} == {"pending"}, rows
        tried = [r for r in rows if r["attempts"]]
        assert tried and all(r["next_attempt_at"] and r["last_error"] for r in tried)
        await sim.post("/_sim/up")

        async def all_sent() -> bool:
            return {r["status"] for r in await deliveries(gw, station)} == {"sent"}

        await until(all_sent, timeout=60)
        counted = await stats(sim)
        ours = {g.grant_id for g in grants}
        receipts = [r for r in counted["aid_reports"]["receipts"].values() if r["grant_id"] in ours]
        assert len(receipts) == 4  # one receipt per grant: exactly once, as civil affairs sees it
        by_grant = {r["grant_id"]: r["identity_status"] for r in receipts}
        assert by_grant.pop(grants[0].grant_id) == "identified"
        assert set(by_grant.values()) == {"identity_unknown"}
        referrals = {r["case_id"]: r for r in sim.state.referrals.values()}
        assert {c.case_id for c in cases} <= set(referrals)
        assert sum(1 for r in referrals.values() if r["case_id"] in {c.case_id for c in cases}) == 2
        identities = {r["subject_id"]: r["identity"] for r in await deliveries(gw, station)}
        assert identities[grants[0].grant_id] == "identified"

        first = f"li-{cases[0].case_id}"
        for expected in ("investigating", "concluded"):
            moved = await sim.post(
                f"/_sim/referrals/{first}/advance", json={"outcome": "wages_paid"}
            )
            assert moved.json()["delivered"] == 1, moved.text
            assert moved.json()["update"]["status"] == expected
        listed = (await gw.get("/referrals?size=500", headers=FED_ADMIN)).json()["items"]
        mine = {r["id"]: r for r in listed}
        assert mine[first]["status"] == "concluded" and mine[first]["outcome"] == "wages_paid"
        assert mine[f"li-{cases[1].case_id}"]["status"] == "received"

    events = await read_topic(kafka_bootstrap, "gov", {f"/unionfed/gov-gateway/{name}"})
    delivered = [e["data"]["grant_id"] for e in events if e["type"].startswith("gov.aid_report")]
    assert sorted(g for g in delivered if g in ours) == sorted(ours)
    statuses = [
        (e["data"]["case_id"], e["data"]["status"])
        for e in events
        if e["type"] == "gov.referral.status_changed.v1"
    ]
    assert statuses.count((cases[0].case_id, "received")) == 1
    assert [s for c, s in statuses if c == cases[0].case_id] == [
        "received", "investigating", "concluded",
    ]  # fmt: skip
    assert [s for c, s in statuses if c == cases[1].case_id] == ["received"]
    scanned = " ".join(e["raw"] for e in events)
    assert known not in scanned and "困难职工甲" not in scanned
    assert numbers_that_look_personal(scanned) == []  # no ID or mobile number at all
    forbidden = {"id_number", "name", "phone", "mobile", "person_key"}
    assert not any(forbidden & set(e["data"]) for e in events)


def gateway_process(database_url: str, government_url: str, bootstrap: str, name: str):
    """``unionfed-gov-gateway serve`` as its own process, as a deployment runs it."""
    return service_process(
        "unionfed.gov_gateway.cli",
        "UNIONFED_GOV_GATEWAY_",
        FAST
        | {
            "database_url": database_url,
            "kafka_bootstrap_servers": bootstrap,
            "deployment_id": name,
            "government_url": government_url,
            "delivery_lease_seconds": 1.0,
            "government_timeout_seconds": 10,
        },
    )


async def test_a_gateway_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(
    postgres_url, kafka_bootstrap
):
    """SIGKILL while the government holds the request: it has issued its receipt, the gateway
    never marked the delivery sent. The restarted process sends it again with the same
    Idempotency-Key; the government still counts one receipt, the topic one delivered event."""
    run = uuid.uuid4().hex[:6].upper()
    station, name = f"HQ-{run}", f"gw-{run.lower()}"
    async with simulator() as sim:
        drained = disbursed(station, person_key(resident_id()))
        caught = disbursed(station, person_key(resident_id()))

        async def sent(grant_id: str, client) -> bool:
            rows = await deliveries(client, station)
            return any(r["subject_id"] == grant_id and r["status"] == "sent" for r in rows)

        async with gateway_process(postgres_url, sim.url, kafka_bootstrap, name) as gw:
            # First the topic's backlog and one of ours, so the next one is sent alone.
            await send(kafka_bootstrap, drained, subject=drained.grant_id, station=station)
            await until(lambda: sent(drained.grant_id, gw), timeout=90)
            await sim.post("/_sim/config", json={"latency_ms": 3000})
            await send(kafka_bootstrap, caught, subject=caught.grant_id, station=station)
            key = f"aid-report:{caught.grant_id}"

            async def received() -> bool:
                return (await stats(sim))["aid_reports"]["requests_by_key"].get(key, 0) >= 1

            await until(received, timeout=30, every=0.05)
            gw.process.send_signal(signal.SIGKILL)
            gw.process.wait(timeout=10)
        await sim.post("/_sim/config", json={"latency_ms": 0})
        async with gateway_process(postgres_url, sim.url, kafka_bootstrap, name) as gw:
            await until(lambda: sent(caught.grant_id, gw), timeout=30)
            row = next(
                r for r in await deliveries(gw, station) if r["subject_id"] == caught.grant_id
            )
        counted = await stats(sim)
    assert counted["aid_reports"]["requests_by_key"][key] == 2  # sent again after the restart
    receipts = [
        r for r in counted["aid_reports"]["receipts"].values() if r["grant_id"] == caught.grant_id
    ]
    assert len(receipts) == 1  # and still one receipt: the same one came back
    assert row["receipt"]["receipt_reference"] == receipts[0]["receipt_reference"]
    events = await read_topic(kafka_bootstrap, "gov", {f"/unionfed/gov-gateway/{name}"})
    delivered = [
        e["data"]["grant_id"] for e in events if e["type"] == "gov.aid_report.delivered.v1"
    ]
    assert delivered.count(caught.grant_id) == 1 and delivered.count(drained.grant_id) == 1
