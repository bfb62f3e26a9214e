"""Test helpers for the grievance service: a deployment, tokens, a case body."""

from __future__ import annotations

import contextlib

import httpx

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.testing.tokens import token
from unionfed.grievance.app import create_app
from unionfed.grievance.cli import MIGRATIONS
from unionfed.grievance.settings import Settings

STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")
FED_STAFF = token(Role.federation_staff, subject="fed-staff")


@contextlib.asynccontextmanager
async def deployment(
    database_url: str,
    *,
    name: str = "county",
    stations=(),
    kafka: str | None = None,
    clock=None,
    **settings,
):
    await migrate_async(database_url, MIGRATIONS)
    config = Settings(
        database_url=database_url,
        deployment_id=name,
        stations=list(stations),
        kafka_bootstrap_servers=kafka or "unused:9092",
        **settings,
    )
    app = create_app(config, kafka=kafka is not None, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            client.runtime = app.state.runtime
            yield client


def case_body(station: str = "XZ01", **extra) -> dict:
    return {
        "station_code": station,
        "channel": "walk_in",
        "category": "unpaid_wages",
        "description": "工资三个月未发",
        "workers_affected": 1,
        "amount_claimed": "12000.00",
        "employer_name": "某某建筑劳务有限公司",
        "worker_name": "申诉人甲",
        "worker_phone": "13800000001",
    } | extra
