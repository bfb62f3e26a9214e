"""Reading members' personal data: masked by default; in full only for roles that need it,
for a stated purpose, and written to the audit log (who, when, which member, why)."""

from __future__ import annotations

from unionfed.common.auth import Principal, Role
from unionfed.membership.domain.errors import NotFound, RuleBroken
from unionfed.membership.domain.member import Member
from unionfed.membership.service.context import Deployment
from unionfed.membership.service.members import visible_member
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork

# Admins handle certificates, transfers and government checks; staff work with masked data.
REVEAL_ROLES = (Role.station_admin, Role.federation_admin)
SENSITIVE_FIELDS = ["resident_id", "mobile"]


async def read_member(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    member_id: str,
    reveal: bool,
    purpose: str | None,
) -> Member:
    if reveal:
        _check_reveal(principal, purpose)
    async with uow:
        member = await visible_member(uow, principal, member_id)
        if reveal:
            await uow.audit.record(
                principal,
                action="reveal",
                record_type="member",
                record_id=member.id,
                station_code=member.station_code,
                fields=SENSITIVE_FIELDS,
                purpose=purpose or "",
            )
            await uow.commit()
    return member


async def lookup_by_resident_id(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    deployment: Deployment,
    resident_id: str,
    purpose: str,
) -> Member:
    """Find a member by exact ID number through the keyed-hash index; every lookup is audited,
    found or not."""
    if len(purpose.strip()) < 4:
        raise RuleBroken("purpose", "required", "say why you look this person up")
    _, person_key = deployment.identity(resident_id)
    async with uow:
        member = await uow.members.latest_by_person(person_key)
        visible = member is not None and principal.can_act_for(member.station_code)
        await uow.audit.record(
            principal,
            action="lookup",
            record_type="member",
            record_id=member.id if visible else None,
            station_code=member.station_code if visible else None,
            fields=["resident_id"],
            purpose=purpose.strip(),
        )
        await uow.commit()
    if not visible:
        raise NotFound("member")
    return member


async def audit_entries(
    uow: MembershipUnitOfWork,
    *,
    principal: Principal,
    member_id: str | None,
    offset: int,
    limit: int,
):
    async with uow:
        return await uow.audit.entries(
            stations=principal.visible_stations(),
            record_id=member_id,
            offset=offset,
            limit=limit,
        )


def may_reveal(principal: Principal) -> bool:
    return principal.has_any(*REVEAL_ROLES)


def _check_reveal(principal: Principal, purpose: str | None) -> None:
    if not may_reveal(principal):
        raise RuleBroken(
            "reveal", "role", "only station or federation administrators see ID and phone in full"
        )
    if not purpose or len(purpose.strip()) < 4:
        raise RuleBroken("purpose", "required", "say why you need the full ID and phone numbers")
