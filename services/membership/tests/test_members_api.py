"""Enrolment, reading, correcting and leaving, through the HTTP API on a real database."""

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
ADMIN_XZ = token(Role.station_admin, stations=("XZ01",), subject="admin-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")


async def setup_two_stations(client) -> tuple[str, str]:
    await station(client, "XZ01")
    await station(client, "JD02", kind="street")
    return await union(client, "XZ01", credit_code(1)), await union(client, "JD02", credit_code(2))


async def test_enrol_issues_a_card_and_masks_personal_data(membership):
    xz, _ = await setup_two_stations(membership)
    response = await membership.post("/members", json=member_body(xz, 1), headers=STAFF_XZ)
    assert response.status_code == 201, response.text
    member = response.json()
    assert member["card_number"].startswith("XZ01-")
    assert member["resident_id"] == resident_id(1)[:4] + "*" * 10 + resident_id(1)[-4:]
    assert member["mobile"] == "138****0001"
    assert member["gender"] == "male" and member["birth_date"] == "1990-01-01"
    assert resident_id(1) not in response.text


async def test_second_enrolment_of_a_person_is_refused_with_where_they_are(membership):
    xz, jd = await setup_two_stations(membership)
    await membership.post("/members", json=member_body(xz, 1), headers=STAFF_XZ)
    again = await membership.post("/members", json=member_body(jd, 1), headers=FED_ADMIN)
    assert again.status_code == 409
    error = again.json()["errors"][0]
    assert error["field"] == "resident_id" and error["rule"] == "one_membership"
    assert "XZ01" in error["message"] and "transfer" in error["message"]


async def test_bad_input_names_the_field_and_rule_and_changes_nothing(membership):
    xz, _ = await setup_two_stations(membership)
    bad_checksum = resident_id(1)[:-1] + ("0" if resident_id(1)[-1] != "0" else "1")
    cases = {
        "resident_id": member_body(xz, 1, resident_id=bad_checksum),
        "mobile": member_body(xz, 2, mobile="12345"),
        "gender": member_body(xz, 3, gender="female"),
        "joined_on": member_body(xz, 4, joined_on="1980-01-01"),
    }
    for field, body in cases.items():
        response = await membership.post("/members", json=body, headers=STAFF_XZ)
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field
        assert bad_checksum not in response.text
    listing = await membership.get("/members", headers=FED_ADMIN)
    assert listing.json()["total"] == 0


async def test_station_user_cannot_see_or_change_another_stations_members(membership):
    _xz, jd = await setup_two_stations(membership)
    theirs = (await membership.post("/members", json=member_body(jd, 5), headers=STAFF_JD)).json()
    assert (await membership.get(f"/members/{theirs['id']}", headers=STAFF_XZ)).status_code == 404
    patch = await membership.patch(
        f"/members/{theirs['id']}", json={"name": "改名", "reason": "typo"}, headers=STAFF_XZ
    )
    assert patch.status_code == 404
    enrol_there = await membership.post("/members", json=member_body(jd, 6), headers=STAFF_XZ)
    assert enrol_there.status_code == 404
    mine = await membership.get("/members", headers=STAFF_XZ)
    assert mine.json()["total"] == 0 and theirs["name"] not in mine.text


async def test_reveal_is_for_admins_with_a_purpose_and_is_audited(membership):
    xz, _ = await setup_two_stations(membership)
    m = (await membership.post("/members", json=member_body(xz, 7), headers=STAFF_XZ)).json()
    denied = await membership.get(f"/members/{m['id']}?reveal=true&purpose=check", headers=STAFF_XZ)
    assert denied.status_code == 422 and denied.json()["errors"][0]["rule"] == "role"
    no_purpose = await membership.get(f"/members/{m['id']}?reveal=true", headers=ADMIN_XZ)
    assert no_purpose.json()["errors"][0]["field"] == "purpose"
    shown = await membership.get(
        f"/members/{m['id']}?reveal=true&purpose=aid application", headers=ADMIN_XZ
    )
    assert shown.json()["resident_id"] == resident_id(7)
    audit = (await membership.get(f"/audit?member_id={m['id']}", headers=FED_ADMIN)).json()
    assert audit["total"] == 1
    entry = audit["items"][0]
    assert (entry["actor"], entry["action"], entry["purpose"]) == (
        "admin-xz",
        "reveal",
        "aid application",
    )


async def test_lookup_by_exact_id_number_is_audited(membership):
    xz, _ = await setup_two_stations(membership)
    m = (await membership.post("/members", json=member_body(xz, 8), headers=STAFF_XZ)).json()
    found = await membership.post(
        "/members/lookup",
        json={"resident_id": resident_id(8), "purpose": "walk-in visit"},
        headers=STAFF_XZ,
    )
    assert found.json()["id"] == m["id"]
    missing = await membership.post(
        "/members/lookup",
        json={"resident_id": resident_id(9), "purpose": "walk-in visit"},
        headers=STAFF_XZ,
    )
    assert missing.status_code == 404
    audit = (await membership.get("/audit", headers=FED_ADMIN)).json()
    assert [e["action"] for e in audit["items"]] == ["lookup", "lookup"]


async def test_corrections_keep_their_history(membership):
    xz, _ = await setup_two_stations(membership)
    m = (await membership.post("/members", json=member_body(xz, 10), headers=STAFF_XZ)).json()
    fixed = await membership.patch(
        f"/members/{m['id']}",
        json={"name": "张三", "mobile": "13900000010", "reason": "typo"},
        headers=STAFF_XZ,
    )
    assert fixed.status_code == 200 and fixed.json()["name"] == "张三"
    history = (await membership.get(f"/members/{m['id']}/corrections", headers=STAFF_XZ)).json()
    assert [(h["field"], h["old"], h["new"]) for h in history] == [
        ("name", "会员10", "张三"),
        ("mobile", "(hidden)", "(hidden)"),
    ]


async def test_leaving_ends_the_membership_and_allows_joining_again(membership):
    xz, jd = await setup_two_stations(membership)
    m = (await membership.post("/members", json=member_body(xz, 11), headers=STAFF_XZ)).json()
    left = await membership.post(
        f"/members/{m['id']}/leave", json={"reason": "left", "on": "2025-01-01"}, headers=STAFF_XZ
    )
    assert left.json()["status"] == "left"
    again = await membership.post("/members", json=member_body(jd, 11), headers=STAFF_JD)
    assert again.status_code == 201, again.text


async def test_coverage_per_union_and_station(membership):
    xz, _ = await setup_two_stations(membership)
    for n in range(3):
        await membership.post("/members", json=member_body(xz, 20 + n), headers=STAFF_XZ)
    cover = (await membership.get("/coverage?station=XZ01", headers=STAFF_XZ)).json()
    assert cover["stations"] == [
        {
            "station_code": "XZ01",
            "unions": 1,
            "members": 3,
            "employees": 10,
            "membership_rate": 0.3,
        },
    ]


async def test_export_lists_only_the_callers_members_with_masked_numbers(membership):
    xz, jd = await setup_two_stations(membership)
    await membership.post("/members", json=member_body(xz, 30), headers=STAFF_XZ)
    await membership.post("/members", json=member_body(jd, 31), headers=STAFF_JD)
    response = await membership.get("/members/export.csv", headers=STAFF_XZ)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("会员证号,姓名,身份证号")
    assert len(lines) == 2 and "会员30" in lines[1]
    assert resident_id(30) not in response.text and "13800000030" not in response.text


async def test_a_mistyped_id_number_is_corrected_and_the_new_one_is_what_counts(membership):
    xz, _ = await setup_two_stations(membership)
    typo = resident_id(40, birth="19910202")
    m = (
        await membership.post(
            "/members", json=member_body(xz, 40, resident_id=typo), headers=STAFF_XZ
        )
    ).json()
    other = await membership.post("/members", json=member_body(xz, 41), headers=STAFF_XZ)
    taken = await membership.patch(
        f"/members/{m['id']}",
        json={"resident_id": resident_id(41), "reason": "ID card"},
        headers=STAFF_XZ,
    )
    assert other.status_code == 201 and taken.status_code == 409
    fixed = await membership.patch(
        f"/members/{m['id']}",
        json={"resident_id": resident_id(40), "reason": "ID card"},
        headers=STAFF_XZ,
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["birth_date"] == "1990-01-01"
    history = (await membership.get(f"/members/{m['id']}/corrections", headers=STAFF_XZ)).json()
    assert [(h["field"], h["old"]) for h in history] == [("resident_id", "(hidden)")]
    purpose = "walk-in visit"
    new = await membership.post(
        "/members/lookup",
        json={"resident_id": resident_id(40), "purpose": purpose},
        headers=STAFF_XZ,
    )
    old = await membership.post(
        "/members/lookup", json={"resident_id": typo, "purpose": purpose}, headers=STAFF_XZ
    )
    assert new.json()["id"] == m["id"] and old.status_code == 404


async def test_a_station_administrator_sees_only_their_stations_audit(membership):
    xz, jd = await setup_two_stations(membership)
    mine = (await membership.post("/members", json=member_body(xz, 50), headers=STAFF_XZ)).json()
    theirs = (await membership.post("/members", json=member_body(jd, 51), headers=STAFF_JD)).json()
    admin_jd = token(Role.station_admin, stations=("JD02",), subject="admin-jd")
    for member, admin in ((mine, ADMIN_XZ), (theirs, admin_jd)):
        await membership.get(
            f"/members/{member['id']}?reveal=true&purpose=aid check", headers=admin
        )
    seen = (await membership.get("/audit", headers=ADMIN_XZ)).json()
    assert [e["record_id"] for e in seen["items"]] == [mine["id"]]
    everything = (await membership.get("/audit", headers=FED_ADMIN)).json()
    assert everything["total"] == 2
