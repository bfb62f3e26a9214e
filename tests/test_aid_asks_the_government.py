"""Across services: aid asks civil affairs and social security through the real government
gateway, which asks the real simulator — with the worker's consent, audited, and the ID number
kept by neither aid nor any log line.

aid (ASGI) ──HTTP, the staff's token──▶ gov-gateway (uvicorn) ──signed HTTP──▶ gov-sim (uvicorn)
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import httpx
from aid_fixtures import ADMIN_XZ, FED_ADMIN, STAFF_XZ, apply, member, on_file, program
from gov_gateway_fixtures import free_port, gateway, load_simulator, simulator, stats
from sqlalchemy import text

from unionfed.aid.app import create_app
from unionfed.aid.cli import MIGRATIONS
from unionfed.aid.settings import Settings
from unionfed.common.db.migrations import migrate_async


@contextlib.asynccontextmanager
async def aid_desk(database_url: str, gateway_url: str):
    """An aid deployment with its real gateway adapter (no fake port)."""
    await migrate_async(database_url, MIGRATIONS)
    settings = Settings(
        database_url=database_url, deployment_id="town", gov_gateway_url=gateway_url
    )
    app = create_app(settings, kafka=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://aid") as client:
            client.runtime = app.state.runtime
            yield client


def consent(*scopes: str) -> dict:
    now = datetime.now(UTC)
    return {
        "given_by": "worker",
        "given_at": (now - timedelta(minutes=5)).isoformat(),
        "valid_until": (now + timedelta(days=90)).date().isoformat(),
        "scopes": list(scopes),
    }


async def test_a_grant_is_checked_with_consent_through_gateway_and_simulator(
    database_url, tmp_path
):
    # Someone the simulator knows: lapsed contributions and the minimum living guarantee (低保).
    id_number = list(load_simulator().people.fixed_people())[1]
    gateway_db = f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"
    async with (
        simulator() as sim,
        gateway(gateway_db, sim.url, port=free_port()) as gw,
        aid_desk(database_url, str(gw.base_url)) as aid,
    ):
        relief = await program(
            aid,
            {"XZ01": "20000"},
            kind="serious_illness_relief",
            per_person_cap="5000",
            government_check_required=True,
        )
        who = await member(aid, rid=id_number)
        await on_file(aid, who)
        grant = (await apply(aid, relief["id"], who, amount="3000")).json()
        assert (
            await aid.post(f"/grants/{grant['id']}/review", json={}, headers=STAFF_XZ)
        ).is_success
        check = {"kind": "civil_affairs", "id_number": id_number, "name": "张小三"}

        # No consent: refused at aid, nothing reaches the government.
        refused = await aid.post(
            f"/grants/{grant['id']}/government-checks", json=check, headers=STAFF_XZ
        )
        assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "consent")
        early = await aid.post(f"/grants/{grant['id']}/approval", json={}, headers=ADMIN_XZ)
        assert early.status_code == 409, early.text
        assert (await stats(sim))["queries"] == {}

        # With consent to civil affairs only: that question is answered, the other refused.
        recorded = await aid.post(
            f"/grants/{grant['id']}/consent", json=consent("civil_affairs"), headers=STAFF_XZ
        )
        assert recorded.status_code == 201, recorded.text
        answered = await aid.post(
            f"/grants/{grant['id']}/government-checks", json=check, headers=STAFF_XZ
        )
        assert answered.status_code == 201, answered.text
        assert answered.json()["answer"]["civil_affairs"]["minimum_living_guarantee"] is True
        beyond = await aid.post(
            f"/grants/{grant['id']}/government-checks",
            json=check | {"kind": "social_insurance"},
            headers=STAFF_XZ,
        )
        assert beyond.json()["errors"][0]["rule"] == "scope_missing"
        assert (await stats(sim))["queries"] == {"civil_affairs": 1}

        # The answer and its time are on the application; approval may now go ahead.
        shown = (await aid.get(f"/grants/{grant['id']}", headers=STAFF_XZ)).json()
        [kept] = shown["government_checks"]
        assert kept["kind"] == "civil_affairs" and kept["asked_by"] == "staff-xz"
        assert kept["answered_at"] and kept["answer"]["civil_affairs"]["extreme_poverty"] is False
        approval = await aid.post(f"/grants/{grant['id']}/approval", json={}, headers=ADMIN_XZ)
        assert approval.status_code == 200, approval.text

        # The gateway audited who asked, for which case; it shows no ID number in the trail.
        trail = (await gw.get("/audit", headers=FED_ADMIN)).json()
        asked = [e for e in trail["items"] if e["case_reference"] == f"aid:{grant['id']}"]
        assert [(e["actor"], e["outcome"]) for e in asked] == [("staff-xz", "answered")]
        assert id_number not in str(trail)

        # Aid never stored the ID number, in any table.
        async with aid.runtime.engine.connect() as conn:
            for table in aid.runtime.tables.metadata.sorted_tables:
                rows = (await conn.execute(text(f'SELECT * FROM "{table.name}"'))).all()  # noqa: S608
                assert id_number not in str(rows), table.name
