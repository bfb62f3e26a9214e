"""Grants: eligibility at application, review and approval within the budget, publicity with
masked names, objections, payment, declining and cancelling, one grant per person and period,
station scope."""

from datetime import date, timedelta

from aid_fixtures import (
    ADMIN_XZ,
    FED,
    FED_ADMIN,
    STAFF_JD,
    STAFF_XZ,
    apply,
    approved,
    member,
    on_file,
    program,
)


async def test_only_federation_admins_open_programs_and_set_budgets(aid):
    assert (await aid.post("/programs", json={}, headers=FED)).status_code == 403
    p = await program(aid, {"XZ01": "1000", None: "5000"})
    assert p["publicity_days"] == 5
    again = await aid.post("/programs", json={**_plan(p), "title": "again"}, headers=FED_ADMIN)
    assert (again.status_code, again.json()["errors"][0]["rule"]) == (409, "one_program_per_period")
    seen = (await aid.get(f"/programs/{p['id']}", headers=STAFF_XZ)).json()["budgets"]
    assert [(b["station_code"], b["amount"]) for b in seen] == [("XZ01", "1000.00")]
    everything = (await aid.get(f"/programs/{p['id']}", headers=FED)).json()["budgets"]
    assert {b["station_code"] for b in everything} == {None, "XZ01"}


def _plan(p: dict) -> dict:
    keys = ("kind", "period", "year", "title", "per_person_cap", "eligibility")
    return {k: p[k] for k in keys}


async def test_eligibility_is_checked_when_applying(aid):
    p = await program(aid, eligibility={"levels": ["deep"], "documents": ["diagnosis"]})
    no_file = await member(aid)
    r = await apply(aid, p["id"], no_file, documents=["diagnosis"])
    assert (r.status_code, r.json()["errors"][0]["rule"]) == (422, "hardship_file")
    relative = await member(aid)
    await on_file(aid, relative, level="relative")
    r = await apply(aid, p["id"], relative, documents=["diagnosis"])
    assert r.json()["errors"][0]["rule"] == "hardship_level"
    deep = await member(aid)
    await on_file(aid, deep)
    r = await apply(aid, p["id"], deep)
    assert r.json()["errors"][0]["message"] == "missing documents: diagnosis"
    r = await apply(aid, p["id"], deep, documents=["diagnosis"], amount="900")
    assert r.json()["errors"][0]["rule"] == "within_cap"
    r = await apply(aid, p["id"], deep, documents=["diagnosis"], applied_on="2026-11-03")
    assert r.json()["errors"][0]["rule"] == "not_future"
    r = await apply(aid, p["id"], deep, documents=["diagnosis"], applied_on="2026-10-20")
    assert (r.status_code, r.json()["amount"], r.json()["status"]) == (201, "800.00", "applied")
    assert r.json()["applied_on"] == "2026-10-20"
    assert "person_key" not in r.json() and "name" not in r.json()


async def test_education_aid_per_child_and_model_worker_relief_from_titles(aid):
    edu = await program(
        aid,
        kind="education_aid",
        per_person_cap="3000",
        eligibility={
            "hardship_file_required": False,
            "stage_amounts": {"primary": "500", "undergraduate": "2000"},
        },
    )
    who = await member(aid)
    r = await apply(aid, edu["id"], who, children=["primary", "undergraduate"])
    assert (r.status_code, r.json()["amount"]) == (201, "2500.00")
    relief = await program(
        aid, kind="model_worker_relief", eligibility={"hardship_file_required": False}
    )
    assert relief["eligibility"]["model_worker_only"] is True
    worker = await member(aid)
    refused = await apply(aid, relief["id"], worker)
    assert refused.json()["errors"][0]["rule"] == "model_worker"
    async with aid.runtime.uow() as uow:
        await uow.titles.awarded(
            "ttl-1", (await uow.members.get(worker["member_id"]))["person_key"]
        )
        await uow.commit()
    assert (await apply(aid, relief["id"], worker)).status_code == 201


async def test_the_whole_way_to_payment_with_publicity_and_a_dismissed_objection(aid):
    p = await program(aid, {"XZ01": "2000"})
    who = await member(aid)
    await on_file(aid, who)
    grant = await approved(aid, p["id"], who, amount="600", name="张小三")
    assert grant["status"] == "approved" and grant["allowed_actions"] == ["publicise", "cancel"]
    early = await aid.post(
        f"/grants/{grant['id']}/disbursement", json=_payment(aid), headers=STAFF_XZ
    )
    assert early.status_code == 409
    listed = await aid.post(
        "/grants/publicity", json={"grant_ids": [grant["id"]]}, headers=STAFF_XZ
    )
    g = listed.json()["items"][0]
    assert (g["publicity_from"], g["publicity_until"]) == ("2026-11-02", "2026-11-06")
    public = (await aid.get(f"/programs/{p['id']}/public-list", headers=STAFF_XZ)).json()
    assert public["items"] == [
        {
            "name": "张*三",
            "station_code": "XZ01",
            "union_id": "u-1",
            "program": p["title"],
            "amount": "600.00",
            "publicity_from": "2026-11-02",
            "publicity_until": "2026-11-06",
        }
    ]
    sheet = await aid.get(f"/programs/{p['id']}/public-list.xlsx", headers=STAFF_XZ)
    assert sheet.content[:2] == b"PK" and who["resident_id"].encode() not in sheet.content
    objection = await aid.post(
        f"/grants/{grant['id']}/objections",
        json={"summary": "邻居反映其家有两套房"},
        headers=STAFF_XZ,
    )
    assert objection.status_code == 201
    aid.clock.advance(5)
    undecided = await aid.post(
        f"/grants/{grant['id']}/disbursement", json=_payment(aid), headers=STAFF_XZ
    )
    assert undecided.json()["errors"][0]["rule"] == "all_decided"
    by_station = await aid.post(
        f"/objections/{objection.json()['id']}/decision", json={"upheld": False}, headers=STAFF_XZ
    )
    assert by_station.status_code == 403
    decided = await aid.post(
        f"/objections/{objection.json()['id']}/decision",
        json={"upheld": False, "note": "核实为租住"},
        headers=FED,
    )
    assert decided.json()["grant_status"] == "publicised"
    paid = await aid.post(
        f"/grants/{grant['id']}/disbursement", json=_payment(aid, amount="550"), headers=STAFF_XZ
    )
    assert paid.status_code == 200, paid.text
    assert (paid.json()["status"], paid.json()["disbursed_amount"]) == ("disbursed", "550.00")
    budget = (await aid.get(f"/programs/{p['id']}", headers=FED)).json()["budgets"][0]
    assert (budget["committed"], budget["paid"], budget["available"]) == (
        "550.00",
        "550.00",
        "1450.00",
    )
    detail = (await aid.get(f"/grants/{grant['id']}", headers=STAFF_XZ)).json()
    assert [h["action"] for h in detail["history"]] == [
        "apply",
        "review",
        "approve",
        "publicise",
        "disburse",
    ]
    assert detail["objections"][0]["upheld"] is False


def _payment(aid, amount="600") -> dict:
    return {
        "amount": amount,
        "method": "bank_transfer",
        "payment_reference": "ICBC-2026-0001",
        "disbursed_on": aid.clock.today.isoformat(),
    }


async def test_an_upheld_objection_declines_the_grant_and_releases_its_amount(aid):
    p = await program(aid, {"XZ01": "1000"})
    who = await member(aid)
    await on_file(aid, who)
    grant = await approved(aid, p["id"], who)
    await aid.post("/grants/publicity", json={"grant_ids": [grant["id"]]}, headers=STAFF_XZ)
    objection = await aid.post(
        f"/grants/{grant['id']}/objections", json={"summary": "已在外地领取"}, headers=STAFF_XZ
    )
    decided = await aid.post(
        f"/objections/{objection.json()['id']}/decision", json={"upheld": True}, headers=FED
    )
    assert decided.json()["grant_status"] == "declined"
    g = (await aid.get(f"/grants/{grant['id']}", headers=FED)).json()
    assert (g["status"], g["end_reason"]) == ("declined", "objection_upheld")
    budget = (await aid.get(f"/programs/{p['id']}", headers=FED)).json()["budgets"][0]
    assert budget["committed"] == "0.00"
    # Declined: the person may apply again in the same period.
    assert (await apply(aid, p["id"], who)).status_code == 201


async def test_approval_never_passes_the_budget_and_falls_back_to_the_federations(aid):
    p = await program(aid, {"XZ01": "1000"})
    grants = []
    for _ in range(2):
        who = await member(aid)
        await on_file(aid, who)
        r = await apply(aid, p["id"], who, amount="600")
        await aid.post(f"/grants/{r.json()['id']}/review", json={}, headers=STAFF_XZ)
        grants.append(r.json()["id"])
    assert (await aid.post(f"/grants/{grants[0]}/approval", json={}, headers=ADMIN_XZ)).is_success
    over = await aid.post(f"/grants/{grants[1]}/approval", json={}, headers=ADMIN_XZ)
    assert (over.status_code, over.json()["errors"][0]["rule"]) == (409, "budget_available")
    staff = await aid.post(f"/grants/{grants[1]}/approval", json={}, headers=STAFF_XZ)
    assert staff.status_code == 403
    declined = await aid.post(
        f"/grants/{grants[1]}/decline", json={"reason": "budget_exhausted"}, headers=STAFF_XZ
    )
    assert declined.json()["status"] == "declined"
    cancelled = await aid.post(
        f"/grants/{grants[0]}/cancel", json={"reason": "applicant_withdrew"}, headers=STAFF_XZ
    )
    assert cancelled.json()["status"] == "cancelled"
    federation_only = await program(aid, {None: "500"})
    jd = await member(aid, "JD02")
    await on_file(aid, jd, headers=STAFF_JD)
    r = await apply(aid, federation_only["id"], jd, headers=STAFF_JD, amount="300")
    assert (r.status_code, r.json()["budget_holder"]) == (201, "federation")
    none = await program(aid, {})
    r = await apply(aid, none["id"], jd, headers=STAFF_JD)
    assert (r.status_code, r.json()["errors"][0]["rule"]) == (409, "budget_set")


async def test_the_same_help_in_the_same_period_is_refused_naming_the_first(aid):
    p = await program(aid, {"XZ01": "5000", "JD02": "5000"})
    who = await member(aid)
    await on_file(aid, who)
    first = await approved(aid, p["id"], who)
    again = await apply(aid, p["id"], who)
    assert again.status_code == 409
    error, context = again.json()["errors"][0], again.json()["context"]
    assert error["rule"] == "already_granted" and "already granted" in error["message"]
    assert context == {
        "station_code": "XZ01",
        "grant_id": first["id"],
        "status": "approved",
        "recorded_on": "2026-11-02",
    }
    other = await program(aid, {"XZ01": "5000"}, kind="summer_relief")
    assert (await apply(aid, other["id"], who)).status_code == 201  # another kind of help


async def test_station_staff_see_and_touch_only_their_stations_grants(aid):
    p = await program(aid, {"XZ01": "5000", "JD02": "5000"})
    who = await member(aid)
    await on_file(aid, who)
    grant = await approved(aid, p["id"], who)
    assert (await aid.get(f"/grants/{grant['id']}", headers=STAFF_JD)).status_code == 404
    assert (await aid.get("/grants", headers=STAFF_JD)).json()["total"] == 0
    assert (await aid.get("/grants", headers=STAFF_XZ)).json()["total"] == 1
    cancel = await aid.post(
        f"/grants/{grant['id']}/cancel", json={"reason": "other"}, headers=STAFF_JD
    )
    assert cancel.status_code == 404
    await aid.post("/grants/publicity", json={"grant_ids": [grant["id"]]}, headers=STAFF_XZ)
    assert (await aid.get(f"/programs/{p['id']}/public-list", headers=STAFF_JD)).json()[
        "items"
    ] == []
    assert (await aid.get("/conflicts", headers=STAFF_XZ)).status_code == 403
    known = (await aid.get(f"/members/{who['member_id']}", headers=STAFF_XZ)).json()
    assert (known["station_code"], known["active"], known["hardship_file"]["status"]) == (
        "XZ01",
        True,
        "on_file",
    )
    assert (await aid.get(f"/members/{who['member_id']}", headers=STAFF_JD)).status_code == 404


async def test_the_monthly_report_counts_budget_committed_paid_and_people(aid):
    p = await program(aid, {"XZ01": "3000", "JD02": "1000"})
    paid_on = aid.clock.today + timedelta(days=6)
    for _ in range(2):
        who = await member(aid)
        await on_file(aid, who)
        grant = await approved(aid, p["id"], who, amount="700")
        await aid.post("/grants/publicity", json={"grant_ids": [grant["id"]]}, headers=STAFF_XZ)
    aid.clock.today = paid_on
    listed = (await aid.get(f"/grants?program_id={p['id']}", headers=FED)).json()["items"]
    first = listed[0]["id"]
    pay = _payment(aid, "700") | {"disbursed_on": paid_on.isoformat()}
    assert (await aid.post(f"/grants/{first}/disbursement", json=pay, headers=STAFF_XZ)).is_success
    report = (await aid.get("/reports/monthly?year=2026&month=11", headers=FED)).json()
    rows = {r["station_code"]: r for r in report["rows"] if r["program_id"] == p["id"]}
    assert (
        rows["XZ01"]["budget"],
        rows["XZ01"]["committed"],
        rows["XZ01"]["paid_in_month"],
        rows["XZ01"]["people_helped_in_month"],
    ) == ("3000.00", "1400.00", "700.00", 1)
    assert rows["JD02"]["paid_in_month"] == "0.00"
    mine = (await aid.get("/reports/monthly?year=2026&month=11", headers=STAFF_JD)).json()
    assert {r["station_code"] for r in mine["rows"]} == {"JD02"}
    assert (await aid.get("/reports/monthly?year=2026&month=12", headers=FED)).json()["totals"][
        "people_helped_in_month"
    ] == 0
    sheet = await aid.get("/reports/monthly.xlsx?year=2026&month=11", headers=FED)
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    assert date.fromisoformat(listed[0]["applied_on"]) == date(2026, 11, 2)
