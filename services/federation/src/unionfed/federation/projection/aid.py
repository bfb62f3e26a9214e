"""Help for workers in difficulty (帮扶) from ``aid``: programs, budgets, grants, hardship
files, and the double grants aid detected (the same help paid twice)."""

from __future__ import annotations

from unionfed.common.events.contracts import aid as a
from unionfed.federation.domain.figures import FILE_RANK, GRANT_RANK, china_month, fen, furthest
from unionfed.federation.projection import Rows, earliest, newer, utc
from unionfed.federation.projection.tables import (
    BUDGETS,
    CONFLICTS,
    GRANTS,
    HARDSHIP_FILES,
    PROGRAMS,
)

GRANT_STATUS = {
    a.GrantApplied: "applied",
    a.GrantApproved: "approved",
    a.GrantPublicised: "publicised",
    a.GrantDisbursed: "disbursed",
    a.GrantDeclined: "declined",
    a.GrantCancelled: "cancelled",
}
FILE_STATUS = {
    a.HardshipFileOpened: "opened",
    a.HardshipFileApproved: "approved",
    a.HardshipFileReverified: "approved",
    a.HardshipFileClosed: "closed",
}


async def program_opened(env, rows: Rows) -> None:
    d: a.ProgramOpened = env.data
    rows.put(
        PROGRAMS,
        (d.program_id,),
        {
            "program_id": d.program_id,
            "program_kind": d.program_kind,
            "period": d.period,
            "year": d.year,
            "title": d.title,
            "per_person_cap_fen": fen(d.per_person_cap),
        },
    )


async def budget_set(env, rows: Rows) -> None:
    d: a.BudgetSet = env.data
    key = (d.program_id, d.station_code or "")
    row = await rows.get(BUDGETS, key)
    if row is None or newer(row, d.at):
        rows.put(
            BUDGETS,
            key,
            {
                "program_id": d.program_id,
                "station_code": d.station_code or "",
                "program_kind": d.program_kind,
                "period": d.period,
                "year": d.year,
                "amount_fen": fen(d.amount),
                "facts_at": utc(d.at),
            },
        )


async def grant_event(env, rows: Rows) -> None:
    d: a.GrantFacts = env.data
    row = await rows.get(GRANTS, (d.grant_id,)) or _new_grant(d.grant_id)
    if newer(row, d.at):
        row.update(
            program_id=d.program_id,
            program_kind=d.program_kind,
            period=d.period,
            year=d.year,
            station_code=d.station_code,
            member_id=d.member_id,
            person_key=d.person_key,
            amount_fen=fen(d.amount),
            facts_at=utc(d.at),
        )
    status = GRANT_STATUS.get(type(d))
    if status is not None:
        row["status"] = furthest(GRANT_RANK, row["status"], status)
    if isinstance(d, a.GrantApplied):
        row["applied_at"] = earliest(row["applied_at"], d.at)
    elif isinstance(d, a.GrantDisbursed):
        row.update(
            disbursed_on=d.disbursed_on,
            disbursed_month=d.disbursed_on.strftime("%Y-%m"),
            method=d.method,
        )
    elif isinstance(d, a.GrantObjectionRaised):
        row["objections"] = max(row["objections"], 1)
    elif isinstance(d, (a.GrantDeclined, a.GrantCancelled)):
        row["end_reason"] = d.reason
    row["applied_month"] = china_month(row["applied_at"] or row["facts_at"])
    rows.put(GRANTS, (d.grant_id,), row)


def _new_grant(grant_id: str) -> dict:
    return {
        "grant_id": grant_id,
        "program_id": None,
        "program_kind": None,
        "period": None,
        "year": None,
        "station_code": None,
        "member_id": None,
        "person_key": None,
        "amount_fen": 0,
        "status": None,
        "applied_at": None,
        "applied_month": None,
        "disbursed_on": None,
        "disbursed_month": None,
        "method": None,
        "objections": 0,
        "end_reason": None,
        "facts_at": None,
    }


async def hardship_file_event(env, rows: Rows) -> None:
    d: a.HardshipFileFacts = env.data
    row = await rows.get(HARDSHIP_FILES, (d.file_id,)) or {
        "file_id": d.file_id,
        "status": None,
        "opened_at": None,
        "closed_on": None,
        "close_reason": None,
        "facts_at": None,
    }
    if newer(row, d.at):
        row.update(
            station_code=d.station_code,
            level=d.level,
            household_size=d.household_size,
            facts_at=utc(d.at),
        )
    row["status"] = furthest(FILE_RANK, row["status"], FILE_STATUS[type(d)])
    row["opened_at"] = earliest(row["opened_at"], d.at)
    if isinstance(d, a.HardshipFileClosed):
        row.update(closed_on=d.closed_on, close_reason=d.reason)
    rows.put(HARDSHIP_FILES, (d.file_id,), row)


async def duplicate_detected(env, rows: Rows) -> None:
    d: a.DuplicateGrantDetected = env.data
    grants = sorted(set(d.grant_ids))
    key = f"grant:{d.program_kind}:{d.period}:{':'.join(grants)}"
    # Each aid deployment may report the same race: the first report's time stands.
    known = await rows.get(CONFLICTS, (key,))
    detected_at = earliest(known["detected_at"] if known else None, d.detected_at)
    rows.put(
        CONFLICTS,
        (key,),
        {
            "conflict_key": key,
            "kind": "double_grant",
            "person_key": d.person_key,
            "station_codes": ",".join(sorted(set(d.station_codes))),
            "refs": ",".join(grants),
            "program_kind": d.program_kind,
            "period": d.period,
            "detected_at": detected_at,
        },
    )


HANDLERS = (
    {c.event_type: grant_event for c in GRANT_STATUS}
    | {c.event_type: grant_event for c in (a.GrantObjectionRaised, a.GrantObjectionDecided)}
    | {c.event_type: hardship_file_event for c in FILE_STATUS}
    | {
        a.ProgramOpened.event_type: program_opened,
        a.BudgetSet.event_type: budget_set,
        a.DuplicateGrantDetected.event_type: duplicate_detected,
    }
)
