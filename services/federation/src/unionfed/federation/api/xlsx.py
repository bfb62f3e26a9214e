"""Reports as .xlsx workbooks: one sheet per table, headers in the asked language."""

from __future__ import annotations

import io
import re

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font

from unionfed.common.errors import NotFound
from unionfed.federation.domain.labels import label
from unionfed.federation.domain.report import Report, ReportTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(report: Report, *, lang: str, table: str | None, filename: str) -> Response:
    tables = report.tables
    if table is not None:
        found = report.table(table)
        if found is None:
            raise NotFound("table")
        tables = [found]
    book = Workbook()
    book.remove(book.active)
    for t in tables:
        _sheet(book, t, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    name = f"{filename}-{table}.xlsx" if table else f"{filename}.xlsx"
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _sheet(book: Workbook, table: ReportTable, lang: str) -> None:
    title = table.en if lang == "en" else table.zh
    sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
    sheet.append([c.en if lang == "en" else c.zh for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([label(row.get(c.key), lang) for c in table.columns])
    for i, c in enumerate(table.columns):
        sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = max(12, len(c.zh) * 3)
