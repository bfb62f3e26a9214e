"""Service stations and grassroots unions through the HTTP API on a real database: founding
(建会), one union per employer, station scoping, headcount, dissolving and merging, coverage
(入会率), and the paged, filtered lists of unions and members."""

from __future__ import annotations

import pytest
from membership_fixtures import (
    FED_ADMIN,
    FED_STAFF,
    credit_code,
    member_body,
    resident_id,
    station,
    union,
)

from unionfed.common.auth import Role
from unionfed.common.testing.tokens import token

STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
ADMIN_XZ = token(Role.station_admin, stations=("XZ01",), subject="admin-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")


async def two_stations(client) -> None:
    await station(client, "XZ01")
    await station(client, "JD02", "建设街道职工服务站", kind="street")


def union_body(station_code: str, credit: str | None, **extra) -> dict:
    return {
        "station_code": station_code,
        "name": f"{station_code} 某某有限公司",
        "employer_credit_code": credit,
        "sector": "manufacturing",
        "headcount": 10,
        "founded_on": "2020-05-01",
        "kind": "enterprise" if credit else "joint",
    } | extra


async def enrol(client, union_id: str, n: int, **extra) -> dict:
    response = await client.post(
        "/members", json=member_body(union_id, n, **extra), headers=FED_ADMIN
    )
    assert response.status_code == 201, response.text
    return response.json()


async def leave(client, member_id: str) -> None:
    response = await client.post(
        f"/members/{member_id}/leave",
        json={"reason": "left", "on": "2025-01-01"},
        headers=FED_ADMIN,
    )
    assert response.status_code == 200, response.text


async def total(client, path: str, headers: dict = FED_ADMIN) -> int:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["total"]


# Stations (职工服务站)


async def test_a_station_is_registered_once(membership):
    await station(membership, "XZ01")

    for code in ("XZ01", " xz01 "):
        again = await membership.post(
            "/stations", json={"code": code, "name": "另一个站", "kind": "town"}, headers=FED_ADMIN
        )
        assert again.status_code == 409, again.text
        error = again.json()["errors"][0]
        assert (error["field"], error["rule"]) == ("code", "unique")
    stations = (await membership.get("/stations", headers=FED_ADMIN)).json()
    assert stations == [{"code": "XZ01", "name": "测试镇职工服务站", "kind": "town"}]


@pytest.mark.parametrize(
    "headers",
    [ADMIN_XZ, STAFF_XZ, FED_STAFF],
    ids=["station_admin", "station_staff", "federation_staff"],
)
async def test_only_federation_administrators_register_stations(membership, headers):
    body = {"code": "XZ01", "name": "新庄镇职工服务站", "kind": "town"}

    refused = await membership.post("/stations", json=body, headers=headers)

    assert refused.status_code == 403, refused.text
    assert (await membership.get("/stations", headers=FED_ADMIN)).json() == []


# Founding unions (建会)


@pytest.mark.parametrize(
    ("credit", "rule"),
    [
        (credit_code(1)[:-1] + ("0" if credit_code(1)[-1] != "0" else "1"), "checksum"),
        (credit_code(1)[:-1], "length"),
    ],
    ids=["checksum", "length"],
)
async def test_an_invalid_credit_code_is_refused_naming_the_field(membership, credit, rule):
    await two_stations(membership)

    response = await membership.post("/unions", json=union_body("XZ01", credit), headers=FED_ADMIN)

    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("employer_credit_code", rule)
    assert await total(membership, "/unions") == 0


async def test_an_employer_has_one_active_union_at_a_time(membership):
    await two_stations(membership)
    first = await union(membership, "XZ01", credit_code(1))

    # The same code typed in lower case, even at another station, is the same employer.
    second = await membership.post(
        "/unions", json=union_body("JD02", credit_code(1).lower()), headers=FED_ADMIN
    )

    assert second.status_code == 409, second.text
    error = second.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("employer_credit_code", "one_union_per_employer")
    assert await total(membership, "/unions") == 1

    dissolved = await membership.post(
        f"/unions/{first}/dissolve", json={"on": "2025-01-01"}, headers=FED_ADMIN
    )
    assert dissolved.status_code == 200, dissolved.text
    refounded = await membership.post(
        "/unions", json=union_body("JD02", credit_code(1)), headers=FED_ADMIN
    )
    assert refounded.status_code == 201, refounded.text


async def test_station_staff_found_and_list_unions_only_at_their_own_stations(membership):
    await two_stations(membership)
    theirs = await union(membership, "JD02", credit_code(2))

    elsewhere = await membership.post(
        "/unions", json=union_body("JD02", credit_code(3)), headers=STAFF_XZ
    )
    here = await membership.post(
        "/unions", json=union_body("XZ01", credit_code(4)), headers=STAFF_XZ
    )

    assert elsewhere.status_code == 404, elsewhere.text
    assert here.status_code == 201, here.text
    listing = await membership.get("/unions?station=JD02", headers=STAFF_XZ)
    assert listing.status_code == 200 and listing.json()["total"] == 0
    mine = (await membership.get("/unions", headers=STAFF_XZ)).json()
    assert [u["id"] for u in mine["items"]] == [here.json()["id"]]
    assert (await membership.get(f"/unions/{theirs}", headers=STAFF_XZ)).status_code == 404
    assert await total(membership, "/unions?station=JD02", STAFF_JD) == 1


async def test_a_union_at_an_unregistered_station_is_refused(membership):
    await two_stations(membership)

    response = await membership.post(
        "/unions", json=union_body("GY03", credit_code(1)), headers=FED_ADMIN
    )

    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("station_code", "registered")


# Headcount (职工人数) and coverage (入会率)


async def test_headcount_is_updated_and_never_negative(membership):
    await two_stations(membership)
    uid = await union(membership, "XZ01", credit_code(1))
    await enrol(membership, uid, 1)

    updated = await membership.patch(f"/unions/{uid}", json={"headcount": 40}, headers=STAFF_XZ)
    negative = await membership.patch(f"/unions/{uid}", json={"headcount": -1}, headers=STAFF_XZ)

    assert updated.status_code == 200 and updated.json()["headcount"] == 40
    assert negative.status_code == 422, negative.text
    assert negative.json()["errors"][0]["field"] == "headcount"
    assert (await membership.get(f"/unions/{uid}", headers=STAFF_XZ)).json()["headcount"] == 40
    cover = (await membership.get("/coverage", headers=STAFF_XZ)).json()
    assert cover["unions"][0]["membership_rate"] == 0.025


async def test_a_union_cannot_be_founded_with_a_negative_headcount(membership):
    await two_stations(membership)

    response = await membership.post(
        "/unions", json=union_body("XZ01", credit_code(1), headcount=-3), headers=FED_ADMIN
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "headcount"


async def test_coverage_counts_only_active_members_of_active_unions(membership):
    await two_stations(membership)
    uid = await union(membership, "XZ01", credit_code(1), headcount=8)
    gone = await union(membership, "XZ01", credit_code(2), headcount=50)
    await membership.post(f"/unions/{gone}/dissolve", json={"on": "2025-01-01"}, headers=FED_ADMIN)
    members = [await enrol(membership, uid, n) for n in range(1, 5)]
    await leave(membership, members[0]["id"])

    cover = (await membership.get("/coverage", headers=STAFF_XZ)).json()

    assert cover["stations"] == [
        {
            "station_code": "XZ01",
            "unions": 1,
            "members": 3,
            "employees": 8,
            "membership_rate": 0.375,
        }
    ]
    assert [(u["union_id"], u["members"]) for u in cover["unions"]] == [(uid, 3)]


# Dissolving (撤销) and merging (合并)


async def test_a_union_with_active_members_is_not_dissolved_without_a_merge(membership):
    await two_stations(membership)
    uid = await union(membership, "XZ01", credit_code(1))
    await enrol(membership, uid, 1)

    response = await membership.post(
        f"/unions/{uid}/dissolve", json={"on": "2025-01-01"}, headers=STAFF_XZ
    )

    assert response.status_code == 409, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["rule"]) == ("merged_into", "no_active_members")
    assert (await membership.get(f"/unions/{uid}", headers=STAFF_XZ)).json()["status"] == "active"


async def test_merging_moves_the_active_members_to_the_target_union(membership):
    await two_stations(membership)
    old = await union(membership, "XZ01", credit_code(1))
    new = await union(membership, "XZ01", credit_code(2))
    staying = [await enrol(membership, old, n) for n in (1, 2)]
    former = await enrol(membership, old, 3)
    await leave(membership, former["id"])
    already = await enrol(membership, new, 4)

    merged = await membership.post(
        f"/unions/{old}/dissolve", json={"on": "2025-02-01", "merged_into": new}, headers=STAFF_XZ
    )

    assert merged.status_code == 200, merged.text
    assert (merged.json()["status"], merged.json()["merged_into"]) == ("merged", new)
    assert merged.json()["ended_on"] == "2025-02-01"
    target = (await membership.get(f"/unions/{new}", headers=STAFF_XZ)).json()
    assert (target["status"], target["merged_into"]) == ("active", None)
    for member in [*staying, already]:
        moved = (await membership.get(f"/members/{member['id']}", headers=STAFF_XZ)).json()
        assert (moved["union_id"], moved["status"]) == (new, "active")
        assert moved["card_number"] == member["card_number"]
    left = (await membership.get(f"/members/{former['id']}", headers=STAFF_XZ)).json()
    assert (left["union_id"], left["status"]) == (old, "left")
    assert await total(membership, f"/members?union={new}") == 3
    cover = (await membership.get("/coverage", headers=STAFF_XZ)).json()
    assert [(u["union_id"], u["members"]) for u in cover["unions"]] == [(new, 3)]


async def test_a_union_cannot_merge_into_a_dissolved_union(membership):
    await two_stations(membership)
    old = await union(membership, "XZ01", credit_code(1))
    gone = await union(membership, "XZ01", credit_code(2))
    await enrol(membership, old, 1)
    await membership.post(f"/unions/{gone}/dissolve", json={"on": "2025-01-01"}, headers=FED_ADMIN)

    response = await membership.post(
        f"/unions/{old}/dissolve", json={"on": "2025-02-01", "merged_into": gone}, headers=FED_ADMIN
    )

    assert response.status_code == 409, response.text
    assert response.json()["errors"][0]["field"] == "merged_into"
    assert (await membership.get(f"/unions/{old}", headers=FED_ADMIN)).json()["status"] == "active"


async def test_merging_into_a_union_at_another_station_is_refused(membership):
    """Members who move to another station are transferred one by one (会籍转移), not merged."""
    await two_stations(membership)
    old = await union(membership, "XZ01", credit_code(1))
    new = await union(membership, "JD02", credit_code(2))
    member = await enrol(membership, old, 1)

    merged = await membership.post(
        f"/unions/{old}/dissolve", json={"on": "2025-02-01", "merged_into": new}, headers=FED_ADMIN
    )

    assert merged.status_code == 409, merged.text
    assert merged.json()["errors"][0]["rule"] == "same_station"
    kept = await membership.get(f"/members/{member['id']}", headers=FED_ADMIN)
    assert (kept.json()["union_id"], kept.json()["station_code"]) == (old, "XZ01")


async def test_after_a_merge_a_second_enrolment_is_refused_naming_the_union_they_are_in(
    membership,
):
    await two_stations(membership)
    old = await union(membership, "XZ01", credit_code(1))
    new = await union(membership, "XZ01", credit_code(2))
    other = await union(membership, "JD02", credit_code(3))
    await enrol(membership, old, 1)
    await membership.post(
        f"/unions/{old}/dissolve", json={"on": "2025-02-01", "merged_into": new}, headers=FED_ADMIN
    )

    again = await membership.post("/members", json=member_body(other, 1), headers=FED_ADMIN)

    assert again.status_code == 409, again.text
    assert again.json()["context"]["union_id"] == new


# Paged, filtered lists


async def test_unions_are_listed_in_pages_filtered_by_station_and_status(membership):
    await two_stations(membership)
    at_xz = {await union(membership, "XZ01", credit_code(n)) for n in range(1, 6)}
    await union(membership, "JD02", credit_code(9))
    gone = sorted(at_xz)[0]
    await membership.post(f"/unions/{gone}/dissolve", json={"on": "2025-01-01"}, headers=FED_ADMIN)

    pages = [
        (await membership.get(f"/unions?station=XZ01&size=2&page={p}", headers=FED_ADMIN)).json()
        for p in (1, 2, 3, 4)
    ]

    assert [(p["page"], p["size"], p["total"]) for p in pages] == [(n, 2, 5) for n in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {u["id"] for p in pages for u in p["items"]} == at_xz
    assert await total(membership, "/unions") == 6
    assert await total(membership, "/unions?station=XZ01&status=active") == 4
    dissolved = (await membership.get("/unions?status=dissolved", headers=FED_ADMIN)).json()
    assert [u["id"] for u in dissolved["items"]] == [gone]
    assert (await membership.get("/unions?status=gone", headers=FED_ADMIN)).status_code == 422


async def test_unions_are_searched_by_name(membership):
    await two_stations(membership)
    wanted = await union(membership, "XZ01", credit_code(1), name="新庄宏达机械有限公司")
    await union(membership, "XZ01", credit_code(2), name="新庄顺风物流有限公司")

    found = (await membership.get("/unions?q=宏达", headers=FED_ADMIN)).json()

    assert [u["id"] for u in found["items"]] == [wanted]


async def test_members_are_listed_in_pages_in_card_number_order(membership):
    await two_stations(membership)
    uid = await union(membership, "XZ01", credit_code(1))
    cards = [(await enrol(membership, uid, n))["card_number"] for n in range(1, 6)]

    pages = [
        (await membership.get(f"/members?size=2&page={p}", headers=STAFF_XZ)).json()
        for p in (1, 2, 3)
    ]

    assert [(p["page"], p["size"], p["total"]) for p in pages] == [(1, 2, 5), (2, 2, 5), (3, 2, 5)]
    assert [m["card_number"] for p in pages for m in p["items"]] == sorted(cards)
    too_small = await membership.get("/members?size=0", headers=STAFF_XZ)
    assert too_small.status_code == 422


async def test_members_are_filtered_by_station_union_worker_type_status_and_name(membership):
    await two_stations(membership)
    xz_a = await union(membership, "XZ01", credit_code(1))
    xz_b = await union(membership, "XZ01", credit_code(2))
    jd = await union(membership, "JD02", credit_code(3))
    zhang = await enrol(membership, xz_a, 1, name="张三", worker_type="migrant")
    zhang_feng = await enrol(membership, xz_b, 2, name="张三丰", worker_type="new_form")
    li = await enrol(membership, xz_a, 3, name="李四", worker_type="regular")
    wang = await enrol(membership, jd, 4, name="王五", worker_type="new_form")
    await leave(membership, li["id"])

    async def ids(query: str, headers: dict = FED_ADMIN) -> set[str]:
        body = (await membership.get(f"/members?{query}", headers=headers)).json()
        assert body["total"] == len(body["items"])
        return {m["id"] for m in body["items"]}

    assert await ids("station=JD02") == {wang["id"]}
    assert await ids(f"union={xz_a}") == {zhang["id"], li["id"]}
    assert await ids("worker_type=new_form") == {zhang_feng["id"], wang["id"]}
    assert await ids("status=left") == {li["id"]}
    assert await ids("q=张三") == {zhang["id"], zhang_feng["id"]}
    assert await ids(f"union={xz_a}&status=active") == {zhang["id"]}
    assert await ids("worker_type=new_form", STAFF_XZ) == {zhang_feng["id"]}
    assert await ids("station=JD02", STAFF_XZ) == set()
    assert (
        await membership.get("/members?worker_type=pilot", headers=FED_ADMIN)
    ).status_code == 422
    assert resident_id(4) not in (await membership.get("/members", headers=FED_ADMIN)).text
