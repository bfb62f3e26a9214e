"""Grievance use cases: intake, each step of the lifecycle, the timeline, the deadline sweep."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from unionfed.common.auth import Principal
from unionfed.common.errors import NotFound, RuleViolation
from unionfed.common.events.contracts import grievance as contracts
from unionfed.common.identifiers import normalise_credit_code, normalise_mobile
from unionfed.grievance.domain import deadlines
from unionfed.grievance.domain.case import (
    STEPS,
    Category,
    Channel,
    Outcome,
    ReferralTarget,
    StepRefused,
)
from unionfed.grievance.domain.grievance import Employer, Grievance, Worker
from unionfed.grievance.service.context import Desk
from unionfed.grievance.service.events import facts, step_event
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork

STEP_NAMES = frozenset(step for steps in STEPS.values() for step in steps)
# What each step needs besides a note.
REQUIRED = {
    "assign": "handler",
    "refer": "target",
    "resolve": "outcome",
    "record_feedback": "satisfaction",
}


@dataclass(frozen=True)
class Intake:
    station_code: str
    channel: Channel
    category: Category
    description: str
    workers_affected: int
    amount_claimed: Decimal | None
    employer_name: str
    employer_credit_code: str | None
    worker_name: str
    worker_phone: str
    member_id: str | None = None


async def file_case(
    uow: GrievanceUnitOfWork, *, principal: Principal, desk: Desk, data: Intake
) -> Grievance:
    if not principal.can_act_for(data.station_code):
        raise NotFound("station")
    return await _file(uow, desk, data, by=principal.subject)


async def file_online(uow: GrievanceUnitOfWork, *, desk: Desk, data: Intake) -> Grievance:
    """A worker's own complaint, sent online (no account): to the station they chose."""
    if data.channel is not Channel.online:
        raise RuleViolation("channel", "online", "an online complaint comes by the online channel")
    return await _file(uow, desk, data, by="online")


async def _file(uow: GrievanceUnitOfWork, desk: Desk, data: Intake, *, by: str) -> Grievance:
    if not desk.serves(data.station_code):
        raise NotFound("station")
    now = desk.clock()
    case = Grievance.file(
        id=f"g-{uuid.uuid4().hex[:12]}",
        station_code=data.station_code,
        channel=data.channel,
        category=data.category,
        description=data.description,
        workers_affected=data.workers_affected,
        amount_claimed=data.amount_claimed,
        employer=Employer(_credit_code(data.employer_credit_code), data.employer_name.strip()),
        worker=Worker(
            data.worker_name.strip(),
            normalise_mobile(data.worker_phone, field="worker_phone"),
            data.member_id,
        ),
        at=now,
        by=by,
    )
    deadlines.on_filing(case, desk.calendar, desk.policy)
    async with uow:
        if data.member_id and not await uow.members.is_active(data.member_id):
            raise RuleViolation(
                "member_id",
                "active_member",
                "no active member with this id is known here; leave it empty for a non-member",
            )
        await uow.cases.add(case)
        uow.publish(
            contracts.CaseFiled(
                **facts(case, now),
                channel=case.channel.value,
                member_id=case.worker.member_id,
                amount_claimed=case.amount_claimed,
                accept_by=case.deadlines["accept_by"],
            ),
            subject=case.id,
            station=case.station_code,
        )
        if case.collective:  # 群体性: to the federation at once
            case.escalate(reason="collective case", at=now, by="system")
            await uow.cases.save(case)
            uow.publish(
                contracts.CaseEscalated(**facts(case, now), reason="collective"),
                subject=case.id,
                station=case.station_code,
            )
        await uow.commit()
    return case


async def take_step(
    uow: GrievanceUnitOfWork,
    *,
    principal: Principal,
    desk: Desk,
    case_id: str,
    step: str,
    note: str = "",
    **params,
) -> Grievance:
    """Apply one lifecycle step; refused (409) with the allowed steps when out of order."""
    now = desk.clock()
    async with uow:
        case = await visible_case(uow, principal, case_id)
        if step in STEP_NAMES and step not in case.allowed_steps():
            raise StepRefused(case.status, step)
        if (needed := REQUIRED.get(step)) and params.get(needed) is None:
            raise RuleViolation(needed, "required", f"'{step}' needs {needed}")
        by = principal.subject
        match step:
            case "accept":
                case.accept(at=now, by=by, note=note)
                deadlines.on_acceptance(case, now.date(), desk.policy)
            case "decline":
                case.decline(reason=params.get("reason") or note, at=now, by=by)
            case "assign":
                case.assign(handler=params.get("handler") or "", at=now, by=by, note=note)
            case "mediate":
                case.mediate(at=now, by=by, note=note)
            case "legal_aid":
                case.legal_aid(at=now, by=by, note=note)
            case "refer":
                case.refer(target=ReferralTarget(params["target"]), at=now, by=by, note=note)
            case "resolve":
                case.resolve(
                    outcome=Outcome(params["outcome"]),
                    amount_recovered=params.get("amount_recovered"),
                    at=now,
                    by=by,
                    note=note,
                )
            case "record_feedback":
                case.record_feedback(
                    satisfaction=params["satisfaction"], comment=note, at=now, by=by
                )
            case "close":
                case.close(at=now, by=by, note=note)
            case _:
                raise RuleViolation("step", "known_step", f"unknown step {step!r}")
        await uow.cases.save(case)
        uow.publish(step_event(case, step, now), subject=case.id, station=case.station_code)
        await uow.commit()
    return case


async def read_case(
    uow: GrievanceUnitOfWork,
    *,
    principal: Principal,
    case_id: str,
    reveal: bool,
    purpose: str | None,
) -> Grievance:
    """A case; with ``reveal`` the worker's phone in full, for a stated purpose, audited."""
    if reveal and (not purpose or len(purpose.strip()) < 4):
        raise RuleViolation("purpose", "required", "say why you need the worker's phone number")
    async with uow:
        case = await visible_case(uow, principal, case_id)
        if reveal:
            await uow.audit.record(
                principal,
                action="reveal",
                record_type="case",
                record_id=case.id,
                station_code=case.station_code,
                fields=["worker_phone"],
                purpose=(purpose or "").strip(),
            )
            await uow.commit()
    return case


async def visible_case(uow: GrievanceUnitOfWork, principal: Principal, case_id: str) -> Grievance:
    case = await uow.cases.get(case_id)
    if case is None or not principal.can_act_for(case.station_code):
        raise NotFound("case")
    return case


def _credit_code(value: str | None) -> str | None:
    return normalise_credit_code(value, field="employer_credit_code") if value else None
