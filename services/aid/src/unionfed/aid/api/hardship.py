"""Hardship files (困难职工档案): open, review steps, re-verify, close; lists and export."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Query, Response

from unionfed.aid.api import schemas
from unionfed.aid.api.deps import OfficeDep, PageDep, SizeDep, StaffDep, UowDep, xlsx
from unionfed.aid.domain.hardship import FileStatus, allowed_steps
from unionfed.aid.service import hardship
from unionfed.aid.service.hardship import Household
from unionfed.common.errors import RuleViolation

router = APIRouter(prefix="/hardship-files", tags=["hardship files"])


def view(f) -> dict:
    return asdict(f) | {"status": f.status.value, "allowed_steps": allowed_steps(f.status)}


def _household(body: schemas.HouseholdIn) -> Household:
    return Household(
        level=body.level,
        causes=list(body.causes),
        household_size=body.household_size,
        monthly_household_income=body.monthly_household_income,
        cause_details=body.cause_details,
        evidence=body.evidence,
    )


@router.post("", status_code=201, summary="Open a hardship file for an active member")
async def open_file(body: schemas.FileOpen, uow: UowDep, office: OfficeDep, who: StaffDep):
    """Income per head is checked against the county's threshold of the year (not for an
    accident); income and details are encrypted and never leave in an event."""
    f = await hardship.open_file(uow, office, who, body.member_id, _household(body), body.note)
    return view(f)


async def _list(uow, who, status, station, member_id, level, overdue, page, size):
    filters = {
        "status": status and status.value,
        "station_code": station,
        "member_id": member_id,
        "level": level,
        "overdue": overdue,
    }
    async with uow:
        return await uow.files.listing(
            stations=who.visible_stations(),
            filters=filters,
            offset=(page - 1) * size,
            limit=size,
        )


@router.get("", summary="Hardship files (station staff: their stations')")
async def list_files(
    uow: UowDep,
    who: StaffDep,
    status: FileStatus | None = None,
    station: str | None = None,
    member_id: str | None = None,
    level: str | None = None,
    overdue: bool | None = Query(None, description="true: past their re-verification date"),
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    files, total = await _list(uow, who, status, station, member_id, level, overdue, page, size)
    return {"items": [view(f) for f in files], "total": total, "page": page, "size": size}


@router.get(".xlsx", response_class=Response, summary="Hardship files as a spreadsheet")
async def export_files(
    uow: UowDep,
    who: StaffDep,
    status: FileStatus | None = None,
    station: str | None = None,
    overdue: bool | None = None,
) -> Response:
    files, _ = await _list(uow, who, status, station, None, None, overdue, 1, 100_000)
    columns = [
        "id",
        "station_code",
        "member_id",
        "union_id",
        "level",
        "causes",
        "household_size",
        "status",
        "opened_on",
        "approved_on",
        "reverify_by",
        "overdue",
        "closed_on",
        "close_reason",
    ]
    rows = [view(f) | {"causes": ",".join(f.causes)} for f in files]
    return xlsx("hardship files", columns, rows, "hardship-files.xlsx")


@router.get("/{file_id}", summary="A file with its steps (who, when, note)")
async def get_file(
    file_id: str,
    uow: UowDep,
    who: StaffDep,
    reveal: bool = False,
    purpose: str = Query("", max_length=500),
) -> dict:
    """``reveal=true`` with a ``purpose`` adds income and details, written to the audit log."""
    if reveal and not purpose.strip():
        raise RuleViolation("purpose", "required", "say why the details are read")
    found = await hardship.read(uow, who, file_id, reveal=reveal, purpose=purpose)
    answer = view(found["file"]) | {"steps": found["steps"]}
    if found["private"] is not None:
        private = found["private"]
        head = private["monthly_household_income"] / found["file"].household_size
        answer |= private | {"income_per_head": round(head, 2)}
    return answer


@router.post("/{file_id}/steps/{step}", summary="union_review | home_visit | approve | reject")
async def take_step(
    file_id: str, step: str, body: schemas.FileStep, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """A step the status does not allow answers 409 with the allowed ones; ``approve`` is the
    federation's."""
    return view(await hardship.take_step(uow, office, who, file_id, step, body.note))


@router.post("/{file_id}/reverification", summary="Yearly re-verification (年度复核)")
async def reverify(
    file_id: str, body: schemas.HouseholdIn, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    return view(await hardship.reverify(uow, office, who, file_id, _household(body), body.note))


@router.post("/{file_id}/closure", summary="Leave the file (解困脱困) with the reason")
async def close(
    file_id: str, body: schemas.FileClose, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    return view(await hardship.close(uow, office, who, file_id, body.reason, body.note))
