"""Grassroots unions: founding (建会), headcount, dissolving or merging, and coverage (入会率)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from unionfed.common.auth import Principal
from unionfed.common.events.contracts.membership import (
    MemberUpdated,
    UnionDissolved,
    UnionRegistered,
    UnionUpdated,
)
from unionfed.common.identifiers import normalise_credit_code
from unionfed.membership.domain.directory import Membership
from unionfed.membership.domain.errors import NotAllowed, NotFound, RuleBroken
from unionfed.membership.domain.union import GrassrootsUnion, UnionKind
from unionfed.membership.service.context import Deployment, require_station
from unionfed.membership.service.facts import member_facts
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


@dataclass(frozen=True)
class UnionRegistration:
    station_code: str
    kind: UnionKind
    name: str
    employer_credit_code: str | None
    sector: str
    headcount: int
    founded_on: date


async def register_union(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    deployment: Deployment,
    data: UnionRegistration,
) -> GrassrootsUnion:
    require_station(principal, data.station_code, "station")
    credit_code = _credit_code(data.employer_credit_code)
    async with uow:
        await _require_local_station(uow, deployment, data.station_code)
        if credit_code and await uow.unions.active_for_employer(credit_code):
            raise NotAllowed(
                "employer_credit_code",
                "one_union_per_employer",
                f"employer {credit_code} already has an active grassroots union",
            )
        union = GrassrootsUnion.found(
            id=f"u-{uuid.uuid4().hex[:12]}",
            station_code=data.station_code,
            kind=data.kind,
            name=data.name,
            employer_credit_code=credit_code,
            sector=data.sector,
            headcount=data.headcount,
            founded_on=data.founded_on,
            today=deployment.today(),
        )
        await uow.unions.add(union, source=uow.source)
        uow.publish(
            UnionRegistered(
                union_id=union.id,
                station_code=union.station_code,
                employer_name=union.name,
                employer_credit_code=credit_code or "",
                sector=union.sector,
                headcount=union.headcount,
                founded_on=union.founded_on,
            ),
            subject=union.id,
            station=union.station_code,
        )
        await uow.commit()
    return union


async def update_union(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    union_id: str,
    headcount: int | None,
    sector: str | None,
) -> GrassrootsUnion:
    async with uow:
        union = await local_union(uow, principal, union_id)
        union.update(headcount=headcount, sector=sector)
        await uow.unions.save(union)
        uow.publish(
            UnionUpdated(
                union_id=union.id,
                station_code=union.station_code,
                sector=union.sector,
                headcount=union.headcount,
            ),
            subject=union.id,
            station=union.station_code,
        )
        await uow.commit()
    return union


async def dissolve_union(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    union_id: str,
    on: date,
    merged_into: str | None,
) -> GrassrootsUnion:
    async with uow:
        union = await local_union(uow, principal, union_id)
        target = await local_union(uow, principal, merged_into) if merged_into else None
        active = await uow.members.count_active(union_id)
        if active and target is None:
            raise NotAllowed(
                "merged_into",
                "no_active_members",
                f"the union still has {active} active members: merge it into another union, "
                "or transfer the members first",
            )
        if target is not None and target.station_code != union.station_code:
            raise NotAllowed(
                "merged_into",
                "same_station",
                "merge into a union of the same station; members moving to another station "
                "are transferred (会籍转移)",
            )
        union.dissolve(on, merged_into=target)
        await uow.unions.save(union)
        for member in await uow.members.active_in_union(union.id) if target else []:
            member.union_id = target.id
            await uow.members.save(member)
            await uow.directory.record(
                Membership(member.person_key, uow.source, member.id, member.station_code, target.id)
            )
            uow.publish(
                member_facts(member, MemberUpdated, changed=["union_id"]),
                subject=member.id,
                station=member.station_code,
            )
        uow.publish(
            UnionDissolved(
                union_id=union.id,
                station_code=union.station_code,
                dissolved_on=on,
                merged_into=merged_into,
            ),
            subject=union.id,
            station=union.station_code,
        )
        await uow.commit()
    return union


async def local_union(
    uow: MembershipUnitOfWork, principal: Principal, union_id: str
) -> GrassrootsUnion:
    """A union held by this deployment at one of the caller's stations, or NotFound."""
    union = await uow.unions.get(union_id)
    if (
        union is None
        or not principal.can_act_for(union.station_code)
        or await uow.unions.source_of(union_id) != uow.source
    ):
        raise NotFound("union")
    return union


async def _require_local_station(
    uow: MembershipUnitOfWork, deployment: Deployment, station_code: str
) -> None:
    if await uow.stations.get(station_code) is None:
        raise RuleBroken("station_code", "registered", f"station {station_code} is not registered")
    if not deployment.serves(station_code):
        raise RuleBroken(
            "station_code", "served_here", f"station {station_code} is served by another deployment"
        )


def _credit_code(value: str | None) -> str | None:
    return normalise_credit_code(value, field="employer_credit_code") if value else None
