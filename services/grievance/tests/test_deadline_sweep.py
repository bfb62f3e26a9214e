"""Deadlines in working days, the overdue sweep and its escalation, with a controlled clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from grievance_fixtures import STAFF_XZ, case_body, deployment
from sqlalchemy import select

from unionfed.grievance.service.deadline_sweep import sweep_deadlines


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def desk(database_url):
    # Thursday before Spring Festival 2026: the holiday and its make-up Saturday shape the dates.
    clock = Clock(datetime(2026, 2, 12, 9, 0, tzinfo=UTC))
    async with deployment(database_url, clock=clock) as client:
        client.clock = clock
        yield client


async def sweep(client) -> int:
    return await sweep_deadlines(client.runtime.uow, client.runtime.desk)


async def published(client) -> list[str]:
    outbox = client.runtime.tables.outbox
    async with client.runtime.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.event_type).order_by(outbox.c.seq))
        return [r.event_type.removeprefix("grievance.case.") for r in rows]


async def test_accept_deadline_skips_spring_festival_and_is_swept_when_missed(desk):
    case = (await desk.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    assert case["deadlines"] == {"accept_by": "2026-02-24"}

    desk.clock.now = datetime(2026, 2, 24, 18, 0, tzinfo=UTC)
    assert await sweep(desk) == 0  # due today: not late yet
    desk.clock.now = datetime(2026, 2, 25, 9, 0, tzinfo=UTC)
    assert await sweep(desk) == 1
    assert await sweep(desk) == 0  # reported once

    late = (await desk.get(f"/cases/{case['id']}", headers=STAFF_XZ)).json()
    assert late["overdue"] == ["accept_by"] and late["escalated"]
    assert late["timeline"][-1]["action"] == "escalate"
    assert await published(desk) == ["filed.v1", "overdue.v1", "escalated.v1"]


async def test_mediation_past_fifteen_days_tells_of_arbitration(desk):
    case = (await desk.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    for step, body in (("accept", {}), ("assign", {"handler": "h"}), ("mediate", {})):
        await desk.post(f"/cases/{case['id']}/steps/{step}", json=body, headers=STAFF_XZ)
    mediating = (await desk.get(f"/cases/{case['id']}", headers=STAFF_XZ)).json()
    assert mediating["deadlines"]["mediation_by"] == "2026-02-27"  # 15 calendar days

    desk.clock.now = datetime(2026, 2, 28, 9, 0, tzinfo=UTC)
    assert await sweep(desk) == 1
    late = (await desk.get(f"/cases/{case['id']}", headers=STAFF_XZ)).json()
    assert late["overdue"] == ["mediation_by"]
    assert "labour arbitration" in late["timeline"][-1]["note"]


async def test_a_case_resolved_in_time_is_never_overdue(desk):
    case = (await desk.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    for step, body in (
        ("accept", {}),
        ("assign", {"handler": "h"}),
        ("resolve", {"outcome": "settled"}),
    ):
        await desk.post(f"/cases/{case['id']}/steps/{step}", json=body, headers=STAFF_XZ)
    desk.clock.now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert await sweep(desk) == 0


async def test_the_accept_deadline_is_configurable_per_category(database_url):
    clock = Clock(datetime(2026, 2, 12, 9, 0, tzinfo=UTC))
    async with deployment(
        database_url, clock=clock, accept_working_days_by_category={"unpaid_wages": 1}
    ) as client:
        wages = (await client.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
        other = (
            await client.post("/cases", json=case_body(category="dismissal"), headers=STAFF_XZ)
        ).json()
    assert wages["deadlines"]["accept_by"] == "2026-02-13"
    assert other["deadlines"]["accept_by"] == "2026-02-24"
