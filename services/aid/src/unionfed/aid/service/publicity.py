"""Publicity (公示) of approved grants, objections (异议) and their decision, disbursement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from unionfed.aid.domain.grant import GrantStatus
from unionfed.aid.domain.program import to_fen
from unionfed.aid.service.context import Office, new_id
from unionfed.aid.service.events import grant_facts
from unionfed.aid.service.grants import _ledger, _move, end_grant, entry, load
from unionfed.aid.service.programs import get_program
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.auth import Principal
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.common.events.contracts import aid as contracts

METHODS = frozenset({"bank_transfer", "cash", "in_kind"})


async def publicise(
    uow: Uow,
    office: Office,
    principal: Principal,
    grant_ids: list[str],
    *,
    publicity_from: date | None = None,
) -> list:
    """Put approved grants on the public list for the program's number of days. The notice
    may have been posted on an earlier day (the noticeboard), never before the approval."""
    start = publicity_from or office.today()
    if start > office.today():
        raise RuleViolation("publicity_from", "not_future", "the notice is already posted")
    done = []
    async with uow:
        for grant_id in grant_ids:
            g = await load(uow, principal, grant_id)
            g.require(GrantStatus.approved)
            if start < g.approved_on:
                raise RuleViolation(
                    "publicity_from", "after_approval", f"{g.id} was approved on {g.approved_on}"
                )
            program = await get_program(uow, g.program_id)
            g.status = GrantStatus.publicised
            g.publicity_from = start
            g.publicity_until = start + timedelta(days=program.publicity_days - 1)
            await _move(uow, g, GrantStatus.approved, entry("publicise", principal, office))
            await _ledger(uow, g, program, office)
            uow.publish(
                contracts.GrantPublicised(
                    **grant_facts(g, program, office.now()),
                    publicity_from=g.publicity_from,
                    publicity_until=g.publicity_until,
                ),
                subject=g.id,
                station=g.station_code,
            )
            done.append(g)
        await uow.commit()
    return done


async def raise_objection(
    uow: Uow,
    office: Office,
    principal: Principal,
    grant_id: str,
    *,
    summary: str,
    raised_on: date | None = None,
) -> dict:
    """An objection during the notice, recorded by staff; the text stays encrypted here."""
    on = raised_on or office.today()
    if not summary.strip():
        raise RuleViolation("summary", "required", "what the objection says")
    async with uow:
        g = await load(uow, principal, grant_id)
        g.require(GrantStatus.publicised)
        if not g.publicity_from <= on <= g.publicity_until or on > office.today():
            raise RuleViolation(
                "raised_on",
                "during_publicity",
                f"the notice ran {g.publicity_from} to {g.publicity_until}",
            )
        program = await get_program(uow, g.program_id)
        objection_id = new_id("obj")
        await uow.objections.add(
            objection_id, g.id, summary=summary, raised_on=on, by=principal.subject
        )
        uow.publish(
            contracts.GrantObjectionRaised(
                **grant_facts(g, program, office.now()), objection_id=objection_id
            ),
            subject=g.id,
            station=g.station_code,
        )
        await uow.commit()
    return {"id": objection_id, "grant_id": g.id, "raised_on": on}


async def decide_objection(
    uow: Uow,
    office: Office,
    principal: Principal,
    objection_id: str,
    *,
    upheld: bool,
    note: str = "",
) -> dict:
    """Upheld: the grant is declined and its amount released; dismissed: it goes on."""
    async with uow:
        objection = await uow.objections.get(objection_id)
        if objection is None:
            raise NotFound("objection")
        g = await load(uow, principal, objection["grant_id"])
        if not await uow.objections.decide(
            objection_id, upheld=upheld, note=note, by=principal.subject, at=office.now()
        ):
            raise Conflict("objection_id", "undecided", "the objection is already decided")
        program = await get_program(uow, g.program_id)
        uow.publish(
            contracts.GrantObjectionDecided(
                **grant_facts(g, program, office.now()), objection_id=objection_id, upheld=upheld
            ),
            subject=g.id,
            station=g.station_code,
        )
        if upheld and g.status is GrantStatus.publicised:
            await end_grant(
                uow,
                office,
                g,
                program,
                cancel=False,
                reason="objection_upheld",
                record=entry("decline", principal, office, note, reason="objection_upheld"),
            )
        await uow.commit()
    return {"id": objection_id, "grant_id": g.id, "upheld": upheld, "grant_status": g.status}


@dataclass(frozen=True)
class Payment:
    amount: Decimal
    method: str
    disbursed_on: date
    payment_reference: str


async def disburse(
    uow: Uow, office: Office, principal: Principal, grant_id: str, p: Payment
) -> object:
    """Pay after the notice is over and every objection is decided (发放)."""
    if p.method not in METHODS:
        raise RuleViolation("method", "one_of", f"method is one of {sorted(METHODS)}")
    if not p.payment_reference.strip():
        raise RuleViolation("payment_reference", "required", "the bank or receipt reference")
    if p.disbursed_on > office.today():
        raise RuleViolation("disbursed_on", "not_future", "record a payment once it is made")
    async with uow:
        g = await load(uow, principal, grant_id)
        g.require(GrantStatus.publicised)
        if office.today() <= g.publicity_until or p.disbursed_on <= g.publicity_until:
            raise Conflict("status", "publicity_over", f"the notice runs until {g.publicity_until}")
        if await uow.objections.undecided(g.id):
            raise Conflict("objections", "all_decided", "an objection is still to decide")
        paid = to_fen(p.amount)
        if not 0 < paid <= g.amount_fen:
            raise RuleViolation("amount", "within_approved", "at most the approved amount")
        program = await get_program(uow, g.program_id)
        await uow.budgets.pay(
            program.id, g.budget_holder, committed_fen=g.amount_fen, paid_fen=paid
        )
        g.status, g.disbursed_fen, g.disbursed_on = GrantStatus.disbursed, paid, p.disbursed_on
        g.method, g.payment_reference = p.method, p.payment_reference.strip()
        await _move(uow, g, GrantStatus.publicised, entry("disburse", principal, office))
        await _ledger(uow, g, program, office)
        uow.publish(
            contracts.GrantDisbursed(
                **grant_facts(g, program, office.now()),
                method=p.method,
                disbursed_on=p.disbursed_on,
                payment_reference=g.payment_reference,
            ),
            subject=g.id,
            station=g.station_code,
        )
        await uow.commit()
    return g
