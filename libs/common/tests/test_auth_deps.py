"""The FastAPI dependencies: 401 without a good token, 403 without the role, 404 across stations."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI

from unionfed.common.auth import (
    DEFAULT_ISSUER,
    AuthSettings,
    Principal,
    Role,
    TokenVerifier,
    ensure_station_access,
    issue_dev_token,
    require_roles,
    station_filter,
)

SECRET = "test-signing-secret-of-at-least-32-bytes"
StationWorker = Annotated[
    Principal,
    Depends(require_roles(Role.station_staff, Role.station_admin, Role.federation_staff)),
]


def build_app() -> FastAPI:
    app = FastAPI()
    settings = AuthSettings(audience="unionfed", shared_secret=SECRET)
    app.state.token_verifier = TokenVerifier(settings)

    @app.get("/stations/{code}/things")
    async def station_things(code: str, principal: StationWorker) -> dict:
        ensure_station_access(principal, code)
        return {"station": code, "things": [f"{code}-member-list"]}

    @app.get("/things")
    async def all_things(principal: StationWorker) -> dict:
        visible = station_filter(principal)
        return {"stations": None if visible is None else sorted(visible)}

    return app


def token(*roles: Role, stations: tuple[str, ...] = (), **overrides) -> str:
    fields = {"secret": SECRET, "issuer": DEFAULT_ISSUER, "audience": "unionfed"} | overrides
    return issue_dev_token(**fields, subject="user-1", roles=roles, stations=stations)


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


async def test_no_token_is_401_with_a_bearer_challenge(client):
    response = await client.get("/stations/ST01/things")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "missing token"}


@pytest.mark.parametrize(
    ("bad_token", "reason"),
    [
        ("garbage", "malformed token"),
        (
            token(
                Role.station_staff, stations=("ST01",), secret="another-secret-of-32-bytes-or-more"
            ),
            "bad signature",
        ),
        (token(Role.station_staff, stations=("ST01",), audience="payroll"), "wrong audience"),
    ],
)
async def test_a_refused_token_is_401_naming_the_reason(client, bad_token, reason):
    response = await client.get("/stations/ST01/things", headers=bearer(bad_token))
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json() == {"detail": f"invalid token: {reason}"}


async def test_a_caller_without_the_role_is_403(client):
    response = await client.get("/stations/ST01/things", headers=bearer(token(Role.gov_partner)))
    assert response.status_code == 403
    assert response.json() == {
        "detail": "requires one of roles: station_staff, station_admin, federation_staff"
    }


async def test_another_stations_rows_are_404_and_reveal_nothing(client):
    own = bearer(token(Role.station_staff, stations=("ST01",)))
    response = await client.get("/stations/ST02/things", headers=own)
    assert response.status_code == 404
    assert response.json() == {"detail": "not found"}
    assert "ST02" not in response.text


async def test_a_station_user_reaches_their_own_station(client):
    own = bearer(token(Role.station_staff, stations=("ST01",)))
    response = await client.get("/stations/ST01/things", headers=own)
    assert response.status_code == 200
    assert response.json() == {"station": "ST01", "things": ["ST01-member-list"]}


@pytest.mark.parametrize("code", ["ST01", "ST02", "ST30"])
async def test_a_federation_user_reaches_every_station(client, code):
    federation_user = bearer(token(Role.federation_staff))
    response = await client.get(f"/stations/{code}/things", headers=federation_user)
    assert response.status_code == 200


async def test_list_queries_are_limited_to_the_callers_stations(client):
    station_user = bearer(token(Role.station_admin, stations=("ST01", "ST03")))
    federation_user = bearer(token(Role.federation_staff))
    assert (await client.get("/things", headers=station_user)).json() == {
        "stations": ["ST01", "ST03"]
    }
    assert (await client.get("/things", headers=federation_user)).json() == {"stations": None}


def test_what_each_role_may_act_for():
    def principal(*roles: Role, stations=("ST01",)) -> Principal:
        return Principal(subject="u", roles=frozenset(roles), stations=frozenset(stations))

    assert principal(Role.station_staff).can_act_for("ST01")
    assert not principal(Role.station_staff).can_act_for("ST02")
    assert principal(Role.federation_admin, stations=()).can_act_for("ST02")
    assert not principal(Role.gov_partner).can_act_for("ST01")
    assert principal(Role.gov_partner).visible_stations() == frozenset()
    assert principal(Role.federation_staff).visible_stations() is None
    assert principal(Role.station_admin).has_any(Role.station_staff, Role.station_admin)
