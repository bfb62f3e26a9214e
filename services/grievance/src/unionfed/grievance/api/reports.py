"""The monthly supervision report (每月督查) as JSON and as a spreadsheet for the federation."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from fastapi import APIRouter, Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from pydantic import BaseModel, ConfigDict

from unionfed.grievance.api.cases import DeskDep, StaffDep, UowDep
from unionfed.grievance.service.report import Figures, MonthlyReport, monthly_report

router = APIRouter(tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column header, attribute of Figures, number format (None: a count).
COLUMNS = (
    ("受理/收到", "received", None),
    ("已受理", "accepted", None),
    ("不予受理", "declined", None),
    ("已办结", "resolved", None),
    ("逾期", "overdue", None),
    ("月末未结", "open_at_month_end", None),
    ("办结天数中位数", "median_days_to_resolve", "0.0"),
    ("追回金额(元)", "amount_recovered", "#,##0.00"),
    ("满意度", "satisfaction", "0.0"),
    ("回访数", "feedbacks", None),
    ("群体性案件", "collective_received", None),
)


class FiguresRead(BaseModel):
    """A station's month, or the total of the rows (``station`` null). See ``Figures``."""

    model_config = ConfigDict(from_attributes=True)

    station: str | None
    received: int
    accepted: int
    declined: int
    resolved: int
    overdue: int
    open_at_month_end: int
    median_days_to_resolve: float | None
    amount_recovered: Decimal
    satisfaction: float | None
    feedbacks: int
    collective_received: int


class MonthlyReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    year: int
    month: int
    starts_at: datetime
    ends_at: datetime
    county_wide: bool
    stations: list[FiguresRead]
    total: FiguresRead


@router.get("/reports/monthly", response_model=MonthlyReportRead)
async def monthly(
    uow: UowDep, who: StaffDep, desk: DeskDep, year: int, month: int, station: str | None = None
):
    """One month's figures per station the caller may see, and their total. Months run in
    Asia/Shanghai time; a future month or a month outside 1–12 answers 422 naming the field."""
    report = await monthly_report(
        uow, principal=who, year=year, month=month, station=station, now=desk.clock()
    )
    return MonthlyReportRead.model_validate(report)


@router.get("/reports/monthly.xlsx", response_class=Response)
async def monthly_xlsx(
    uow: UowDep, who: StaffDep, desk: DeskDep, year: int, month: int, station: str | None = None
) -> Response:
    """The same report as a spreadsheet (sheet 月度督查); counts only, no personal data."""
    report = await monthly_report(
        uow, principal=who, year=year, month=month, station=station, now=desk.clock()
    )
    return Response(
        render_xlsx(report),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="grievance-{year}-{month:02d}.xlsx"'
        },
    )


def render_xlsx(report: MonthlyReport) -> bytes:
    """A title row, the headers (frozen), a row per station and the total row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "月度督查"
    sheet.append([f"{report.year}年{report.month}月 维权渠道运行情况"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS) + 1)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["服务站", *(header for header, _, _ in COLUMNS)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    total_label = "全县合计" if report.county_wide else "合计"
    for figures in report.stations:
        _append(sheet, figures.station or "", figures)
    _append(sheet, total_label, report.total)
    for row in sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row):
        for cell in row:
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 14
    sheet.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, label: str, figures: Figures) -> None:
    sheet.append([label, *(getattr(figures, name) for _, name, _ in COLUMNS)])
    for (_, _, number_format), cell in zip(COLUMNS, sheet[sheet.max_row][1:], strict=True):
        if number_format:
            cell.number_format = number_format
