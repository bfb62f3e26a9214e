"""A station user cannot read another station's rows: a real app on a real database."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from unionfed.common.auth import (
    DEFAULT_ISSUER,
    AuthSettings,
    Principal,
    Role,
    TokenVerifier,
    ensure_station_access,
    issue_dev_token,
    require_roles,
    visible_to,
)
from unionfed.common.db.engine import create_engine

SECRET = "test-signing-secret-of-at-least-32-bytes"
metadata = MetaData()
cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("station", String(32), nullable=False),
    Column("summary", String(200), nullable=False),
)
Staff = Annotated[
    Principal,
    Depends(require_roles(Role.station_staff, Role.federation_staff, Role.federation_admin)),
]


def build_app(engine) -> FastAPI:
    app = FastAPI()
    app.state.token_verifier = TokenVerifier(
        AuthSettings(audience="unionfed", shared_secret=SECRET)
    )

    @app.get("/cases")
    async def list_cases(principal: Staff) -> list[dict]:
        async with engine.connect() as conn:
            rows = await conn.execute(visible_to(select(cases), cases.c.station, principal))
            return [dict(row._mapping) for row in rows]

    @app.get("/cases/{case_id}")
    async def get_case(case_id: int, principal: Staff) -> dict:
        async with engine.connect() as conn:
            row = (await conn.execute(select(cases).where(cases.c.id == case_id))).one_or_none()
        if row is None:
            raise HTTPException(status_code=404, detail="not found")
        ensure_station_access(principal, row.station)  # the same 404 for another station's row
        return dict(row._mapping)

    return app


@pytest.fixture
async def client(database_url):
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(
            insert(cases),
            [
                {"id": 1, "station": "XZ01", "summary": "unpaid wages, XZ01"},
                {"id": 2, "station": "JD02", "summary": "work injury, JD02"},
                {"id": 3, "station": "XZ01", "summary": "labour contract, XZ01"},
            ],
        )
    transport = httpx.ASGITransport(app=build_app(engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await engine.dispose()


def auth(*roles: Role, stations: tuple[str, ...] = ()) -> dict[str, str]:
    token = issue_dev_token(
        secret=SECRET,
        issuer=DEFAULT_ISSUER,
        audience="unionfed",
        subject="u",
        roles=roles,
        stations=stations,
    )
    return {"Authorization": f"Bearer {token}"}


async def test_station_staff_list_only_their_stations_rows(client):
    response = await client.get("/cases", headers=auth(Role.station_staff, stations=("XZ01",)))
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()) == [1, 3]
    assert "JD02" not in response.text


async def test_another_stations_row_is_not_found_and_reveals_nothing(client):
    response = await client.get("/cases/2", headers=auth(Role.station_staff, stations=("XZ01",)))
    missing = await client.get("/cases/99", headers=auth(Role.station_staff, stations=("XZ01",)))
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json() == {"detail": "not found"}


async def test_federation_staff_see_every_station(client):
    response = await client.get("/cases", headers=auth(Role.federation_staff))
    assert sorted(row["id"] for row in response.json()) == [1, 2, 3]
    assert (await client.get("/cases/2", headers=auth(Role.federation_staff))).status_code == 200


async def test_government_partner_sees_no_station_rows(client):
    response = await client.get("/cases", headers=auth(Role.gov_partner))
    assert response.status_code == 403
