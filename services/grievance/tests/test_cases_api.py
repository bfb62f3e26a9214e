"""Grievance cases through the HTTP API on a real database."""

from __future__ import annotations

from grievance_fixtures import FED_STAFF, STAFF_JD, STAFF_XZ, case_body


async def test_intake_sets_the_accept_deadline_and_masks_the_phone(grievance):
    response = await grievance.post("/cases", json=case_body(), headers=STAFF_XZ)
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["status"] == "received"
    assert case["allowed_steps"] == ["accept", "decline"]
    assert case["worker_phone"] == "138****0001" and "13800000001" not in response.text
    assert set(case["deadlines"]) == {"accept_by"}
    assert [s["action"] for s in case["timeline"]] == ["file"]


async def test_a_step_out_of_order_answers_409_with_the_allowed_steps(grievance):
    case = (await grievance.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    response = await grievance.post(
        f"/cases/{case['id']}/steps/resolve", json={"outcome": "settled"}, headers=STAFF_XZ
    )
    assert response.status_code == 409
    body = response.json()
    assert body["errors"][0]["rule"] == "allowed_from_status"
    assert body["context"]["allowed"] == "accept,decline"


async def test_the_whole_lifecycle_and_its_timeline(grievance):
    case = (await grievance.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    steps = [
        ("accept", {}),
        ("assign", {"handler": "王调解员"}),
        ("mediate", {"note": "约谈企业"}),
        ("resolve", {"outcome": "settled", "amount_recovered": "12000.00"}),
        ("record_feedback", {"satisfaction": 5, "note": "满意"}),
        ("close", {}),
    ]
    for step, body in steps:
        response = await grievance.post(
            f"/cases/{case['id']}/steps/{step}", json=body, headers=STAFF_XZ
        )
        assert response.status_code == 200, (step, response.text)
    final = (await grievance.get(f"/cases/{case['id']}", headers=STAFF_XZ)).json()
    assert final["status"] == "closed" and final["allowed_steps"] == []
    assert final["amount_recovered"] == "12000.00" and final["satisfaction"] == 5
    assert [s["action"] for s in final["timeline"]] == ["file"] + [s for s, _ in steps]
    assert final["timeline"][3]["note"] == "约谈企业"
    assert "mediation_by" in final["deadlines"]


async def test_a_step_missing_its_value_names_it(grievance):
    case = (await grievance.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    await grievance.post(f"/cases/{case['id']}/steps/accept", json={}, headers=STAFF_XZ)
    response = await grievance.post(f"/cases/{case['id']}/steps/assign", json={}, headers=STAFF_XZ)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "handler"


async def test_a_collective_case_is_escalated_at_once(grievance):
    case = (
        await grievance.post("/cases", json=case_body(workers_affected=25), headers=STAFF_XZ)
    ).json()
    assert case["collective"] and case["escalated"]
    assert [s["action"] for s in case["timeline"]] == ["file", "escalate"]


async def test_bad_input_names_the_field(grievance):
    for body, field in [
        (case_body(worker_phone="123"), "worker_phone"),
        (case_body(employer_credit_code="91110105MA0000000X"), "employer_credit_code"),
        (case_body(workers_affected=0), "workers_affected"),
        (case_body(category="gossip"), "category"),
    ]:
        response = await grievance.post("/cases", json=body, headers=STAFF_XZ)
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field
    assert (await grievance.get("/cases", headers=FED_STAFF)).json()["total"] == 0


async def test_station_scoping(grievance):
    mine = (await grievance.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    elsewhere = await grievance.post("/cases", json=case_body(station="XZ01"), headers=STAFF_JD)
    assert elsewhere.status_code == 404
    assert (await grievance.get(f"/cases/{mine['id']}", headers=STAFF_JD)).status_code == 404
    step = await grievance.post(f"/cases/{mine['id']}/steps/accept", json={}, headers=STAFF_JD)
    assert step.status_code == 404
    assert (await grievance.get("/cases", headers=STAFF_JD)).json()["total"] == 0
    assert (await grievance.get("/cases", headers=FED_STAFF)).json()["total"] == 1


async def test_a_case_may_name_a_member_only_if_they_are_an_active_member(grievance):
    unknown = await grievance.post(
        "/cases", json=case_body(member_id="m-unknown"), headers=STAFF_XZ
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "member_id"
    async with grievance.runtime.uow() as uow:  # as the membership events would tell it
        await uow.members.record("m-known", "XZ01", active=True)
        await uow.members.record("m-gone", "XZ01", active=False)
        await uow.commit()
    known = await grievance.post("/cases", json=case_body(member_id="m-known"), headers=STAFF_XZ)
    gone = await grievance.post("/cases", json=case_body(member_id="m-gone"), headers=STAFF_XZ)
    assert (known.status_code, gone.status_code) == (201, 422)
    assert known.json()["member_id"] == "m-known"


async def test_the_workers_phone_is_shown_for_a_stated_purpose_and_audited(grievance):
    from grievance_fixtures import token

    from unionfed.common.auth import Role

    case = (await grievance.post("/cases", json=case_body(), headers=STAFF_XZ)).json()
    no_purpose = await grievance.get(f"/cases/{case['id']}?reveal=true", headers=STAFF_XZ)
    assert no_purpose.status_code == 422
    assert no_purpose.json()["errors"][0]["field"] == "purpose"
    shown = await grievance.get(
        f"/cases/{case['id']}?reveal=true&purpose=call the worker back", headers=STAFF_XZ
    )
    assert shown.json()["worker_phone"] == "13800000001"
    admin_xz = token(Role.station_admin, stations=("XZ01",), subject="admin-xz")
    admin_jd = token(Role.station_admin, stations=("JD02",), subject="admin-jd")
    entries = (await grievance.get("/audit", headers=admin_xz)).json()["items"]
    assert [(e["actor"], e["action"], e["record_id"], e["purpose"]) for e in entries] == [
        ("staff-xz", "reveal", case["id"], "call the worker back")
    ]
    assert (await grievance.get("/audit", headers=admin_jd)).json()["items"] == []
    assert (await grievance.get("/audit", headers=STAFF_XZ)).status_code == 403
