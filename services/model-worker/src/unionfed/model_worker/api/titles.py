"""Titles: list and export, yearly assessment, revocation, benefits due and delivered."""

from __future__ import annotations

from io import BytesIO

from fastapi import APIRouter, Response
from openpyxl import Workbook
from openpyxl.styles import Font

from unionfed.model_worker.api import schemas
from unionfed.model_worker.api.deps import (
    FederationDep,
    OfficeDep,
    PageDep,
    SizeDep,
    StaffDep,
    UowDep,
)
from unionfed.model_worker.domain.title import TitleStatus
from unionfed.model_worker.service import recorded, titles
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork

router = APIRouter(prefix="/v1", tags=["titles"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _read(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "person_key"}


async def _list(uow: ModelWorkerUnitOfWork, who, status, station, level, q, offset, limit):
    filters = {"status": status and status.value, "station_code": station, "level": level}
    async with uow:
        return await uow.titles.listing(
            stations=who.visible_stations(), filters=filters, search=q, offset=offset, limit=limit
        )


@router.get("/titles")
async def list_titles(
    uow: UowDep,
    who: StaffDep,
    status: TitleStatus | None = None,
    station: str | None = None,
    level: str | None = None,
    q: str | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    """Model workers (station staff: their stations'); ``q`` searches employer and ids."""
    rows, total = await _list(uow, who, status, station, level, q, (page - 1) * size, size)
    return {"items": [_read(r) for r in rows], "total": total, "page": page, "size": size}


@router.post("/titles", status_code=201)
async def record_title(
    body: schemas.TitleRecord, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """Record a title awarded at a higher level (city, provincial, national): managed here."""
    title = await recorded.record_title(
        uow, office, who, recorded.AwardedElsewhere(**body.model_dump())
    )
    return {"id": title.id, "status": title.status.value, "managed_until": title.managed_until}


@router.get("/titles.xlsx", response_class=Response)
async def export_titles(
    uow: UowDep,
    who: StaffDep,
    status: TitleStatus | None = None,
    station: str | None = None,
    level: str | None = None,
    q: str | None = None,
) -> Response:
    """The same list as a spreadsheet (劳模名册)."""
    rows, _ = await _list(uow, who, status, station, level, q, 0, 100_000)
    columns = [
        "id",
        "name",
        "station_code",
        "member_id",
        "level",
        "sector",
        "employer_name",
        "employer_credit_code",
        "awarded_on",
        "managed_until",
        "status",
        "ended_on",
    ]
    return _xlsx("titles", columns, rows, "model-workers.xlsx")


@router.get("/titles/{title_id}")
async def read_title(title_id: str, uow: UowDep, who: StaffDep) -> dict:
    """The title with its assessments and the benefits delivered."""
    async with uow:
        title = await titles.title_for(uow, who, title_id)
        rows, _ = await uow.titles.listing(
            stations=None, filters={"id": title.id}, search=None, offset=0, limit=1
        )
        return _read(rows[0]) | {
            "assessments": await uow.titles.assessments(title.id),
            "benefits_delivered": await uow.titles.delivered([title.id]),
        }


@router.post("/titles/{title_id}/assessments", status_code=201)
async def assess(
    title_id: str, body: schemas.AssessmentBody, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """The yearly assessment with the employer; a fail proposes revocation at once."""
    title = await titles.assess(uow, office, who, title_id, **body.model_dump())
    return {
        "title_id": title.id,
        "year": body.year,
        "passed": body.passed,
        "status": title.status.value,
    }


@router.post("/titles/{title_id}/revocation-proposal")
async def propose_revocation(
    title_id: str, body: schemas.RevocationProposal, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    title = await titles.propose_revocation(uow, office, who, title_id, body.reason)
    return {"title_id": title.id, "status": title.status.value}


@router.post("/titles/{title_id}/revocation-decision")
async def decide_revocation(
    title_id: str,
    body: schemas.RevocationDecision,
    uow: UowDep,
    office: OfficeDep,
    who: FederationDep,
) -> dict:
    """Approved (with the document number): revoked, benefits stop. Rejected: active again."""
    title = await titles.decide_revocation(uow, office, who, title_id, **body.model_dump())
    return {"title_id": title.id, "status": title.status.value, "ended_on": title.ended_on}


@router.post("/titles/{title_id}/benefits", status_code=201)
async def deliver(
    title_id: str, body: schemas.DeliveryBody, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """Record a benefit delivered; 409 ``benefits_stopped`` once revoked or expired."""
    return await titles.deliver_benefit(uow, office, who, title_id, **body.model_dump())


@router.get("/benefits/due")
async def due(
    uow: UowDep, office: OfficeDep, who: StaffDep, year: int, page: PageDep = 1, size: SizeDep = 100
) -> dict:
    """Benefits due in ``year`` and not delivered, for titles in force (station: theirs)."""
    items = await titles.due_benefits(uow, office, who, year)
    return {
        "items": items[(page - 1) * size : page * size],
        "total": len(items),
        "page": page,
        "size": size,
    }


@router.get("/assessments/due")
async def assessments_due(uow: UowDep, who: StaffDep, year: int) -> dict:
    """Titles in force during ``year`` whose yearly assessment is not recorded yet."""
    async with uow:
        in_force = await uow.titles.in_force_during(year, who.visible_stations())
        done = (
            await uow.titles.assessed_in([t["id"] for t in in_force], year) if in_force else set()
        )
    items = [_read(t) for t in in_force if t["id"] not in done]
    return {"items": items, "total": len(items), "year": year}


@router.get("/benefits/due.xlsx", response_class=Response)
async def due_export(uow: UowDep, office: OfficeDep, who: StaffDep, year: int) -> Response:
    items = await titles.due_benefits(uow, office, who, year)
    columns = [
        "title_id",
        "name",
        "station_code",
        "member_id",
        "employer_name",
        "level",
        "year",
        "benefit",
    ]
    return _xlsx(f"due {year}", columns, items, f"benefits-due-{year}.xlsx")


def _xlsx(sheet: str, columns: list[str], rows: list[dict], filename: str) -> Response:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row.get(c) for c in columns])
    buffer = BytesIO()
    book.save(buffer)
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
