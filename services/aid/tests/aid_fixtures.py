"""Test helpers for the aid service: a deployment with a settable clock and a fake government
gateway, tokens, members put where the membership events would put them, request bodies."""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, date, datetime

import httpx

from unionfed.aid.app import create_app
from unionfed.aid.cli import MIGRATIONS
from unionfed.aid.service.checks import CheckRequest, GovernmentUnavailable
from unionfed.aid.settings import DEV_PERSON_KEY_SECRET, Settings
from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.personal_data import PersonKeyer
from unionfed.common.testing.clock import Clock
from unionfed.common.testing.people import resident_id
from unionfed.common.testing.tokens import token

STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
ADMIN_XZ = token(Role.station_admin, stations=("XZ01",), subject="admin-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")
FED = token(Role.federation_staff, subject="fed-staff")
FED_ADMIN = token(Role.federation_admin, subject="fed-admin")
KEYER = PersonKeyer.from_setting(DEV_PERSON_KEY_SECRET)


class FakeGovernment:
    """The ``GovernmentChecks`` port answering like the gateway would; records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[CheckRequest, str]] = []
        self.unavailable = False

    async def check(self, request: CheckRequest, *, bearer_token: str) -> dict:
        self.calls.append((request, bearer_token))
        if self.unavailable:
            raise GovernmentUnavailable("circuit open")
        now = datetime.now(UTC).isoformat()
        civil = {
            "minimum_living_guarantee": True,
            "extreme_poverty": False,
            "temporary_assistance_last_12_months": False,
        }
        social = {"status": "lapsed", "months_paid_last_12": 4, "insured_since": "2015-03-01"}
        return {
            "query_id": f"q-{len(self.calls)}",
            "kind": request.kind,
            "asked_at": now,
            "answered_at": now,
            "civil_affairs": civil if request.kind == "civil_affairs" else None,
            "social_insurance": social if request.kind == "social_insurance" else None,
        }


@contextlib.asynccontextmanager
async def deployment(
    database_url: str,
    *,
    clock: Clock | None = None,
    name: str = "county",
    kafka: str | None = None,
    gov=None,
    **settings,
):
    await migrate_async(database_url, MIGRATIONS)
    config = Settings(
        database_url=database_url,
        deployment_id=name,
        kafka_bootstrap_servers=kafka or "unused:9092",
        **settings,
    )
    clock = clock or Clock(date(2026, 11, 2))
    gov = gov or FakeGovernment()
    app = create_app(config, kafka=kafka is not None, clock=clock, gov=gov)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            client.runtime = app.state.runtime
            client.clock, client.gov = clock, gov
            yield client


async def member(
    client,
    station: str = "XZ01",
    *,
    active: bool = True,
    rid: str | None = None,
    union_id: str = "u-1",
) -> dict:
    """A member as the membership events would have made them known (ids and key only)."""
    rid = rid or resident_id()
    member_id = f"m-{uuid.uuid4().hex[:10]}"
    async with client.runtime.uow() as uow:
        await uow.members.record(member_id, KEYER.person_key(rid), station, union_id, active=active)
        await uow.commit()
    return {"member_id": member_id, "resident_id": rid, "station": station}


def household(**extra) -> dict:
    return {
        "level": "deep",
        "causes": ["serious_illness"],
        "household_size": 3,
        "monthly_household_income": "2400",
        "cause_details": "丈夫肝癌晚期，长期化疗",
        "evidence": "县医院诊断证明",
        "note": "",
    } | extra


async def on_file(client, who: dict, headers=STAFF_XZ, **extra) -> str:
    """A hardship file through every review step."""
    r = await client.post(
        "/hardship-files", json=household(member_id=who["member_id"], **extra), headers=headers
    )
    assert r.status_code == 201, r.text
    file_id = r.json()["id"]
    for step, by in (("union_review", headers), ("home_visit", headers), ("approve", FED)):
        done = await client.post(f"/hardship-files/{file_id}/steps/{step}", json={}, headers=by)
        assert done.status_code == 200, done.text
    return file_id


def program_body(**extra) -> dict:
    return {
        "kind": "winter_visit",
        "period": f"2027-spring-festival-{uuid.uuid4().hex[:6]}",
        "year": 2027,
        "title": "2027年春节送温暖",
        "per_person_cap": "800",
        "eligibility": {"hardship_file_required": True, "levels": ["deep", "relative"]},
    } | extra


async def program(client, budgets: dict | None = None, **extra) -> dict:
    r = await client.post("/programs", json=program_body(**extra), headers=FED_ADMIN)
    assert r.status_code == 201, r.text
    found = r.json()
    for station, amount in (budgets or {"XZ01": "10000"}).items():
        b = await client.put(
            f"/programs/{found['id']}/budgets",
            json={"station_code": station, "amount": amount},
            headers=FED_ADMIN,
        )
        assert b.status_code == 200, b.text
    return found


async def apply(client, program_id: str, who: dict, headers=STAFF_XZ, **extra):
    body = {
        "program_id": program_id,
        "member_id": who["member_id"],
        "name": "张小三",
        "reason": "家中困难",
    } | extra
    return await client.post("/grants", json=body, headers=headers)


async def approved(client, program_id: str, who: dict, **extra) -> dict:
    r = await apply(client, program_id, who, **extra)
    assert r.status_code == 201, r.text
    grant_id = r.json()["id"]
    assert (await client.post(f"/grants/{grant_id}/review", json={}, headers=STAFF_XZ)).is_success
    done = await client.post(f"/grants/{grant_id}/approval", json={}, headers=FED)
    assert done.status_code == 200, done.text
    return done.json()
