"""The monthly supervision report (每月督查): per station and in total, as JSON and as .xlsx."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import openpyxl
from grievance_fixtures import FED_STAFF, STAFF_JD, STAFF_XZ, case_body, deployment

from unionfed.grievance.service.deadline_sweep import sweep_deadlines

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADERS = [
    "服务站",
    "受理/收到",
    "已受理",
    "不予受理",
    "已办结",
    "逾期",
    "月末未结",
    "办结天数中位数",
    "追回金额(元)",
    "满意度",
    "回访数",
    "群体性案件",
]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def file(client, headers: dict, *steps: tuple[str, dict], **body) -> str:
    case = await client.post("/cases", json=case_body(**body), headers=headers)
    assert case.status_code == 201, case.text
    case_id = case.json()["id"]
    for step, params in steps:
        response = await client.post(f"/cases/{case_id}/steps/{step}", json=params, headers=headers)
        assert response.status_code == 200, (step, response.text)
    return case_id


def resolved(amount: str | None, satisfaction: int | None = None) -> tuple[tuple[str, dict], ...]:
    steps = [
        ("accept", {}),
        ("assign", {"handler": "王调解员"}),
        ("resolve", {"outcome": "settled", "amount_recovered": amount}),
    ]
    if satisfaction is not None:
        steps.append(("record_feedback", {"satisfaction": satisfaction}))
    return tuple(steps)


async def a_month_of_cases(client) -> None:
    """XZ01: two resolved with feedback 5 and 4, one declined, one collective still open.
    JD02: one in mediation, one withdrawn with nothing recovered and feedback 4."""
    await file(client, STAFF_XZ, *resolved("12000.00", 5))
    await file(client, STAFF_XZ, *resolved("3500.50", 4))
    await file(client, STAFF_XZ, ("decline", {"reason": "不属于受理范围"}))
    await file(client, STAFF_XZ, workers_affected=25)
    jd = {"station": "JD02"}
    await file(
        client, STAFF_JD, ("accept", {}), ("assign", {"handler": "李律师"}), ("mediate", {}), **jd
    )
    await file(client, STAFF_JD, *resolved(None, 4), **jd)


def this_month(client) -> dict:
    now = client.runtime.desk.clock().astimezone(SHANGHAI)
    return {"year": now.year, "month": now.month}


async def report(client, headers: dict, **params) -> dict:
    response = await client.get("/reports/monthly", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def figures(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "station"}


XZ01 = {
    "received": 4,
    "accepted": 2,
    "declined": 1,
    "resolved": 2,
    "overdue": 0,
    "open_at_month_end": 1,
    "median_days_to_resolve": 0,
    "amount_recovered": "15500.50",
    "satisfaction": 4.5,
    "feedbacks": 2,
    "collective_received": 1,
}
JD02 = XZ01 | {
    "received": 2,
    "declined": 0,
    "resolved": 1,
    "amount_recovered": "0.00",
    "satisfaction": 4.0,
    "feedbacks": 1,
    "collective_received": 0,
}


async def test_the_federation_sees_every_station_and_the_county_total(grievance):
    await a_month_of_cases(grievance)
    body = await report(grievance, FED_STAFF, **this_month(grievance))
    assert body["county_wide"] is True
    assert [row["station"] for row in body["stations"]] == ["JD02", "XZ01"]
    assert figures(body["stations"][1]) == XZ01
    assert figures(body["stations"][0]) == JD02
    assert body["total"] == {
        "station": None,
        "received": 6,
        "accepted": 4,
        "declined": 1,
        "resolved": 3,
        "overdue": 0,
        "open_at_month_end": 2,
        "median_days_to_resolve": 0,
        "amount_recovered": "15500.50",
        "satisfaction": 4.3,  # (5 + 4 + 4) / 3
        "feedbacks": 3,
        "collective_received": 1,
    }


async def test_a_station_user_sees_only_their_station(grievance):
    await a_month_of_cases(grievance)
    month = this_month(grievance)
    body = await report(grievance, STAFF_JD, **month)
    assert body["county_wide"] is False
    assert [row["station"] for row in body["stations"]] == ["JD02"]
    assert figures(body["total"]) == JD02
    elsewhere = await grievance.get(
        "/reports/monthly", params=month | {"station": "XZ01"}, headers=STAFF_JD
    )
    assert elsewhere.status_code == 404
    one = await report(grievance, FED_STAFF, **month, station="XZ01")
    assert [row["station"] for row in one["stations"]] == ["XZ01"]
    assert figures(one["total"]) == XZ01 and one["county_wide"] is False


async def test_a_station_with_no_cases_still_has_its_row(grievance):
    body = await report(grievance, STAFF_XZ, **this_month(grievance))
    assert [row["station"] for row in body["stations"]] == ["XZ01"]
    assert body["total"]["received"] == 0 and body["total"]["amount_recovered"] == "0.00"
    assert body["total"]["median_days_to_resolve"] is None
    assert body["total"]["satisfaction"] is None


async def test_the_spreadsheet_has_the_headers_a_row_per_station_and_the_total(grievance):
    await a_month_of_cases(grievance)
    month = this_month(grievance)
    response = await grievance.get("/reports/monthly.xlsx", params=month, headers=FED_STAFF)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"grievance-{month['year']}-{month['month']:02d}.xlsx"
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["月度督查"]
    sheet = book["月度督查"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"{month['year']}年{month['month']}月 维权渠道运行情况"
    assert rows[1] == HEADERS
    assert [row[0] for row in rows[2:]] == ["JD02", "XZ01", "全县合计"]
    assert rows[-1] == ["全县合计", 6, 4, 1, 3, 0, 2, 0, 15500.5, 4.3, 3, 1]
    assert sheet.cell(row=len(rows), column=9).number_format == "#,##0.00"
    assert sheet.freeze_panes == "B3"
    # Counts only: no worker, employer or complaint text anywhere.
    text = " ".join(str(value) for row in rows for value in row if value is not None)
    for personal in ("申诉人甲", "13800000001", "某某建筑", "工资三个月未发", "王调解员"):
        assert personal not in text


async def test_a_month_outside_the_calendar_or_in_the_future_is_refused(grievance):
    month = this_month(grievance)
    for params, field in [
        (month | {"month": 13}, "month"),
        (month | {"month": 0}, "month"),
        (month | {"year": month["year"] + 1}, "year"),
    ]:
        for path in ("/reports/monthly", "/reports/monthly.xlsx"):
            response = await grievance.get(path, params=params, headers=FED_STAFF)
            assert response.status_code == 422, (params, response.text)
            assert response.json()["errors"][0]["field"] == field


async def test_months_run_in_shanghai_time_and_past_months_do_not_change(database_url, tmp_path):
    # 23:30 on 28 February in Shanghai is still February; 00:30 on 1 March is March.
    clock = Clock(datetime(2026, 2, 28, 15, 30, tzinfo=UTC))
    async with deployment(database_url, clock=clock, evidence_dir=str(tmp_path)) as client:
        february = await file(client, STAFF_XZ, ("accept", {}), ("assign", {"handler": "王调解员"}))
        clock.now = datetime(2026, 2, 28, 16, 30, tzinfo=UTC)
        await file(client, STAFF_XZ)  # never accepted: overdue by 10 March
        clock.now = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 3 March, 10:00 in Shanghai
        step = {"outcome": "partly_settled", "amount_recovered": "800.00"}
        response = await client.post(
            f"/cases/{february}/steps/resolve", json=step, headers=STAFF_XZ
        )
        assert response.status_code == 200, response.text
        clock.now = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
        assert await sweep_deadlines(client.runtime.uow, client.runtime.desk) == 1

        feb = (await report(client, FED_STAFF, year=2026, month=2))["total"]
        mar = (await report(client, FED_STAFF, year=2026, month=3))["total"]
        april = await client.get(
            "/reports/monthly", params={"year": 2026, "month": 4}, headers=FED_STAFF
        )

    assert (feb["received"], feb["accepted"], feb["resolved"]) == (1, 1, 0)
    assert (feb["open_at_month_end"], feb["overdue"]) == (1, 0)
    assert (mar["received"], mar["accepted"], mar["resolved"]) == (1, 0, 1)
    assert (mar["open_at_month_end"], mar["overdue"]) == (1, 1)
    assert mar["median_days_to_resolve"] == 3  # 28 February to 3 March
    assert mar["amount_recovered"] == "800.00"
    assert april.status_code == 422
    assert april.json()["errors"][0] == {
        "field": "month",
        "rule": "not_in_future",
        "message": "2026-04 has not begun yet",
    }
