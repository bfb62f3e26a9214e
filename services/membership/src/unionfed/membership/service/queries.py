"""Read-only use cases: lists with filters and pages, coverage, conflicts. Station-scoped."""

from __future__ import annotations

from unionfed.common.auth import Principal
from unionfed.membership.domain.errors import NotFound
from unionfed.membership.domain.union import GrassrootsUnion
from unionfed.membership.service.context import require_station
from unionfed.membership.service.members import visible_member
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


async def get_union(uow: MembershipUnitOfWork, principal: Principal, union_id: str):
    async with uow:
        union = await uow.unions.get(union_id)
    if union is None:
        raise NotFound("union")
    require_station(principal, union.station_code, "union")
    return union


async def list_unions(uow: MembershipUnitOfWork, principal: Principal, **filters):
    async with uow:
        return await uow.unions.listing(stations=principal.visible_stations(), **filters)


async def list_members(uow: MembershipUnitOfWork, principal: Principal, **filters):
    async with uow:
        return await uow.members.listing(stations=principal.visible_stations(), **filters)


async def member_history(uow: MembershipUnitOfWork, principal: Principal, member_id: str):
    async with uow:
        member = await visible_member(uow, principal, member_id)
        return await uow.members.history(member.id)


async def list_transfers(uow: MembershipUnitOfWork, principal: Principal, **filters):
    async with uow:
        return await uow.transfers.listing(stations=principal.visible_stations(), **filters)


async def coverage(uow: MembershipUnitOfWork, principal: Principal, station: str | None) -> dict:
    """Membership rate (入会率) per union and per station, and unions founded (建会)."""
    async with uow:
        unions, _ = await uow.unions.listing(
            stations=principal.visible_stations(),
            station=station,
            status="active",
            offset=0,
            limit=100_000,
        )
        members = await uow.members.coverage(principal.visible_stations())
    per_station: dict[str, dict] = {}
    rows = []
    for union in unions:
        count = members.get(union.id, 0)
        rows.append(_rate(union, count))
        totals = per_station.setdefault(
            union.station_code,
            {"station_code": union.station_code, "unions": 0, "members": 0, "employees": 0},
        )
        totals["unions"] += 1
        totals["members"] += count
        totals["employees"] += union.headcount
    for totals in per_station.values():
        totals["membership_rate"] = _ratio(totals["members"], totals["employees"])
    return {
        "stations": sorted(per_station.values(), key=lambda s: s["station_code"]),
        "unions": rows,
    }


async def list_conflicts(uow: MembershipUnitOfWork, *, open_only: bool, offset: int, limit: int):
    async with uow:
        rows, total = await uow.directory.conflicts(open_only=open_only, offset=offset, limit=limit)
    return [dict(row._mapping) for row in rows], total


async def resolve_conflict(
    uow: MembershipUnitOfWork, principal: Principal, conflict_id: int, resolution: str
) -> None:
    async with uow:
        if not await uow.directory.resolve_conflict(
            conflict_id, by=principal.subject, resolution=resolution
        ):
            raise NotFound("open conflict")
        await uow.commit()


def _rate(union: GrassrootsUnion, members: int) -> dict:
    return {
        "union_id": union.id,
        "station_code": union.station_code,
        "name": union.name,
        "members": members,
        "employees": union.headcount,
        "membership_rate": _ratio(members, union.headcount),
    }


def _ratio(members: int, employees: int) -> float | None:
    return round(members / employees, 4) if employees else None
