"""On a real broker, two aid deployments (two databases, distinct ids): members learnt from
``membership`` events, model-worker eligibility from ``model-worker`` events, a second grant
refused county-wide naming the first, a race that slipped through detected once when the events
meet, and no personal data in anything the deployments put on the ``aid`` topic.

Stations and people are new in every run: the broker keeps earlier events.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from aid_fixtures import (
    FED,
    FED_ADMIN,
    KEYER,
    Clock,
    deployment,
    household,
)

from unionfed.common.auth import Role
from unionfed.common.events.contracts import membership
from unionfed.common.events.contracts import model_worker as mw
from unionfed.common.testing.people import resident_id
from unionfed.common.testing.polling import until
from unionfed.common.testing.privacy import numbers_that_look_personal
from unionfed.common.testing.tokens import token
from unionfed.common.testing.topics import read_topic, send

pytestmark = pytest.mark.kafka


def joined(member_id: str, person_key: str, station: str) -> membership.MemberJoined:
    return membership.MemberJoined(
        member_id=member_id,
        person_key=person_key,
        station_code=station,
        union_id="u-1",
        worker_type="migrant",
        gender="female",
        birth_year=1980,
        joined_on=date(2020, 1, 1),
    )


async def knows(client, member_id: str) -> bool:
    async with client.runtime.uow() as uow:
        found = await uow.members.get(member_id)
    return bool(found and found["active"])


async def ledger_has(client, person_key: str, kind: str, period: str, count: int = 1) -> bool:
    async with client.runtime.uow() as uow:
        return len(await uow.ledger.of_person(person_key, kind, period)) >= count


async def open_program(client, station: str, period: str, kind: str = "winter_visit") -> str:
    body = {
        "kind": kind,
        "period": period,
        "year": 2027,
        "title": "2027年春节送温暖",
        "per_person_cap": "800",
        "eligibility": {"hardship_file_required": False},
    }
    r = await client.post("/programs", json=body, headers=FED_ADMIN)
    assert r.status_code == 201, r.text
    put = await client.put(
        f"/programs/{r.json()['id']}/budgets",
        json={"station_code": station, "amount": "5000"},
        headers=FED_ADMIN,
    )
    assert put.status_code == 200
    return r.json()["id"]


async def grant(client, program_id: str, member_id: str, name: str, staff: dict) -> str:
    r = await client.post(
        "/grants",
        headers=staff,
        json={"program_id": program_id, "member_id": member_id, "name": name, "reason": "长期病患"},
    )
    assert r.status_code == 201, r.text
    assert (
        await client.post(f"/grants/{r.json()['id']}/review", json={}, headers=staff)
    ).is_success
    approved = await client.post(f"/grants/{r.json()['id']}/approval", json={}, headers=FED)
    assert approved.status_code == 200, approved.text
    return r.json()["id"]


async def test_two_deployments_share_the_ledger_and_never_pay_twice_unseen(
    postgres_url, tmp_path, kafka_bootstrap
):
    run = uuid.uuid4().hex[:6].upper()
    sa, sb, period = f"A{run}", f"B{run}", f"2027-spring-festival-{run.lower()}"
    staff_a = token(Role.station_staff, stations=(sa,), subject="staff-a")
    staff_b = token(Role.station_staff, stations=(sb,), subject="staff-b")
    rid = {who: resident_id() for who in ("mw", "moved", "raced")}
    key = {who: KEYER.person_key(n) for who, n in rid.items()}
    names = {who: f"{who[0]}困难{run}" for who in rid}
    a_id, b_id = f"aid-a-{run.lower()}", f"aid-b-{run.lower()}"
    b_url = f"sqlite+aiosqlite:///{tmp_path / 'b.db'}"
    clock = Clock(date(2026, 11, 2))
    async with deployment(
        postgres_url, name=a_id, kafka=kafka_bootstrap, clock=clock, stations=[sa]
    ) as a:
        for who in rid:
            await send(
                kafka_bootstrap,
                joined(f"m-{who}-{run}", key[who], sa),
                subject=f"m-{who}-{run}",
                station=sa,
            )
        await send(
            kafka_bootstrap,
            mw.TitleAwarded(
                title_id=f"t-{run}",
                person_key=key["mw"],
                station_code=sa,
                level="county",
                sector="industry",
                at=datetime.now(UTC),
                awarded_on=date(2025, 4, 28),
                managed_until=date(2030, 4, 27),
            ),
            subject=f"t-{run}",
            station=sa,
        )
        for who in rid:
            await until(lambda who=who: knows(a, f"m-{who}-{run}"), timeout=90)
        relief = await open_program(a, sa, period, kind="model_worker_relief")
        await until(lambda: _in_force(a, key["mw"]), timeout=90)
        await grant(a, relief, f"m-mw-{run}", names["mw"], staff_a)
        program_a = await open_program(a, sa, period)
        first = await grant(a, program_a, f"m-moved-{run}", names["moved"], staff_a)
        raced_a = await grant(a, program_a, f"m-raced-{run}", names["raced"], staff_a)
        # PII-bearing steps, so that the scan below has something to find if it leaked.
        f = await a.post(
            "/hardship-files",
            headers=staff_a,
            json=household(
                member_id=f"m-raced-{run}",
                monthly_household_income="2345.67",
                cause_details=f"{names['raced']}患尿毒症",
            ),
        )
        assert f.status_code == 201, f.text
        await a.post("/grants/publicity", json={"grant_ids": [first]}, headers=staff_a)
        await a.post(
            f"/grants/{first}/objections",
            headers=staff_a,
            json={"summary": f"{names['moved']}家有车 电话13912345678"},
        )

        # B was cut off from the broker: it grants the same help to "raced" without knowing.
        async with deployment(b_url, name=b_id, clock=clock, stations=[sb]) as b:
            async with b.runtime.uow() as uow:
                await uow.members.record(f"m-raced-b-{run}", key["raced"], sb, "u-9", active=True)
                await uow.commit()
            program_b = await open_program(b, sb, period)
            raced_b = await grant(b, program_b, f"m-raced-b-{run}", names["raced"], staff_b)

        # Back on the broker (raising no alerts itself): B's approval meets A's.
        async with deployment(
            b_url,
            name=b_id,
            kafka=kafka_bootstrap,
            clock=clock,
            stations=[sb],
            raise_duplicate_alerts=False,
        ) as b:
            moved = membership.MemberTransferred(
                **joined(f"m-moved-b-{run}", key["moved"], sb).model_dump(),
                transfer_id=f"tr-{run}",
                from_member_id=f"m-moved-{run}",
                from_station_code=sa,
                from_union_id="u-1",
                transferred_on=date(2026, 11, 2),
            )
            await send(kafka_bootstrap, moved, subject=f"m-moved-{run}", station=sb)
            await until(lambda: knows(b, f"m-moved-b-{run}"), timeout=90)
            await until(lambda: ledger_has(b, key["moved"], "winter_visit", period), timeout=90)
            again = await b.post(
                "/grants",
                headers=staff_b,
                json={
                    "program_id": program_b,
                    "member_id": f"m-moved-b-{run}",
                    "name": names["moved"],
                },
            )
            assert again.status_code == 409, again.text
            assert "already granted" in again.json()["detail"]
            assert again.json()["context"]["grant_id"] == first
            assert again.json()["context"]["station_code"] == sa

            async def listed(client) -> list:
                found = (
                    await client.get("/conflicts", params={"period": period}, headers=FED)
                ).json()["items"]
                return [c for c in found if c["person_key"] == key["raced"]]

            await until(lambda: _nonempty(listed(a)), timeout=90)
            await until(lambda: _nonempty(listed(b)), timeout=90)
            (conflict,) = await listed(a)
            assert set(conflict["grant_ids"]) == {raced_a, raced_b}
            assert set(conflict["station_codes"]) == {sa, sb}
            assert (await a.get("/conflicts", headers=staff_a)).status_code == 403

    events = await read_topic(
        kafka_bootstrap, "aid", (f"/unionfed/aid/{a_id}", f"/unionfed/aid/{b_id}")
    )
    types = [e["type"] for e in events]
    for expected in (
        "aid.program.opened.v1",
        "aid.budget.set.v1",
        "aid.grant.applied.v1",
        "aid.grant.approved.v1",
        "aid.grant.publicised.v1",
        "aid.grant.objection_raised.v1",
        "aid.hardship_file.opened.v1",
    ):
        assert expected in types, expected
    # A raises every duplicate it finds on the shared broker (other tests' too); B none.
    alerts = [e for e in events if e["type"] == "aid.grant.duplicate_detected.v1"]
    assert {e["headers"]["ce_source"] for e in alerts} == {f"/unionfed/aid/{a_id}"}
    ours = [e["data"] for e in alerts if e["data"]["period"] == period]
    assert [(d["person_key"], sorted(d["grant_ids"])) for d in ours] == [
        (key["raced"], sorted([raced_a, raced_b]))
    ]
    approved = [e["data"] for e in events if e["type"] == "aid.grant.approved.v1"]
    assert {(d["member_id"], d["person_key"]) for d in approved} >= {
        (f"m-moved-{run}", key["moved"]),
        (f"m-raced-b-{run}", key["raced"]),
    }
    everything = "\n".join(e["raw"] + e["key"] + json.dumps(e["headers"]) for e in events)
    for secret in [*names.values(), *rid.values(), "尿毒症", "2345.67", "长期病患", "家有车"]:
        assert secret not in everything
    assert numbers_that_look_personal(everything) == []


async def _in_force(client, person_key: str) -> bool:
    async with client.runtime.uow() as uow:
        return await uow.titles.in_force(person_key)


async def _nonempty(awaitable) -> bool:
    return bool(await awaitable)
