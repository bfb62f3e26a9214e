"""Membership transfers (会籍转移) inside one deployment, through the HTTP API on a real database.

The ``membership`` deployment serves every station, so both ends of a transfer are here: the
origin station requests, the destination station accepts (no personal data re-entered) or
declines, and the membership is continuous across it.
"""

from __future__ import annotations

from membership_fixtures import (
    FED_ADMIN,
    credit_code,
    member_body,
    resident_id,
    station,
    union,
)

from unionfed.common.auth import Role
from unionfed.common.testing.tokens import token

STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")
STAFF_GY = token(Role.station_staff, stations=("GY03",), subject="staff-gy")


async def county(client) -> tuple[str, str, dict]:
    """Stations XZ01 (origin) and JD02 (destination), a union at each, a member at XZ01."""
    await station(client, "XZ01")
    await station(client, "JD02", "建设街道职工服务站", kind="street")
    await station(client, "GY03", "工业园区职工服务站", kind="industrial_park")
    xz, jd = (
        await union(client, "XZ01", credit_code(1)),
        await union(client, "JD02", credit_code(2)),
    )
    body = member_body(xz, 1, joined_on="2019-07-15", worker_type="new_form")
    response = await client.post("/members", json=body, headers=STAFF_XZ)
    assert response.status_code == 201, response.text
    return xz, jd, response.json()


async def request(client, member_id: str, to_union_id: str, headers: dict = STAFF_XZ):
    return await client.post(
        f"/members/{member_id}/transfers", json={"to_union_id": to_union_id}, headers=headers
    )


async def transfer_ids(client, headers: dict, query: str = "") -> list[str]:
    response = await client.get(f"/transfers{query}", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return [t["id"] for t in body["items"]]


async def test_a_requested_transfer_is_seen_at_both_ends_and_nowhere_else(membership):
    xz, jd, member = await county(membership)

    requested = await request(membership, member["id"], jd)

    assert requested.status_code == 201, requested.text
    transfer = requested.json()
    assert transfer | {"id": "", "requested_on": ""} == {
        "id": "",
        "from_member_id": member["id"],
        "from_station_code": "XZ01",
        "from_union_id": xz,
        "to_station_code": "JD02",
        "to_union_id": jd,
        "joined_on": "2019-07-15",
        "requested_on": "",
        "status": "requested",
        "decided_on": None,
        "decline_reason": None,
        "to_member_id": None,
    }
    assert await transfer_ids(membership, STAFF_JD) == [transfer["id"]]
    assert await transfer_ids(membership, STAFF_XZ, "?status=requested") == [transfer["id"]]
    assert await transfer_ids(membership, STAFF_XZ, "?status=accepted") == []
    assert await transfer_ids(membership, STAFF_GY) == []
    assert resident_id(1) not in requested.text


async def test_the_origin_cannot_accept_or_decline_its_own_request(membership):
    _xz, jd, member = await county(membership)
    transfer = (await request(membership, member["id"], jd)).json()

    accept = await membership.post(f"/transfers/{transfer['id']}/accept", json={}, headers=STAFF_XZ)
    decline = await membership.post(
        f"/transfers/{transfer['id']}/decline", json={"reason": "other"}, headers=STAFF_XZ
    )

    assert (accept.status_code, decline.status_code) == (404, 404)
    assert await transfer_ids(membership, STAFF_XZ, "?status=requested") == [transfer["id"]]
    still = (await membership.get(f"/members/{member['id']}", headers=STAFF_XZ)).json()
    assert still["status"] == "active"


async def test_accepting_moves_the_membership_keeping_the_join_date(membership):
    xz, jd, member = await county(membership)
    transfer = (await request(membership, member["id"], jd)).json()

    accepted = await membership.post(
        f"/transfers/{transfer['id']}/accept", json={}, headers=STAFF_JD
    )

    assert accepted.status_code == 200, accepted.text
    new = accepted.json()
    assert new["id"] != member["id"]
    assert (new["station_code"], new["union_id"], new["status"]) == ("JD02", jd, "active")
    assert new["joined_on"] == "2019-07-15"
    assert new["card_number"].startswith("JD02-") and new["card_number"] != member["card_number"]
    # Copied from the origin record, not re-entered.
    assert (new["name"], new["resident_id"], new["mobile"]) == (
        member["name"],
        member["resident_id"],
        member["mobile"],
    )
    assert (new["gender"], new["birth_date"], new["worker_type"]) == (
        "male",
        "1990-01-01",
        "new_form",
    )
    origin = (await membership.get(f"/members/{member['id']}", headers=STAFF_XZ)).json()
    assert (origin["status"], origin["union_id"]) == ("transferred_out", xz)
    assert origin["ended_on"] is not None
    decided = (await membership.get("/transfers", headers=STAFF_XZ)).json()["items"][0]
    assert (decided["status"], decided["to_member_id"]) == ("accepted", new["id"])
    assert decided["decided_on"] == origin["ended_on"]
    assert (await membership.get(f"/members/{new['id']}", headers=STAFF_XZ)).status_code == 404
    revealed = await membership.get(
        f"/members/{new['id']}?reveal=true&purpose=transfer check", headers=FED_ADMIN
    )
    assert revealed.json()["resident_id"] == resident_id(1)


async def test_a_transfer_is_accepted_once(membership):
    _xz, jd, member = await county(membership)
    transfer = (await request(membership, member["id"], jd)).json()
    await membership.post(f"/transfers/{transfer['id']}/accept", json={}, headers=STAFF_JD)

    again = await membership.post(f"/transfers/{transfer['id']}/accept", json={}, headers=STAFF_JD)

    assert again.status_code == 409, again.text
    listing = (await membership.get("/members?station=JD02", headers=FED_ADMIN)).json()
    assert listing["total"] == 1


async def test_after_a_transfer_the_person_is_a_member_once_county_wide(membership):
    _xz, jd, member = await county(membership)
    transfer = (await request(membership, member["id"], jd)).json()
    await membership.post(f"/transfers/{transfer['id']}/accept", json={}, headers=STAFF_JD)
    gy = await union(membership, "GY03", credit_code(3))

    again = await membership.post("/members", json=member_body(gy, 1), headers=STAFF_GY)

    assert again.status_code == 409, again.text
    assert again.json()["context"]["station_code"] == "JD02"
    active = (await membership.get("/members?status=active", headers=FED_ADMIN)).json()
    assert active["total"] == 1


async def test_one_open_transfer_per_member(membership):
    _xz, jd, member = await county(membership)
    gy = await union(membership, "GY03", credit_code(3))
    first = await request(membership, member["id"], jd)

    second = await request(membership, member["id"], gy)

    assert first.status_code == 201 and second.status_code == 409, second.text
    error = second.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("member", "one_open_transfer")
    assert await transfer_ids(membership, FED_ADMIN) == [first.json()["id"]]


async def test_declining_leaves_the_member_where_they_were(membership):
    xz, jd, member = await county(membership)
    transfer = (await request(membership, member["id"], jd)).json()

    declined = await membership.post(
        f"/transfers/{transfer['id']}/decline",
        json={"reason": "not_employed_here"},
        headers=STAFF_JD,
    )

    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined",
        "not_employed_here",
    )
    assert declined.json()["to_member_id"] is None
    origin = (await membership.get(f"/members/{member['id']}", headers=STAFF_XZ)).json()
    assert (origin["status"], origin["union_id"], origin["ended_on"]) == ("active", xz, None)
    assert (await membership.get("/members?station=JD02", headers=FED_ADMIN)).json()["total"] == 0
    late_accept = await membership.post(
        f"/transfers/{transfer['id']}/accept", json={}, headers=STAFF_JD
    )
    assert late_accept.status_code == 409, late_accept.text
    # Declined is closed: the origin may ask again.
    assert (await request(membership, member["id"], jd)).status_code == 201


async def test_a_decline_needs_a_known_reason(membership):
    _xz, jd, member = await county(membership)
    transfer = (await request(membership, member["id"], jd)).json()

    response = await membership.post(
        f"/transfers/{transfer['id']}/decline", json={"reason": "busy"}, headers=STAFF_JD
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "reason"
    assert await transfer_ids(membership, STAFF_JD, "?status=requested") == [transfer["id"]]


async def test_a_transfer_to_the_members_own_union_is_refused(membership):
    xz, _jd, member = await county(membership)

    response = await request(membership, member["id"], xz)

    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("to_union_id", "another_union")
    assert await transfer_ids(membership, FED_ADMIN) == []


async def test_a_transfer_needs_an_active_destination_union(membership):
    _xz, _jd, member = await county(membership)
    gone = await union(membership, "GY03", credit_code(3))
    await membership.post(f"/unions/{gone}/dissolve", json={"on": "2025-01-01"}, headers=FED_ADMIN)

    for target in (gone, "u-nosuchunion"):
        response = await request(membership, member["id"], target)
        assert response.status_code == 422, response.text
        error = response.json()["errors"][0]
        assert (error["field"], error["rule"]) == ("to_union_id", "active_union")


async def test_only_the_members_station_requests_a_transfer(membership):
    _xz, jd, member = await county(membership)

    response = await request(membership, member["id"], jd, headers=STAFF_JD)

    assert response.status_code == 404, response.text
    assert await transfer_ids(membership, FED_ADMIN) == []


async def test_an_ended_membership_is_not_transferred(membership):
    _xz, jd, member = await county(membership)
    await membership.post(
        f"/members/{member['id']}/leave",
        json={"reason": "left", "on": "2025-01-01"},
        headers=STAFF_XZ,
    )

    response = await request(membership, member["id"], jd)

    assert response.status_code == 409, response.text
    assert response.json()["errors"][0]["rule"] == "active"
