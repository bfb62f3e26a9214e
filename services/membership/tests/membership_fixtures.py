"""Test helpers for the membership service: deployments, tokens, fictitious people and employers."""

from __future__ import annotations

import contextlib

import httpx
from stdnum.cn import ric

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.testing.tokens import token
from unionfed.membership.app import create_app
from unionfed.membership.cli import MIGRATIONS
from unionfed.membership.settings import Settings


def resident_id(n: int, birth: str = "19900101", region: str = "110105") -> str:
    """A fictitious but valid resident ID number (checksum computed, never a real person's)."""
    body = f"{region}{birth}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "?")  # it expects a placeholder check digit


FED_ADMIN = token(Role.federation_admin, subject="fed-admin")
FED_STAFF = token(Role.federation_staff, subject="fed-staff")


@contextlib.asynccontextmanager
async def deployment(
    database_url: str, *, name: str, stations=(), kafka: str | None = None, secret: str = ""
):
    """One membership deployment; with ``kafka`` (bootstrap servers) its relay and consumer run.

    ``secret`` is the federation's person-key secret: deployments of one test share one, and
    each test uses its own, so that the same fictitious people in earlier tests' events on the
    shared broker are different people here.
    """
    await migrate_async(database_url, MIGRATIONS)
    settings = Settings(
        database_url=database_url,
        deployment_id=name,
        stations=list(stations),
        kafka_bootstrap_servers=kafka or "unused:9092",
        **({"person_key_secret": secret} if secret else {}),
    )
    app = create_app(settings, kafka=kafka is not None)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            client.runtime = app.state.runtime
            yield client


async def station(client, code: str, name: str = "测试镇职工服务站", kind: str = "town") -> None:
    response = await client.post(
        "/stations", json={"code": code, "name": name, "kind": kind}, headers=FED_ADMIN
    )
    assert response.status_code == 201, response.text


async def union(client, station_code: str, credit_code: str | None, **extra) -> str:
    body = {
        "station_code": station_code,
        "name": f"{station_code} 某某有限公司",
        "employer_credit_code": credit_code,
        "sector": "manufacturing",
        "headcount": 10,
        "founded_on": "2020-05-01",
        "kind": "enterprise" if credit_code else "joint",
    } | extra
    response = await client.post("/unions", json=body, headers=FED_ADMIN)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def member_body(union_id: str, n: int, **extra) -> dict:
    return {
        "union_id": union_id,
        "name": f"会员{n}",
        "resident_id": resident_id(n),
        "mobile": f"1380000{n:04d}",
        "worker_type": "migrant",
        "joined_on": "2024-03-01",
    } | extra


def credit_code(n: int) -> str:
    """A fictitious but valid unified social credit code (checksum computed)."""
    from stdnum.cn import uscc

    body = f"91110105MA{n:07d}"
    return body + uscc.calc_check_digit(body)
