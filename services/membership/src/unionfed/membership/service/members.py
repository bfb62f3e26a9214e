"""Enrolling members (入会) with real names, one membership per person county-wide."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError

from unionfed.common.auth import Principal
from unionfed.common.events.contracts.membership import MemberJoined, MemberLeft, MemberUpdated
from unionfed.common.identifiers import normalise_mobile
from unionfed.membership.domain.directory import Membership
from unionfed.membership.domain.errors import NotAllowed, NotFound, RuleBroken
from unionfed.membership.domain.member import Gender, Member, MemberStatus, WorkerType
from unionfed.membership.service.context import Deployment, require_station
from unionfed.membership.service.facts import member_facts
from unionfed.membership.service.unions import local_union
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


@dataclass(frozen=True)
class Enrolment:
    union_id: str
    name: str
    resident_id: str
    mobile: str
    worker_type: WorkerType
    joined_on: date
    gender: Gender | None = None
    birth_date: date | None = None


async def enrol(
    uow: MembershipUnitOfWork, *, principal: Principal, deployment: Deployment, data: Enrolment
) -> Member:
    async with uow:
        member = await enrol_in(uow, principal=principal, deployment=deployment, data=data)
        await commit_enrolment(uow)
    return member


async def enrol_in(
    uow: MembershipUnitOfWork, *, principal: Principal, deployment: Deployment, data: Enrolment
) -> Member:
    """Enrol within an open unit of work (the caller commits): one member, its event."""
    identity, person_key = deployment.identity(data.resident_id)
    mobile = normalise_mobile(data.mobile)
    union = await local_union(uow, principal, data.union_id)
    if not union.is_active:
        raise NotAllowed("union_id", "active_union", f"union {union.id} is {union.status}")
    await refuse_second_membership(uow, person_key)
    today = deployment.today()
    member = Member.enrol(
        id=f"m-{uuid.uuid4().hex[:12]}",
        card_number=await uow.members.next_card_number(union.station_code, today.year),
        person_key=person_key,
        station_code=union.station_code,
        union_id=union.id,
        name=data.name,
        identity=identity,
        mobile=mobile,
        worker_type=data.worker_type,
        joined_on=data.joined_on,
        today=today,
        stated_gender=data.gender,
        stated_birth_date=data.birth_date,
    )
    await uow.members.add(member)
    await uow.directory.record(_membership(uow, member))
    uow.publish(
        member_facts(member, MemberJoined, employer=union.employer_credit_code),
        subject=member.id,
        station=member.station_code,
    )
    return member


async def refuse_second_membership(uow: MembershipUnitOfWork, person_key: str) -> None:
    """Refuse with where the person already belongs, pointing to a transfer (会籍转移)."""
    for membership in await uow.directory.memberships(person_key):
        if membership.active:
            station = await uow.stations.get(membership.station_code)
            union = await uow.unions.get(membership.union_id)
            raise NotAllowed(
                "resident_id",
                "one_membership",
                f"already an active member at station {membership.station_code}"
                f"{f' ({station.name})' if station else ''}, union {membership.union_id}"
                f"{f' ({union.name})' if union else ''}; ask that station to transfer the "
                "membership (会籍转移) instead of enrolling again",
                station_code=membership.station_code,
                union_id=membership.union_id,
            )


async def commit_enrolment(uow: MembershipUnitOfWork) -> None:
    try:
        await uow.commit()
    except IntegrityError as exc:
        # The unique index on active members: a concurrent enrolment of the same person won.
        raise NotAllowed(
            "resident_id", "one_membership", "this person was enrolled a moment ago"
        ) from exc


async def leave(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    member_id: str,
    reason: MemberStatus,
    on: date,
) -> Member:
    if reason not in (MemberStatus.left, MemberStatus.deceased):
        raise RuleBroken("reason", "left_or_deceased", "a member leaves (left) or dies (deceased)")
    async with uow:
        member = await visible_member(uow, principal, member_id)
        member.end(reason, on)
        await uow.members.save(member)
        await uow.directory.end(uow.source, member.id)
        uow.publish(
            member_facts(member, MemberLeft, reason=reason.value, left_on=on),
            subject=member.id,
            station=member.station_code,
        )
        await uow.commit()
    return member


async def correct(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    deployment: Deployment,
    member_id: str,
    changes: dict[str, object],
    reason: str,
) -> Member:
    """Correct fields of a member; every change is kept with who, when and why."""
    changes = dict(changes)
    if "mobile" in changes:
        changes["mobile"] = normalise_mobile(str(changes["mobile"]))
    async with uow:
        member = await visible_member(uow, principal, member_id)
        if not member.is_active:
            raise NotAllowed("status", "active", "only an active membership can be corrected")
        now = deployment.clock()
        changed = []
        if resident_id := changes.pop("resident_id", None):
            identity, person_key = deployment.identity(str(resident_id))
            if person_key != member.person_key:
                await refuse_second_membership(uow, person_key)
            correction = member.correct_identity(
                identity,
                person_key,
                reason=reason,
                by=principal.subject,
                at=now,
                today=deployment.today(),
            )
            if correction is not None:
                await uow.members.add_correction(member.id, correction)
                await uow.directory.record(_membership(uow, member))
                changed.append("resident_id")
        for field_name, value in changes.items():
            correction = member.correct(
                field_name,
                value,
                reason=reason,
                by=principal.subject,
                at=now,
                today=deployment.today(),
            )
            if correction is not None:
                await uow.members.add_correction(member.id, correction)
                changed.append(field_name)
        if changed:
            await uow.members.save(member)
            uow.publish(
                member_facts(member, MemberUpdated, changed=changed),
                subject=member.id,
                station=member.station_code,
            )
        await uow.commit()
    return member


async def visible_member(uow: MembershipUnitOfWork, principal: Principal, member_id: str) -> Member:
    member = await uow.members.get(member_id)
    if member is None:
        raise NotFound("member")
    require_station(principal, member.station_code, "member")
    return member


def _membership(uow: MembershipUnitOfWork, member: Member) -> Membership:
    return Membership(
        member.person_key, uow.source, member.id, member.station_code, member.union_id
    )
