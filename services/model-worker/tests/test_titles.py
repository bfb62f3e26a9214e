"""A title that is not for life: yearly assessment with the employer, failure → revocation
proposal → approval → revoked; expiry at the end of the term by the sweep; benefits due while
in force and refused after; lists, exports, station scope; innovation studios."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from model_worker_fixtures import FED, STAFF_JD, STAFF_XZ, awarded_titles
from openpyxl import load_workbook

from unionfed.common.testing.people import credit_code, resident_id
from unionfed.model_worker.service.titles import sweep_expiry


async def assess(client, title_id: str, year: int, passed: bool, **extra):
    body = {"year": year, "passed": passed, "employer_opinion": "单位同意"} | extra
    return await client.post(f"/v1/titles/{title_id}/assessments", json=body, headers=STAFF_XZ)


async def deliver(client, title_id: str, benefit: str, year: int = 2026):
    body = {"benefit": benefit, "year": year, "delivered_on": f"{year}-06-01"}
    return await client.post(f"/v1/titles/{title_id}/benefits", json=body, headers=STAFF_XZ)


async def due(client, year: int = 2026, headers=FED) -> list[tuple[str, str]]:
    items = (await client.get(f"/v1/benefits/due?year={year}", headers=headers)).json()["items"]
    return sorted((i["title_id"], i["benefit"]) for i in items)


async def test_failed_assessment_leads_to_revocation_and_benefits_stop(office):
    kept, failing = await awarded_titles(office, [{}, {"front_line": False}])
    pending = (await office.get("/v1/assessments/due?year=2026", headers=STAFF_XZ)).json()
    assert {t["id"] for t in pending["items"]} == {kept, failing}
    assert (await assess(office, kept, 2026, True)).json()["status"] == "active"
    again = await assess(office, kept, 2026, True)
    assert again.status_code == 409
    assert again.json()["errors"][0]["rule"] == "once_a_year"
    pending = (await office.get("/v1/assessments/due?year=2026", headers=STAFF_XZ)).json()
    assert [t["id"] for t in pending["items"]] == [failing]
    no_reasons = await assess(office, failing, 2026, False)
    assert no_reasons.json()["errors"][0]["rule"] == "required_for_fail"
    failed = await assess(office, failing, 2026, False, reasons="年度考核不合格：违反劳动纪律")
    assert failed.json()["status"] == "revocation_proposed"
    # until the revocation is approved, benefits are still due and delivered
    assert (await deliver(office, failing, "health_check")).status_code == 201
    no_document = await office.post(
        f"/v1/titles/{failing}/revocation-decision",
        json={"approved": True, "decided_on": "2026-12-20"},
        headers=FED,
    )
    assert no_document.json()["errors"][0]["field"] == "document_number"
    station_cannot = await office.post(
        f"/v1/titles/{failing}/revocation-decision",
        json={
            "approved": True,
            "decided_on": "2026-12-20",
            "document_number": "县政发〔2026〕30号",
        },
        headers=STAFF_XZ,
    )
    assert station_cannot.status_code == 403
    revoked = await office.post(
        f"/v1/titles/{failing}/revocation-decision",
        json={
            "approved": True,
            "decided_on": "2026-12-20",
            "document_number": "县政发〔2026〕30号",
        },
        headers=FED,
    )
    assert revoked.json()["status"] == "revoked"
    read = (await office.get(f"/v1/titles/{failing}", headers=STAFF_XZ)).json()
    assert (read["document_number"], read["revocation_document_number"]) == (
        "县委发〔2026〕12号",
        "县政发〔2026〕30号",
    )
    assert [a["passed"] for a in read["assessments"]] == [False]
    stopped = await deliver(office, failing, "study_visit")
    assert stopped.status_code == 409
    assert stopped.json()["errors"][0]["rule"] == "benefits_stopped"
    assert {t for t, _ in await due(office)} == {kept}
    assert (await assess(office, failing, 2027, True)).status_code == 409


async def test_rejected_proposal_keeps_the_title(office):
    [title] = await awarded_titles(office, [{}])
    await office.post(
        f"/v1/titles/{title}/revocation-proposal", json={"reason": "举报"}, headers=STAFF_XZ
    )
    kept = await office.post(
        f"/v1/titles/{title}/revocation-decision",
        json={"approved": False, "decided_on": "2026-05-01"},
        headers=FED,
    )
    assert kept.json()["status"] == "active"


async def test_expiry_at_end_of_term_stops_benefits(office):
    [title] = await awarded_titles(office, [{}])
    assert await due(office, 2030) == [
        (title, "health_check"),
        (title, "study_visit"),
        (title, "union_newspaper"),
    ]
    assert (await deliver(office, title, "union_newspaper", 2030)).status_code == 201
    assert await due(office, 2030) == [(title, "health_check"), (title, "study_visit")]
    office.clock.today = date(2031, 3, 31)  # the last day of the term
    assert await sweep_expiry(office.runtime.uow, office.runtime.office) == 0
    office.clock.today = date(2031, 4, 1)
    assert await sweep_expiry(office.runtime.uow, office.runtime.office) == 1
    assert await sweep_expiry(office.runtime.uow, office.runtime.office) == 0
    read = (await office.get(f"/v1/titles/{title}", headers=FED)).json()
    assert (read["status"], read["ended_on"]) == ("expired", "2031-03-31")
    assert await due(office, 2030) == []
    assert (await deliver(office, title, "health_check", 2030)).status_code == 409
    assert (await assess(office, title, 2031, True)).status_code == 409


async def test_lists_exports_and_station_scope(office):
    jd_nominee = {"station_code": "JD02", "front_line": False, "headers": STAFF_JD}
    xz, jd = await awarded_titles(office, [{}, jd_nominee])
    assert (await office.get(f"/v1/titles/{jd}", headers=STAFF_XZ)).status_code == 404
    assert (await deliver(office, jd, "health_check")).status_code == 404
    mine = (await office.get("/v1/titles", headers=STAFF_XZ)).json()
    assert [t["id"] for t in mine["items"]] == [xz] and mine["total"] == 1
    everyone = (await office.get("/v1/titles?size=1&page=2", headers=FED)).json()
    assert everyone["total"] == 2 and len(everyone["items"]) == 1
    searched = (await office.get("/v1/titles?q=机械", headers=FED)).json()
    assert searched["total"] == 2
    assert {t for t, _ in await due(office, headers=STAFF_JD)} == {jd}

    export = await office.get("/v1/titles.xlsx", headers=STAFF_XZ)
    assert export.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(export.content)).active.values)
    assert rows[0][:2] == ("id", "name") and [r[0] for r in rows[1:]] == [xz]
    due_export = await office.get("/v1/benefits/due.xlsx?year=2026", headers=FED)
    due_rows = list(load_workbook(BytesIO(due_export.content)).active.values)
    assert len(due_rows) == 1 + 2 * 3


async def test_innovation_studio(office):
    [title] = await awarded_titles(office, [{}])
    body = {
        "name": "张师傅数控创新工作室",
        "station_code": "XZ01",
        "lead_title_id": title,
        "field": "数控加工",
        "member_ids": ["m-1", "m-2"],
    }
    studio = await office.post("/v1/studios", json=body, headers=STAFF_XZ)
    assert studio.status_code == 201, studio.text
    studio_id = studio.json()["id"]
    achievement = await office.post(
        f"/v1/studios/{studio_id}/achievements",
        json={"year": 2026, "title": "刀具寿命提升30%", "kind": "innovation"},
        headers=STAFF_XZ,
    )
    assert achievement.json()["achievements"][0]["title"] == "刀具寿命提升30%"
    listed = (await office.get("/v1/studios?q=数控", headers=STAFF_JD)).json()
    assert listed["total"] == 0
    listed = (await office.get("/v1/studios?q=数控", headers=STAFF_XZ)).json()
    assert listed["items"][0]["member_ids"] == ["m-1", "m-2"]
    await office.post(
        f"/v1/titles/{title}/revocation-proposal", json={"reason": "x"}, headers=STAFF_XZ
    )
    await office.post(
        f"/v1/titles/{title}/revocation-decision",
        json={"approved": True, "decided_on": "2026-05-01", "document_number": "1号"},
        headers=FED,
    )
    refused = await office.post("/v1/studios", json=body, headers=STAFF_XZ)
    assert refused.json()["errors"][0]["rule"] == "title_in_force"


async def test_title_awarded_at_a_higher_level_is_recorded_and_managed(office):
    body = {
        "station_code": "XZ01",
        "name": "省劳模甲",
        "resident_id": resident_id(),
        "level": "provincial",
        "sector": "industry",
        "employer_credit_code": credit_code(),
        "employer_name": "某某公司",
        "awarded_on": "2025-05-01",
        "document_number": "省政发1号",
    }
    county = await office.post("/v1/titles", json=body | {"level": "county"}, headers=STAFF_XZ)
    assert county.json()["errors"][0]["rule"] == "awarded_elsewhere"
    recorded = await office.post("/v1/titles", json=body, headers=STAFF_XZ)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["managed_until"] == "2030-04-30"
    twice = await office.post("/v1/titles", json=body, headers=STAFF_XZ)
    assert twice.json()["errors"][0]["rule"] == "one_title_per_level"
    elsewhere = await office.post(
        "/v1/titles", json=body | {"station_code": "JD02"}, headers=STAFF_XZ
    )
    assert elsewhere.status_code == 404
    title_id = recorded.json()["id"]
    assert (await assess(office, title_id, 2026, True)).status_code == 201
    assert {t for t, _ in await due(office)} == {title_id}
