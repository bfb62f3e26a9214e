"""The facts every aid event carries: ids and keys, never a name, ID number or income."""

from __future__ import annotations

from datetime import datetime

from unionfed.aid.domain.grant import Grant
from unionfed.aid.domain.hardship import HardshipFile
from unionfed.aid.domain.program import Program, from_fen


def file_facts(f: HardshipFile, at: datetime) -> dict:
    return {
        "file_id": f.id,
        "station_code": f.station_code,
        "member_id": f.member_id,
        "person_key": f.person_key,
        "level": f.level,
        "causes": list(f.causes),
        "household_size": f.household_size,
        "at": at,
    }


def grant_facts(g: Grant, p: Program, at: datetime) -> dict:
    return {
        "grant_id": g.id,
        "program_id": p.id,
        "program_kind": p.kind,
        "period": p.period,
        "year": p.year,
        "station_code": g.station_code,
        "member_id": g.member_id,
        "person_key": g.person_key,
        "amount": from_fen(g.disbursed_fen or g.amount_fen),
        "at": at,
    }
