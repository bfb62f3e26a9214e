"""Grants (救助申请): application with its eligibility check, review, approval within the
budget, and declining or cancelling with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from unionfed.aid.domain.grant import COMMITTED, Grant, GrantStatus
from unionfed.aid.domain.hardship import FileStatus
from unionfed.aid.domain.program import FEDERATION, Applicant, Program, amount_due, to_fen
from unionfed.aid.service import county
from unionfed.aid.service.context import Office, new_id
from unionfed.aid.service.events import grant_facts
from unionfed.aid.service.hardship import active_member
from unionfed.aid.service.programs import get_program
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.auth import Principal
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.common.events.contracts import aid as contracts

DECLINE_REASONS = frozenset(
    {
        "not_eligible",
        "over_cap",
        "budget_exhausted",
        "already_granted",
        "objection_upheld",
        "government_check",
        "other",
    }
)
CANCEL_REASONS = frozenset(
    {"applicant_withdrew", "duplicate_detected", "entered_in_error", "other"}
)


@dataclass(frozen=True)
class Application:
    program_id: str
    member_id: str
    name: str
    reason: str = ""
    documents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # school stages, education aid
    amount: Decimal | None = None
    applied_on: date | None = None  # the day the paper application came in (default today)


def entry(action: str, principal: Principal, office: Office, note: str = "", **more) -> dict:
    return {"action": action, "by": principal.subject, "at": office.now(), "note": note, **more}


async def apply(uow: Uow, office: Office, principal: Principal, a: Application) -> Grant:
    if not a.name.strip():
        raise RuleViolation("name", "required", "the applicant's name, for the public list")
    applied_on = a.applied_on or office.today()
    if applied_on > office.today():
        raise RuleViolation("applied_on", "not_future", "the application has come in")
    async with uow:
        program = await get_program(uow, a.program_id)
        program.require_open()
        member = await active_member(uow, office, principal, a.member_id)
        # Already granted anywhere in the county comes first: it is the answer that matters.
        await county.refuse_if_granted(uow, member["person_key"], program.kind, program.period)
        file = await uow.files.open_of_member(a.member_id)
        on_file = file is not None and file.status is FileStatus.on_file
        applicant = Applicant(
            member_active=True,
            file_level=file.level if on_file else None,
            model_worker=await uow.titles.in_force(member["person_key"]),
            documents=frozenset(a.documents),
            children_stages=tuple(a.children),
        )
        amount = amount_due(program, applicant, a.amount)
        holder = await _budget_holder(uow, program, member["station_code"])
        g = Grant(
            id=new_id("gr"),
            program_id=program.id,
            station_code=member["station_code"],
            member_id=a.member_id,
            person_key=member["person_key"],
            amount_fen=to_fen(amount),
            budget_holder=holder,
            applied_on=applied_on,
            union_id=member["union_id"],
            hardship_file_id=file.id if on_file else None,
        )
        await uow.grants.add(
            g,
            name=a.name.strip(),
            reason=a.reason,
            documents=sorted(set(a.documents)),
            children=list(a.children),
            history=[entry("apply", principal, office)],
        )
        await _ledger(uow, g, program, office)
        uow.publish(
            contracts.GrantApplied(**grant_facts(g, program, office.now())),
            subject=g.id,
            station=g.station_code,
        )
        await uow.commit()
    return g


async def _budget_holder(uow: Uow, program: Program, station_code: str) -> str:
    """The station's budget; without one, the federation's own."""
    for holder in (station_code, FEDERATION):
        if await uow.budgets.get(program.id, holder) is not None:
            return holder
    raise Conflict("program_id", "budget_set", f"the program has no budget for {station_code}")


async def _ledger(uow: Uow, g: Grant, program: Program, office: Office) -> None:
    await uow.ledger.record(
        grant_id=g.id,
        person_key=g.person_key,
        program_kind=program.kind,
        period=program.period,
        station_code=g.station_code,
        status=g.status.value,
        at=office.now(),
    )


async def load(uow: Uow, principal: Principal, grant_id: str) -> Grant:
    g = await uow.grants.get(grant_id, principal.visible_stations())
    if g is None:
        raise NotFound("grant")
    return g


async def _move(uow: Uow, g: Grant, before: GrantStatus, record: dict) -> None:
    if not await uow.grants.move(g, before, record):
        raise Conflict("status", "changed_meanwhile", "the grant was changed meanwhile; reload")


async def review(
    uow: Uow, office: Office, principal: Principal, grant_id: str, note: str = ""
) -> Grant:
    """The station checked the application and its documents (审核)."""
    async with uow:
        g = await load(uow, principal, grant_id)
        g.require(GrantStatus.applied)
        g.status = GrantStatus.reviewed
        await _move(uow, g, GrantStatus.applied, entry("review", principal, office, note))
        await uow.commit()
    return g


async def approve(
    uow: Uow,
    office: Office,
    principal: Principal,
    grant_id: str,
    *,
    approved_on: date | None = None,
    note: str = "",
) -> Grant:
    """Approve (审批) within the budget: the amount is committed by one conditional update."""
    on = approved_on or office.today()
    async with uow:
        g = await load(uow, principal, grant_id)
        g.require(GrantStatus.reviewed)
        if not g.applied_on <= on <= office.today():
            raise RuleViolation("approved_on", "between_application_and_today", "a past date")
        program = await get_program(uow, g.program_id)
        if program.government_check_required and not await uow.answers.of_grant(g.id):
            raise Conflict(
                "government_checks",
                "required",
                "the program needs a government check before approval",
            )
        await county.refuse_if_preceded(uow, g.id, g.person_key, program.kind, program.period)
        g.status, g.approved_on = GrantStatus.approved, on
        await _move(uow, g, GrantStatus.reviewed, entry("approve", principal, office, note))
        if not await uow.budgets.commit(program.id, g.budget_holder, g.amount_fen):
            raise Conflict(
                "amount",
                "budget_available",
                f"the {g.budget_holder} budget of the program cannot cover it",
            )
        await _ledger(uow, g, program, office)
        uow.publish(
            contracts.GrantApproved(**grant_facts(g, program, office.now())),
            subject=g.id,
            station=g.station_code,
        )
        await uow.commit()
    return g


async def end(
    uow: Uow,
    office: Office,
    principal: Principal,
    grant_id: str,
    *,
    cancel: bool,
    reason: str,
    note: str = "",
) -> Grant:
    """Decline (before payment) or cancel (after approval); a committed amount is released."""
    reasons = CANCEL_REASONS if cancel else DECLINE_REASONS
    if reason not in reasons:
        raise RuleViolation("reason", "one_of", f"reason is one of {sorted(reasons)}")
    async with uow:
        g = await load(uow, principal, grant_id)
        if cancel:
            g.require(GrantStatus.approved, GrantStatus.publicised)
        else:
            g.require(
                GrantStatus.applied,
                GrantStatus.reviewed,
                GrantStatus.approved,
                GrantStatus.publicised,
            )
        program = await get_program(uow, g.program_id)
        await end_grant(
            uow,
            office,
            g,
            program,
            cancel=cancel,
            reason=reason,
            record=entry("cancel" if cancel else "decline", principal, office, note, reason=reason),
        )
        await uow.commit()
    return g


async def end_grant(
    uow: Uow, office: Office, g: Grant, program: Program, *, cancel: bool, reason: str, record: dict
) -> None:
    before = g.status
    if before in COMMITTED:
        await uow.budgets.release(program.id, g.budget_holder, g.amount_fen)
    g.status, g.end_reason = (GrantStatus.cancelled if cancel else GrantStatus.declined), reason
    await _move(uow, g, before, record)
    await _ledger(uow, g, program, office)
    event = contracts.GrantCancelled if cancel else contracts.GrantDeclined
    uow.publish(
        event(**grant_facts(g, program, office.now()), reason=reason),
        subject=g.id,
        station=g.station_code,
    )
