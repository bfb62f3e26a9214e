"""Dependency aliases shared by the routers."""

from __future__ import annotations

from io import BytesIO
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from openpyxl import Workbook
from openpyxl.styles import Font

from unionfed.aid.service.context import Office
from unionfed.aid.service.unit_of_work import AidUnitOfWork
from unionfed.common.auth import AnyStaff, FederationStaff, Principal, Role, require_roles

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_uow(request: Request) -> AidUnitOfWork:
    return request.app.state.runtime.uow()


def get_office(request: Request) -> Office:
    return request.app.state.runtime.office


def bearer_token(request: Request) -> str:
    """The caller's own token, forwarded to the government gateway."""
    return request.headers.get("authorization", "").partition(" ")[2]


UowDep = Annotated[AidUnitOfWork, Depends(get_uow)]
OfficeDep = Annotated[Office, Depends(get_office)]
TokenDep = Annotated[str, Depends(bearer_token)]
StaffDep = AnyStaff
FederationDep = FederationStaff
ApproverDep = Annotated[
    Principal,
    Depends(require_roles(Role.station_admin, Role.federation_staff, Role.federation_admin)),
]
FederationAdminDep = Annotated[Principal, Depends(require_roles(Role.federation_admin))]
PageDep = Annotated[int, Query(ge=1)]
SizeDep = Annotated[int, Query(ge=1, le=500)]


def xlsx(sheet: str, columns: list[str], rows: list[dict], filename: str) -> Response:
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(row.get(c)) for c in columns])
    out = BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _cell(value):
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value) if not hasattr(value, "as_integer_ratio") else float(value)
