"""Service stations and grassroots unions."""

from __future__ import annotations

from fastapi import APIRouter, Query

from unionfed.membership.api.deps import (
    DeploymentDep,
    FederationAdminDep,
    PageDep,
    StaffDep,
    UowDep,
    paged,
)
from unionfed.membership.api.schemas import (
    StationCreate,
    StationRead,
    UnionCreate,
    UnionDissolve,
    UnionRead,
    UnionUpdate,
)
from unionfed.membership.service import queries, stations, unions

router = APIRouter(tags=["stations and unions"])


@router.post("/stations", status_code=201, response_model=StationRead)
async def register_station(body: StationCreate, uow: UowDep, _: FederationAdminDep):
    """Register a service station (federation administrators)."""
    return StationRead.of(await stations.register_station(uow, **body.model_dump()))


@router.get("/stations", response_model=list[StationRead])
async def list_stations(uow: UowDep, _: StaffDep):
    return [StationRead.of(s) for s in await stations.list_stations(uow)]


@router.post("/unions", status_code=201, response_model=UnionRead)
async def register_union(body: UnionCreate, uow: UowDep, who: StaffDep, dep: DeploymentDep):
    """Register a grassroots union founded at one of your stations (建会)."""
    data = unions.UnionRegistration(**body.model_dump())
    return UnionRead.of(await unions.register_union(uow, principal=who, deployment=dep, data=data))


@router.get("/unions")
async def list_unions(
    uow: UowDep,
    who: StaffDep,
    page: PageDep,
    station: str | None = None,
    status: str | None = Query(default=None, pattern="^(active|dissolved|merged)$"),
    q: str | None = Query(default=None, max_length=100, description="Search by name"),
) -> dict:
    items, total = await queries.list_unions(
        uow, who, station=station, status=status, name=q, offset=page.offset, limit=page.size
    )
    return paged([UnionRead.of(u) for u in items], total, page)


@router.get("/unions/{union_id}", response_model=UnionRead)
async def get_union(union_id: str, uow: UowDep, who: StaffDep):
    return UnionRead.of(await queries.get_union(uow, who, union_id))


@router.patch("/unions/{union_id}", response_model=UnionRead)
async def update_union(union_id: str, body: UnionUpdate, uow: UowDep, who: StaffDep):
    """Update the headcount or sector."""
    return UnionRead.of(
        await unions.update_union(uow, principal=who, union_id=union_id, **body.model_dump())
    )


@router.post("/unions/{union_id}/dissolve", response_model=UnionRead)
async def dissolve_union(union_id: str, body: UnionDissolve, uow: UowDep, who: StaffDep):
    """Dissolve a union, or merge it into another (its members move there)."""
    return UnionRead.of(
        await unions.dissolve_union(
            uow, principal=who, union_id=union_id, on=body.on, merged_into=body.merged_into
        )
    )


@router.get("/coverage")
async def coverage(uow: UowDep, who: StaffDep, station: str | None = None) -> dict:
    """Membership rate (入会率) per union and station, and unions founded (建会)."""
    return await queries.coverage(uow, who, station)
