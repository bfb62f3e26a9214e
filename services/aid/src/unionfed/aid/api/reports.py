"""Reports, the public list, the county-wide duplicates and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from unionfed.aid.api.deps import FederationDep, PageDep, SizeDep, StaffDep, UowDep, xlsx
from unionfed.aid.service import reports
from unionfed.common.auth import Role

router = APIRouter(tags=["reports"])
COLUMNS = [
    "program_id",
    "program_kind",
    "period",
    "program_title",
    "station_code",
    "budget",
    "committed",
    "paid_to_date",
    "paid_in_month",
    "people_helped_in_month",
]


@router.get("/reports/monthly", summary="Per program and station: budget, committed, paid")
async def monthly(
    uow: UowDep, who: StaffDep, year: int, month: int, program_id: str | None = None
) -> dict:
    """Budget and committed to date; paid and people helped in the month (by payment date)."""
    return await reports.monthly(uow, who, year=year, month=month, program_id=program_id)


@router.get("/reports/monthly.xlsx", response_class=Response, summary="The same, as .xlsx")
async def monthly_xlsx(
    uow: UowDep, who: StaffDep, year: int, month: int, program_id: str | None = None
) -> Response:
    report = await reports.monthly(uow, who, year=year, month=month, program_id=program_id)
    rows = [*report["rows"], {"program_title": "合计 total", **report["totals"]}]
    return xlsx(f"{year}-{month:02d}", COLUMNS, rows, f"aid-{year}-{month:02d}.xlsx")


@router.get("/programs/{program_id}/public-list", summary="The public list (公示名单)")
async def public_list(program_id: str, uow: UowDep, who: StaffDep) -> dict:
    """Names masked (张*三), no ID number or phone: station, union, program, amount."""
    return await reports.public_list(uow, who, program_id)


@router.get(
    "/programs/{program_id}/public-list.xlsx",
    response_class=Response,
    summary="The public list, to print and post",
)
async def public_list_xlsx(program_id: str, uow: UowDep, who: StaffDep) -> Response:
    listed = await reports.public_list(uow, who, program_id)
    columns = [
        "name",
        "station_code",
        "union_id",
        "program",
        "amount",
        "publicity_from",
        "publicity_until",
    ]
    return xlsx("公示", columns, listed["items"], f"public-list-{program_id}.xlsx")


@router.get("/conflicts", summary="Grants paid twice county-wide (federation)")
async def conflicts(
    uow: UowDep,
    who: FederationDep,
    program_kind: str | None = None,
    period: str | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    """Two deployments approved the same help to one person before their events met."""
    async with uow:
        found, total = await uow.duplicates.listing(
            filters={"program_kind": program_kind, "period": period},
            offset=(page - 1) * size,
            limit=size,
        )
    return {"items": found, "total": total, "page": page, "size": size}


@router.get("/audit", summary="Unmasked reads of hardship files (administrators)")
async def audit(
    uow: UowDep, who: StaffDep, record_id: str | None = None, page: PageDep = 1, size: SizeDep = 50
) -> dict:
    if not who.has_any(Role.station_admin, Role.federation_staff, Role.federation_admin):
        raise HTTPException(403, "requires an administrator or the federation")
    async with uow:
        rows, total = await uow.audit.entries(
            stations=who.visible_stations(),
            record_id=record_id,
            offset=(page - 1) * size,
            limit=size,
        )
    return {"items": rows, "total": total, "page": page, "size": size}
