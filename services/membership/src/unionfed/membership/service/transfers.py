"""Membership transfers (会籍转移) between unions, stations and deployments.

The origin requests; the destination accepts or declines. Across deployments no personal data
travels: the destination's staff enter the worker's real-name data from their ID card when they
accept, and the entered ID number must hash to the transfer's ``person_key``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from unionfed.common.auth import Principal
from unionfed.common.events.contracts.membership import (
    MemberTransferred,
    TransferDeclined,
    TransferRequested,
)
from unionfed.common.identifiers import normalise_mobile
from unionfed.membership.domain.directory import Membership
from unionfed.membership.domain.errors import NotAllowed, NotFound, RuleBroken
from unionfed.membership.domain.member import Member, MemberStatus, WorkerType
from unionfed.membership.domain.transfer import DeclineReason, Transfer
from unionfed.membership.service.context import Deployment, require_station
from unionfed.membership.service.facts import facts, member_facts
from unionfed.membership.service.members import (
    commit_enrolment,
    visible_member,
)
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


@dataclass(frozen=True)
class RealName:
    """What the destination's staff enter from the worker's ID card (cross-deployment only)."""

    name: str
    resident_id: str
    mobile: str


async def request_transfer(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    deployment: Deployment,
    member_id: str,
    to_union_id: str,
) -> Transfer:
    async with uow:
        member = await visible_member(uow, principal, member_id)
        if not member.is_active:
            raise NotAllowed("member", "active", "only an active membership can be transferred")
        target = await uow.unions.get(to_union_id)
        if target is None or not target.is_active:
            raise RuleBroken("to_union_id", "active_union", "no active union with that id")
        if target.id == member.union_id:
            raise RuleBroken("to_union_id", "another_union", "the member already belongs there")
        if await uow.transfers.open_for_member(member.id):
            raise NotAllowed("member", "one_open_transfer", "a transfer is already under way")
        union = await uow.unions.get(member.union_id)
        transfer = Transfer(
            id=f"t-{uuid.uuid4().hex[:12]}",
            person_key=member.person_key,
            from_member_id=member.id,
            from_station_code=member.station_code,
            from_union_id=member.union_id,
            to_station_code=target.station_code,
            to_union_id=target.id,
            joined_on=member.joined_on,
            requested_on=deployment.today(),
        )
        member_facts_ = facts(member, union.employer_credit_code if union else None)
        await uow.transfers.add(transfer, {**member_facts_, "from_source": uow.source})
        uow.publish(
            TransferRequested(
                **member_facts_,
                transfer_id=transfer.id,
                to_station_code=target.station_code,
                to_union_id=target.id,
            ),
            subject=member.id,
            station=member.station_code,
        )
        await uow.commit()
    return transfer


async def accept_transfer(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    deployment: Deployment,
    transfer_id: str,
    real_name: RealName | None,
) -> Member:
    async with uow:
        transfer, known = await _incoming(uow, principal, deployment, transfer_id)
        origin = None
        if known["from_source"] == uow.source:
            origin = await uow.members.get(transfer.from_member_id)
        today = deployment.today()
        target = await uow.unions.get(transfer.to_union_id)
        if target is None or not target.is_active:
            raise NotAllowed("to_union_id", "active_union", "the destination union is not active")
        member = Member(
            id=f"m-{uuid.uuid4().hex[:12]}",
            card_number=await uow.members.next_card_number(transfer.to_station_code, today.year),
            person_key=transfer.person_key,
            station_code=transfer.to_station_code,
            union_id=transfer.to_union_id,
            joined_on=transfer.joined_on,
            worker_type=WorkerType(known["worker_type"]),
            **_personal(origin, real_name, deployment, transfer),
        )
        if origin is not None:  # both ends here: close the origin in the same transaction
            origin.end(MemberStatus.transferred_out, today)
            await uow.members.save(origin)
        await uow.directory.end(known["from_source"], transfer.from_member_id)
        transfer.accept(to_member_id=member.id, on=today)
        await uow.transfers.save(transfer)
        await uow.members.add(member)
        await uow.directory.record(
            Membership(
                member.person_key, uow.source, member.id, member.station_code, member.union_id
            )
        )
        uow.publish(
            member_facts(
                member,
                MemberTransferred,
                employer=target.employer_credit_code,
                transfer_id=transfer.id,
                from_member_id=transfer.from_member_id,
                from_station_code=transfer.from_station_code,
                from_union_id=transfer.from_union_id,
                transferred_on=today,
            ),
            subject=member.id,
            station=member.station_code,
        )
        await commit_enrolment(uow)
    return member


async def decline_transfer(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    deployment: Deployment,
    transfer_id: str,
    reason: DeclineReason,
) -> Transfer:
    async with uow:
        transfer, _ = await _incoming(uow, principal, deployment, transfer_id)
        transfer.decline(reason, deployment.today())
        await uow.transfers.save(transfer)
        uow.publish(
            TransferDeclined(
                transfer_id=transfer.id,
                person_key=transfer.person_key,
                from_member_id=transfer.from_member_id,
                from_station_code=transfer.from_station_code,
                to_station_code=transfer.to_station_code,
                to_union_id=transfer.to_union_id,
                reason=reason.value,
            ),
            subject=transfer.from_member_id,
            station=transfer.to_station_code,
        )
        await uow.commit()
    return transfer


async def _incoming(
    uow: MembershipUnitOfWork, principal: Principal, deployment: Deployment, transfer_id: str
) -> tuple[Transfer, dict]:
    found = await uow.transfers.get(transfer_id)
    if found is None or not deployment.serves(found[0].to_station_code):
        raise NotFound("transfer")
    require_station(principal, found[0].to_station_code, "transfer")
    return found


def _personal(
    origin: Member | None, real_name: RealName | None, deployment: Deployment, transfer: Transfer
) -> dict:
    """The new membership's personal data: copied within a deployment, re-entered across."""
    if origin is not None:
        return {"name": origin.name, "identity": origin.identity, "mobile": origin.mobile}
    if real_name is None:
        raise RuleBroken(
            "real_name",
            "required",
            "the member comes from another deployment: enter name, ID number and mobile "
            "from their ID card",
        )
    identity, person_key = deployment.identity(real_name.resident_id)
    if person_key != transfer.person_key:
        raise RuleBroken(
            "resident_id", "matches_transfer", "this ID number is not the transferred member's"
        )
    if not real_name.name.strip():
        raise RuleBroken("name", "required", "the member's name is required")
    return {
        "name": real_name.name.strip(),
        "identity": identity,
        "mobile": normalise_mobile(real_name.mobile),
    }
