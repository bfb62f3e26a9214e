"""Reports (统计报表): per program, station and month — budget, committed, paid, people
helped; and the public list (公示名单) of a program with every name masked."""

from __future__ import annotations

from datetime import date

from unionfed.aid.domain.grant import mask_name
from unionfed.aid.domain.program import FEDERATION, from_fen
from unionfed.aid.service.programs import get_program
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.auth import Principal
from unionfed.common.errors import RuleViolation


def _month(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise RuleViolation("month", "one_to_twelve", "month is 1 to 12")
    return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)


async def monthly(
    uow: Uow, principal: Principal, *, year: int, month: int, program_id: str | None = None
) -> dict:
    start, end = _month(year, month)
    stations = principal.visible_stations()
    async with uow:
        programs = {p.id: p for p in await uow.programs.listing(year=None, kind=None)}
        budgets = [
            b
            for b in await uow.budgets.all()
            if (program_id is None or b["program_id"] == program_id)
            and (stations is None or b["holder"] in stations)
        ]
        paid = await uow.grants.disbursed_between(start, end, stations)
    by_holder: dict[tuple[str, str], list] = {}
    for g in paid:
        by_holder.setdefault((g.program_id, g.budget_holder), []).append(g)
    rows = []
    for b in sorted(budgets, key=lambda b: (b["program_id"], b["holder"])):
        grants = by_holder.get((b["program_id"], b["holder"]), [])
        program = programs[b["program_id"]]
        rows.append(
            {
                "program_id": program.id,
                "program_kind": program.kind,
                "period": program.period,
                "program_title": program.title,
                "station_code": None if b["holder"] == FEDERATION else b["holder"],
                "budget": from_fen(b["amount_fen"]),
                "committed": from_fen(b["committed_fen"]),
                "paid_to_date": from_fen(b["paid_fen"]),
                "paid_in_month": from_fen(sum(g.disbursed_fen for g in grants)),
                "people_helped_in_month": len({g.person_key for g in grants}),
            }
        )
    totals = {
        key: sum((r[key] for r in rows), from_fen(0))
        for key in ("budget", "committed", "paid_to_date", "paid_in_month")
    }
    totals["people_helped_in_month"] = len({g.person_key for g in paid})
    return {"year": year, "month": month, "rows": rows, "totals": totals}


async def public_list(uow: Uow, principal: Principal, program_id: str) -> dict:
    """What is posted: masked name, station, union, program, amount, the notice's dates.
    No ID number, no phone, no reason."""
    async with uow:
        program = await get_program(uow, program_id)
        listed = await uow.grants.publicised(program.id, principal.visible_stations())
    return {
        "program_id": program.id,
        "program_title": program.title,
        "period": program.period,
        "items": [
            {
                "name": mask_name(name),
                "station_code": g.station_code,
                "union_id": g.union_id,
                "program": program.title,
                "amount": from_fen(g.amount_fen),
                "publicity_from": g.publicity_from,
                "publicity_until": g.publicity_until,
            }
            for g, name in listed
        ],
    }
