"""Aid programs (帮扶项目) per year and period, opened by the federation, and their budgets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from unionfed.aid.domain.program import (
    FEDERATION,
    Eligibility,
    Program,
    check_program,
    from_fen,
    to_fen,
)
from unionfed.aid.service.context import Office, new_id
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.common.events.contracts import aid as contracts


@dataclass(frozen=True)
class ProgramPlan:
    kind: str
    period: str
    year: int
    title: str
    per_person_cap: Decimal
    eligibility: Eligibility
    publicity_days: int | None = None
    government_check_required: bool = False


async def open_program(uow: Uow, office: Office, plan: ProgramPlan) -> Program:
    eligibility = check_program(plan.kind, plan.eligibility, plan.per_person_cap)
    days = office.default_publicity_days if plan.publicity_days is None else plan.publicity_days
    if days < 1:
        raise RuleViolation("publicity_days", "at_least_one", "grants are publicised (公示)")
    if not plan.period.startswith(str(plan.year)):
        raise RuleViolation("period", "starts_with_year", "e.g. '2027-spring-festival'")
    async with uow:
        if (existing := await uow.programs.find(plan.kind, plan.period)) is not None:
            raise Conflict(
                "period",
                "one_program_per_period",
                f"already program {existing.id}",
                program_id=existing.id,
            )
        program = Program(
            id=new_id("prg"),
            kind=plan.kind,
            period=plan.period,
            year=plan.year,
            title=plan.title,
            per_person_cap=plan.per_person_cap,
            eligibility=eligibility,
            publicity_days=days,
            government_check_required=plan.government_check_required,
        )
        await uow.programs.add(program, at=office.now())
        uow.publish(
            contracts.ProgramOpened(
                program_id=program.id,
                program_kind=program.kind,
                period=program.period,
                year=program.year,
                title=program.title,
                per_person_cap=program.per_person_cap,
                at=office.now(),
            ),
            subject=program.id,
        )
        await uow.commit()
    return program


async def get_program(uow: Uow, program_id: str) -> Program:
    program = await uow.programs.get(program_id)
    if program is None:
        raise NotFound("program")
    return program


async def set_budget(
    uow: Uow, office: Office, program_id: str, station_code: str | None, amount: Decimal
) -> dict:
    """A station's budget (or the federation's own, ``station_code`` None) for the program."""
    if amount < 0:
        raise RuleViolation("amount", "not_negative", "a budget is ≥ 0")
    holder = station_code or FEDERATION
    async with uow:
        program = await get_program(uow, program_id)
        if not await uow.budgets.set(program.id, holder, to_fen(amount)):
            current = await uow.budgets.get(program.id, holder)
            raise Conflict(
                "amount",
                "not_below_committed",
                f"{from_fen(current['committed_fen'])} is already committed",
            )
        uow.publish(
            contracts.BudgetSet(
                program_id=program.id,
                program_kind=program.kind,
                period=program.period,
                year=program.year,
                station_code=station_code,
                amount=amount,
                at=office.now(),
            ),
            subject=program.id,
            station=station_code,
        )
        budget = await uow.budgets.get(program.id, holder)
        await uow.commit()
    return budget


def budget_view(b: dict) -> dict:
    return {
        "station_code": None if b["holder"] == FEDERATION else b["holder"],
        "amount": from_fen(b["amount_fen"]),
        "committed": from_fen(b["committed_fen"]),
        "paid": from_fen(b["paid_fen"]),
        "available": from_fen(b["amount_fen"] - b["committed_fen"]),
    }
