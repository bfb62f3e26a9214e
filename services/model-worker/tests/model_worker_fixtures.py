"""Test helpers for the model-worker service: a deployment with a settable clock, tokens,
request bodies, driving a campaign over HTTP."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import httpx

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.testing.clock import Clock
from unionfed.common.testing.people import credit_code, resident_id
from unionfed.common.testing.tokens import token
from unionfed.model_worker.app import create_app
from unionfed.model_worker.cli import MIGRATIONS
from unionfed.model_worker.settings import Settings

STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")
FED = token(Role.federation_staff, subject="fed-staff")


@contextlib.asynccontextmanager
async def deployment(
    database_url: str, *, clock: Clock, name: str = "county", kafka: str | None = None, **settings
):
    await migrate_async(database_url, MIGRATIONS)
    config = Settings(
        database_url=database_url,
        deployment_id=name,
        kafka_bootstrap_servers=kafka or "unused:9092",
        **settings,
    )
    app = create_app(config, kafka=kafka is not None, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            client.runtime = app.state.runtime
            client.clock = clock
            yield client


def campaign_body(today: date, **extra) -> dict:
    return {
        "title": "县级劳动模范评选",
        "level": "county",
        "year": today.year,
        "quota_total": 3,
        "quotas_by_sector": {"industry": 2, "services": 2},
        "min_front_line_share": 0.5,
        "nominations_open": today.isoformat(),
        "nominations_close": (today + timedelta(days=30)).isoformat(),
        "vote_threshold": 2 / 3,
        "departments": ["labour_inspection", "safety"],
    } | extra


def nomination_body(station: str = "XZ01", **extra) -> dict:
    return {
        "station_code": station,
        "name": "候选人甲",
        "resident_id": resident_id(),
        "employer_credit_code": credit_code(),
        "employer_name": "某某机械制造有限公司",
        "sector": "industry",
        "front_line": True,
        "achievements": "技术革新三项，带徒十名",
        "congress_endorsed_on": "2026-01-10",
    } | extra


# Driving a campaign over HTTP.
DEPARTMENTS = ("labour_inspection", "safety")


async def open_campaign(client, **extra) -> str:
    response = await client.post(
        "/v1/campaigns", json=campaign_body(client.clock.today, **extra), headers=FED
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def nominate(client, campaign_id: str, headers=STAFF_XZ, **extra) -> dict:
    response = await client.post(
        f"/v1/campaigns/{campaign_id}/nominations", json=nomination_body(**extra), headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def clear_all(client, nomination_id: str) -> None:
    for department in DEPARTMENTS:
        response = await client.post(
            f"/v1/nominations/{nomination_id}/clearances",
            json={"department": department},
            headers=FED,
        )
        assert response.status_code == 200, response.text


async def publicise(client, campaign_id: str):
    today = client.clock.today
    return await client.post(
        f"/v1/campaigns/{campaign_id}/publicity",
        json={
            "publicity_from": today.isoformat(),
            "publicity_until": (today + timedelta(days=6)).isoformat(),
        },
        headers=FED,
    )


async def publicised_campaign(client, nominees: list[dict], **campaign) -> tuple[str, list[str]]:
    campaign_id = await open_campaign(client, **campaign)
    ids = []
    for extra in nominees:
        nominee = await nominate(client, campaign_id, **extra)
        await clear_all(client, nominee["id"])
        ids.append(nominee["id"])
    assert (await publicise(client, campaign_id)).status_code == 200
    return campaign_id, ids


async def evaluate(client, campaign_id: str, votes: dict[str, tuple[int, int]]):
    body = {
        "meeting_on": client.clock.today.isoformat(),
        "votes": [
            {"nomination_id": n, "votes_for": f, "votes_cast": c} for n, (f, c) in votes.items()
        ],
    }
    return await client.post(f"/v1/campaigns/{campaign_id}/evaluation", json=body, headers=FED)


async def awarded_titles(client, nominees: list[dict], awarded_on: str = "2026-04-01") -> list:
    """Drive a campaign from opening to award; every nominee passes. Returns the title ids."""
    campaign_id, ids = await publicised_campaign(
        client, nominees, quota_total=len(nominees), quotas_by_sector={}
    )
    client.clock.advance(7)
    assert (await evaluate(client, campaign_id, dict.fromkeys(ids, (9, 9)))).status_code == 200
    approval = await client.post(
        f"/v1/campaigns/{campaign_id}/approval",
        json={
            "document_number": "县委发〔2026〕12号",
            "approved_on": client.clock.today.isoformat(),
        },
        headers=FED,
    )
    assert approval.status_code == 200, approval.text
    award = await client.post(
        f"/v1/campaigns/{campaign_id}/award", json={"awarded_on": awarded_on}, headers=FED
    )
    assert award.status_code == 200, award.text
    return await titles_of(client, ids)


async def titles_of(client, nomination_ids: list[str]) -> list[str]:
    """The title ids awarded to these nominations, in the same order."""
    listed = (await client.get("/v1/titles?size=500", headers=FED)).json()["items"]
    by_nomination = {t["nomination_id"]: t["id"] for t in listed}
    return [by_nomination[n] for n in nomination_ids]
