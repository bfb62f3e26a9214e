"""Aid programs per year and period, and their budgets (federation administrators)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from unionfed.aid.api import schemas
from unionfed.aid.api.deps import FederationAdminDep, OfficeDep, StaffDep, UowDep
from unionfed.aid.domain.program import FEDERATION, Eligibility, Program
from unionfed.aid.service import programs
from unionfed.aid.service.programs import ProgramPlan, budget_view

router = APIRouter(prefix="/programs", tags=["programs"])


def view(p: Program, budgets: list[dict] | None = None) -> dict:
    answer = asdict(p)
    answer["eligibility"]["levels"] = list(p.eligibility.levels)
    answer["eligibility"]["documents"] = list(p.eligibility.documents)
    if budgets is not None:
        answer["budgets"] = [budget_view(b) for b in budgets]
    return answer


@router.post("", status_code=201, summary="Open a program for a period (federation admins)")
async def open_program(
    body: schemas.ProgramIn, uow: UowDep, office: OfficeDep, who: FederationAdminDep
) -> dict:
    """One program per kind and period (e.g. ``winter_visit`` / ``2027-spring-festival``).
    ``model_worker_relief`` is for model workers in title whatever the rules say."""
    e = body.eligibility
    plan = ProgramPlan(
        kind=body.kind,
        period=body.period,
        year=body.year,
        title=body.title,
        per_person_cap=body.per_person_cap,
        publicity_days=body.publicity_days,
        government_check_required=body.government_check_required,
        eligibility=Eligibility(
            hardship_file_required=e.hardship_file_required,
            levels=tuple(e.levels),
            member_status=e.member_status,
            documents=tuple(e.documents),
            model_worker_only=e.model_worker_only,
            stage_amounts=dict(e.stage_amounts),
        ),
    )
    return view(await programs.open_program(uow, office, plan), [])


@router.get("", summary="Programs, newest year first")
async def list_programs(
    uow: UowDep, who: StaffDep, year: int | None = None, kind: str | None = None
) -> dict:
    async with uow:
        found = await uow.programs.listing(year=year, kind=kind)
    return {"items": [view(p) for p in found], "total": len(found)}


def _holders(who) -> set[str] | None:
    stations = who.visible_stations()
    return None if stations is None else set(stations)


@router.get("/{program_id}", summary="A program with the budgets the caller may see")
async def get_program(program_id: str, uow: UowDep, who: StaffDep) -> dict:
    async with uow:
        program = await programs.get_program(uow, program_id)
        budgets = await uow.budgets.of_program(program.id, _holders(who))
    return view(program, budgets)


@router.put("/{program_id}/budgets", summary="Set a station's or the federation's budget")
async def set_budget(
    program_id: str, body: schemas.BudgetIn, uow: UowDep, office: OfficeDep, who: FederationAdminDep
) -> dict:
    """Never below what is already committed (409)."""
    if body.station_code == FEDERATION:
        body.station_code = None
    budget = await programs.set_budget(uow, office, program_id, body.station_code, body.amount)
    return budget_view(budget)
