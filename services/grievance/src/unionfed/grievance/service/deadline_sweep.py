"""The deadline sweep: cases past a deadline get an overdue event and go to the federation."""

from __future__ import annotations

from collections.abc import Callable

from unionfed.common.events.contracts import grievance as contracts
from unionfed.grievance.domain import deadlines
from unionfed.grievance.service.context import Desk
from unionfed.grievance.service.events import facts
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork


async def sweep_deadlines(make_uow: Callable[[], GrievanceUnitOfWork], desk: Desk) -> int:
    """Report cases past a deadline (overdue event) and escalate them to the federation."""
    today, now, reported = desk.clock().date(), desk.clock(), 0
    async with make_uow() as uow:
        ids = await uow.cases.open_ids(
            list(
                deadlines.PENDING_WHILE[deadlines.ACCEPT_BY]
                | deadlines.PENDING_WHILE[deadlines.MEDIATION_BY]
            )
        )
    for case_id in ids:
        async with make_uow() as uow:
            case = await uow.cases.get(case_id)
            late = deadlines.newly_overdue(case, today)
            for name in late:
                case.overdue.add(name)
                uow.publish(
                    contracts.CaseOverdue(
                        **facts(case, now), deadline=name, due_on=case.deadlines[name]
                    ),
                    subject=case.id,
                    station=case.station_code,
                )
                note = f"{name} passed on {case.deadlines[name]}" + (
                    f"; the worker may apply for labour arbitration ({deadlines.ARBITRATION_LIMIT})"
                    if name == deadlines.MEDIATION_BY
                    else ""
                )
                if case.escalate(reason=note, at=now, by="system"):
                    uow.publish(
                        contracts.CaseEscalated(**facts(case, now), reason="overdue"),
                        subject=case.id,
                        station=case.station_code,
                    )
            if late:
                await uow.cases.save(case)
                await uow.commit()
                reported += len(late)
    return reported
