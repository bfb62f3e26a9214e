"""Workers send complaints online without an account; staff take them from there."""

from __future__ import annotations

from grievance_fixtures import STAFF_XZ, case_body


def complaint(**extra) -> dict:
    body = case_body(description="老板拖欠三个月工资，多次讨要无果。") | extra
    for staff_only in ("channel", "amount_claimed"):
        body.pop(staff_only)
    return body


async def test_an_online_complaint_reaches_the_station(grievance):
    response = await grievance.post("/online/cases", json=complaint())
    assert response.status_code == 201, response.text
    answer = response.json()
    assert set(answer) == {"case_id", "status", "accept_by", "message"}  # nothing personal
    case = (await grievance.get(f"/cases/{answer['case_id']}", headers=STAFF_XZ)).json()
    assert (case["channel"], case["status"], case["timeline"][0]["by"]) == (
        "online",
        "received",
        "online",
    )


async def test_online_complaints_are_checked_and_limited(grievance):
    bad = await grievance.post("/online/cases", json=complaint(worker_phone="12"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "worker_phone"
    answers = [
        (await grievance.post("/online/cases", json=complaint())).status_code for _ in range(5)
    ]
    # Five attempts an hour per address, the refused one included.
    assert answers == [201, 201, 201, 201, 429]
