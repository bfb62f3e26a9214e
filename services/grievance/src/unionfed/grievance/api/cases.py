"""Grievance cases: intake, steps, timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from unionfed.common.auth import Principal, Role, require_roles
from unionfed.grievance.api.schemas import CaseCreate, CaseRead, StepBody
from unionfed.grievance.domain.case import STEPS, Category, Status
from unionfed.grievance.service import cases
from unionfed.grievance.service.context import Desk
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork

router = APIRouter(tags=["cases"])
StaffDep = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.station_staff, Role.station_admin, Role.federation_staff, Role.federation_admin
        )
    ),
]
AdminDep = Annotated[Principal, Depends(require_roles(Role.station_admin, Role.federation_admin))]
STEP_NAMES = sorted({step for steps in STEPS.values() for step in steps})


def get_uow(request: Request) -> GrievanceUnitOfWork:
    return request.app.state.runtime.uow()


def get_desk(request: Request) -> Desk:
    return request.app.state.runtime.desk


UowDep = Annotated[GrievanceUnitOfWork, Depends(get_uow)]
DeskDep = Annotated[Desk, Depends(get_desk)]


@router.post("/cases", status_code=201, response_model=CaseRead)
async def file_case(body: CaseCreate, uow: UowDep, who: StaffDep, desk: DeskDep):
    """Take in a complaint. 10 or more workers make it collective (群体性): escalated at once."""
    case = await cases.file_case(
        uow, principal=who, desk=desk, data=cases.Intake(**body.model_dump())
    )
    return CaseRead.of(case)


@router.get("/cases")
async def list_cases(
    uow: UowDep,
    who: StaffDep,
    station: str | None = None,
    status: Status | None = None,
    category: Category | None = None,
    escalated: bool | None = None,
    page: int = 1,
    size: int = 50,
) -> dict:
    page, size = max(page, 1), min(max(size, 1), 500)
    filters = {
        "station_code": station,
        "status": status.value if status else None,
        "category": category.value if category else None,
        "escalated": escalated,
    }
    async with uow:
        items, total = await uow.cases.listing(
            stations=who.visible_stations(),
            filters=filters,
            offset=(page - 1) * size,
            limit=size,
        )
    return {"items": [CaseRead.of(c) for c in items], "total": total, "page": page, "size": size}


@router.get("/cases/{case_id}", response_model=CaseRead)
async def read_case(
    case_id: str, uow: UowDep, who: StaffDep, reveal: bool = False, purpose: str | None = None
):
    """The case with its deadlines, the steps allowed now, and its full timeline. With
    ``reveal=true&purpose=…`` the worker's phone in full, written to the audit log."""
    case = await cases.read_case(
        uow, principal=who, case_id=case_id, reveal=reveal, purpose=purpose
    )
    return CaseRead.of(case, reveal=reveal)


@router.get("/audit", tags=["federation"])
async def audit(
    uow: UowDep, who: AdminDep, case_id: str | None = None, page: int = 1, size: int = 50
) -> dict:
    """Who saw a worker's phone in full or downloaded evidence, when, and why."""
    page, size = max(page, 1), min(max(size, 1), 500)
    async with uow:
        items, total = await uow.audit.entries(
            stations=who.visible_stations(),
            record_id=case_id,
            offset=(page - 1) * size,
            limit=size,
        )
    return {"items": items, "total": total, "page": page, "size": size}


@router.post("/cases/{case_id}/steps/{step}", response_model=CaseRead)
async def take_step(
    case_id: str,
    step: Annotated[str, Path(description=f"one of: {', '.join(STEP_NAMES)}")],
    body: StepBody,
    uow: UowDep,
    who: StaffDep,
    desk: DeskDep,
):
    """Move the case on. A step the status does not allow answers 409 listing those it does."""
    params = body.model_dump(exclude={"note"}, exclude_none=True)
    case = await cases.take_step(
        uow, principal=who, desk=desk, case_id=case_id, step=step, note=body.note, **params
    )
    return CaseRead.of(case)


FederationDep = Annotated[
    Principal, Depends(require_roles(Role.federation_staff, Role.federation_admin))
]


@router.get("/alerts", tags=["federation"])
async def cluster_alerts(uow: UowDep, _: FederationDep, page: int = 1, size: int = 50) -> dict:
    """Employers with several cases within the window, across all stations (预警)."""
    page, size = max(page, 1), min(max(size, 1), 500)
    async with uow:
        items = await uow.clusters.alerts(offset=(page - 1) * size, limit=size)
    return {"items": items, "page": page, "size": size}
