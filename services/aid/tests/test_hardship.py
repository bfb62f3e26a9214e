"""Hardship files: opening for an active member, the review steps, re-verification and the
overdue flag, leaving the file, the details kept private, station scope."""

from datetime import date

from aid_fixtures import (
    ADMIN_XZ,
    FED,
    STAFF_JD,
    STAFF_XZ,
    household,
    member,
    on_file,
)
from sqlalchemy import select

from unionfed.aid.service.hardship import flag_overdue


async def test_a_file_goes_through_every_step_with_who_when_and_note(aid):
    who = await member(aid)
    r = await aid.post(
        "/hardship-files", json=household(member_id=who["member_id"]), headers=STAFF_XZ
    )
    assert r.status_code == 201, r.text
    f = r.json()
    assert (f["status"], f["station_code"], f["allowed_steps"]) == (
        "applied",
        "XZ01",
        ["union_review", "reject"],
    )
    assert "monthly_household_income" not in f and "cause_details" not in f
    wrong = await aid.post(f"/hardship-files/{f['id']}/steps/approve", json={}, headers=FED)
    assert wrong.status_code == 409
    assert wrong.json()["errors"][0]["rule"] == "allowed_steps"
    assert wrong.json()["context"]["allowed"] == "union_review,reject"
    for step, headers, note in (
        ("union_review", STAFF_XZ, "工会初审同意"),
        ("home_visit", STAFF_XZ, "入户核实属实"),
    ):
        done = await aid.post(
            f"/hardship-files/{f['id']}/steps/{step}", json={"note": note}, headers=headers
        )
        assert done.status_code == 200, done.text
    station_approves = await aid.post(
        f"/hardship-files/{f['id']}/steps/approve", json={}, headers=ADMIN_XZ
    )
    assert station_approves.status_code == 409
    approved = await aid.post(f"/hardship-files/{f['id']}/steps/approve", json={}, headers=FED)
    assert approved.json()["status"] == "on_file"
    assert approved.json()["reverify_by"] == "2027-11-02"
    read = (await aid.get(f"/hardship-files/{f['id']}", headers=STAFF_XZ)).json()
    assert [(s["step"], s["by"]) for s in read["steps"]] == [
        ("apply", "staff-xz"),
        ("union_review", "staff-xz"),
        ("home_visit", "staff-xz"),
        ("approve", "fed-staff"),
    ]
    assert read["steps"][2]["note"] == "入户核实属实" and read["steps"][2]["at"]


async def test_only_active_members_under_the_threshold_and_one_open_file_each(aid):
    left = await member(aid, active=False)
    r = await aid.post(
        "/hardship-files", json=household(member_id=left["member_id"]), headers=STAFF_XZ
    )
    assert (r.status_code, r.json()["errors"][0]["rule"]) == (422, "active_member")
    who = await member(aid)
    rich = household(member_id=who["member_id"], monthly_household_income="3600.03")
    r = await aid.post("/hardship-files", json=rich, headers=STAFF_XZ)
    assert (r.status_code, r.json()["errors"][0]["rule"]) == (422, "under_threshold")
    assert r.json()["context"]["threshold"] == "1180"
    first = await aid.post(
        "/hardship-files", json=household(member_id=who["member_id"]), headers=STAFF_XZ
    )
    again = await aid.post(
        "/hardship-files", json=household(member_id=who["member_id"]), headers=STAFF_XZ
    )
    assert first.status_code == 201 and again.status_code == 409
    assert again.json()["context"]["file_id"] == first.json()["id"]


async def test_files_past_their_date_are_flagged_then_reverified_or_closed(aid):
    kept, leaving = await member(aid), await member(aid)
    kept_file, leaving_file = await on_file(aid, kept), await on_file(aid, leaving)
    aid.clock.today = date(2027, 11, 3)
    assert await flag_overdue(aid.runtime.uow(), aid.runtime.office) == 2
    overdue = (await aid.get("/hardship-files?overdue=true", headers=STAFF_XZ)).json()
    assert {f["id"] for f in overdue["items"]} == {kept_file, leaving_file}
    r = await aid.post(
        f"/hardship-files/{kept_file}/reverification",
        json=household(household_size=4, level="relative"),
        headers=STAFF_XZ,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["reverify_by"], r.json()["overdue"], r.json()["level"]) == (
        "2028-11-03",
        False,
        "relative",
    )
    bad = await aid.post(
        f"/hardship-files/{leaving_file}/closure", json={"reason": "rich"}, headers=STAFF_XZ
    )
    assert bad.status_code == 422
    closed = await aid.post(
        f"/hardship-files/{leaving_file}/closure",
        json={"reason": "out_of_hardship", "note": "子女就业"},
        headers=STAFF_XZ,
    )
    assert (closed.json()["status"], closed.json()["close_reason"]) == ("closed", "out_of_hardship")
    assert (await aid.get("/hardship-files?overdue=true", headers=STAFF_XZ)).json()["total"] == 0
    again = await aid.post(
        f"/hardship-files/{leaving_file}/reverification", json=household(), headers=STAFF_XZ
    )
    assert again.status_code == 409


async def test_income_and_details_are_encrypted_and_revealed_only_with_a_purpose(aid):
    who = await member(aid)
    file_id = await on_file(aid, who)
    async with aid.runtime.uow() as uow:
        row = (await uow.session.execute(select(aid.runtime.tables.files))).one()
    assert "2400" not in row.income_enc and "肝癌" not in row.cause_details_enc
    no_purpose = await aid.get(f"/hardship-files/{file_id}?reveal=true", headers=ADMIN_XZ)
    assert no_purpose.status_code == 422
    shown = await aid.get(
        f"/hardship-files/{file_id}?reveal=true&purpose=送温暖核对", headers=ADMIN_XZ
    )
    body = shown.json()
    assert body["monthly_household_income"] == "2400" and body["income_per_head"] == "800.00"
    assert body["cause_details"] == "丈夫肝癌晚期，长期化疗"
    audit = (await aid.get("/audit", headers=ADMIN_XZ)).json()["items"]
    assert [(a["record_id"], a["purpose"]) for a in audit] == [(file_id, "送温暖核对")]


async def test_another_stations_files_are_invisible_and_an_export_is_there(aid):
    who = await member(aid)
    file_id = await on_file(aid, who)
    assert (await aid.get(f"/hardship-files/{file_id}", headers=STAFF_JD)).status_code == 404
    assert (await aid.get("/hardship-files", headers=STAFF_JD)).json()["total"] == 0
    step = await aid.post(
        f"/hardship-files/{file_id}/closure", json={"reason": "other"}, headers=STAFF_JD
    )
    assert step.status_code == 404
    elsewhere = await aid.post(
        "/hardship-files", json=household(member_id=who["member_id"]), headers=STAFF_JD
    )
    assert elsewhere.status_code == 404
    sheet = await aid.get("/hardship-files.xlsx", headers=FED)
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
