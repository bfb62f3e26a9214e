"""On a real broker: a case referred to labour inspection hears back through the ``gov``
topic — the bureau's status (received, investigating, concluded with its outcome, the bureau's
reference) goes on the case's timeline, once per status; the case's own status is unchanged.
Another deployment's case is skipped. Station codes are new in every test (the broker keeps
earlier events)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from grievance_fixtures import case_body, deployment

from unionfed.common.auth import Role
from unionfed.common.events.contracts.gov import ReferralStatusChanged
from unionfed.common.events.envelope import kafka_headers
from unionfed.common.kafka import create_producer
from unionfed.common.outbox import PendingEvent
from unionfed.common.testing.tokens import token


async def publish_as_gateway(bootstrap: str, events: list[ReferralStatusChanged]) -> None:
    producer = create_producer(bootstrap, client_id="test-gov-gateway")
    await producer.start()
    try:
        for data in events:
            event = PendingEvent(data, subject=data.case_id)
            await producer.send_and_wait(
                "gov",
                key=data.case_id.encode(),
                value=data.model_dump_json().encode(),
                headers=kafka_headers(
                    event_id=event.id, source="/unionfed/gov-gateway/test",
                    event_type=data.event_type, time=event.occurred_at, subject=data.case_id,
                    station=data.station_code, correlation_id=None,
                ),
            )  # fmt: skip
    finally:
        await producer.stop()


def status(case_id: str, station: str, value: str, **extra) -> ReferralStatusChanged:
    return ReferralStatusChanged(
        referral_id=f"li-{case_id}", case_id=case_id, station_code=station, status=value,
        at=datetime.now(UTC), **extra,
    )  # fmt: skip


async def test_the_bureaus_status_reaches_the_case_timeline(
    database_url, tmp_path, kafka_bootstrap
):
    run = uuid.uuid4().hex[:6].upper()
    station = f"XZ-{run}"
    staff = token(Role.station_staff, stations=(station,), subject="clerk")
    async with deployment(
        database_url, name=f"gov-{run}", stations=[station], kafka=kafka_bootstrap,
        evidence_dir=str(tmp_path / "evidence"),
    ) as desk:  # fmt: skip
        filed = await desk.post("/cases", json=case_body(station), headers=staff)
        case_id = filed.json()["id"]
        for step, body in [("accept", {}), ("assign", {"handler": "李专干"}),
                           ("refer", {"target": "labour_inspection"})]:  # fmt: skip
            response = await desk.post(f"/cases/{case_id}/steps/{step}", json=body, headers=staff)
            assert response.status_code == 200, response.text
        await publish_as_gateway(
            kafka_bootstrap,
            [
                status("g-elsewhere", station, "received"),  # not this deployment's case
                status(case_id, station, "received", bureau_reference="LI-000042"),
                status(case_id, station, "investigating", bureau_reference="LI-000042"),
                status(case_id, station, "investigating", bureau_reference="LI-000042"),
                status(case_id, station, "concluded", outcome="wages_paid",
                       bureau_reference="LI-000042"),
            ],
        )  # fmt: skip

        async def noted() -> list[dict]:
            case = (await desk.get(f"/cases/{case_id}", headers=staff)).json()
            return [s for s in case["timeline"] if s["action"] == "referral_status"]

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 40
        while len(await noted()) < 3 and loop.time() < deadline:
            await asyncio.sleep(0.3)
        await asyncio.sleep(0.5)  # the repeated 'investigating' would show by now
        entries = await noted()
        case = (await desk.get(f"/cases/{case_id}", headers=staff)).json()
    assert [e["details"]["status"] for e in entries] == ["received", "investigating", "concluded"]
    assert entries[-1]["details"] == {
        "referral_id": f"li-{case_id}", "status": "concluded", "outcome": "wages_paid",
        "bureau_reference": "LI-000042",
    }  # fmt: skip
    assert {e["by"] for e in entries} == {"labour_inspection"}
    assert case["status"] == "referred"
