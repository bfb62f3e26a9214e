"""Stations, grassroots unions (基层工会) and members (会员) from the ``membership`` topic, and
crossed enrolments: one person with two memberships at the same time (一人一会籍)."""

from __future__ import annotations

from unionfed.common.events.contracts import membership as m
from unionfed.federation.projection import Rows, earliest, newer, utc
from unionfed.federation.projection.tables import CONFLICTS, MEMBERS, STATIONS, UNIONS

FACTS = ("person_key", "station_code", "union_id", "worker_type", "gender", "birth_year")


async def station_registered(env, rows: Rows) -> None:
    d: m.StationRegistered = env.data
    rows.put(
        STATIONS,
        (d.station_code,),
        {"station_code": d.station_code, "name": d.name, "kind": d.kind},
    )


async def union_registered(env, rows: Rows) -> None:
    d: m.UnionRegistered = env.data
    row = await _union(rows, d.union_id)
    row["founded_on"] = d.founded_on
    row["employer_name"] = d.employer_name
    row["employer_credit_code"] = d.employer_credit_code or None
    if newer(row, env.time):
        row.update(
            station_code=d.station_code,
            sector=d.sector,
            headcount=d.headcount,
            facts_at=utc(env.time),
        )
    rows.put(UNIONS, (d.union_id,), row)


async def union_updated(env, rows: Rows) -> None:
    d: m.UnionUpdated = env.data
    row = await _union(rows, d.union_id)
    if newer(row, env.time):
        row.update(
            station_code=d.station_code,
            sector=d.sector,
            headcount=d.headcount,
            facts_at=utc(env.time),
        )
    rows.put(UNIONS, (d.union_id,), row)


async def union_dissolved(env, rows: Rows) -> None:
    d: m.UnionDissolved = env.data
    row = await _union(rows, d.union_id)
    row.update(
        status="merged" if d.merged_into else "dissolved",
        dissolved_on=d.dissolved_on,
        merged_into=d.merged_into,
    )
    row["station_code"] = row["station_code"] or d.station_code
    rows.put(UNIONS, (d.union_id,), row)


async def _union(rows: Rows, union_id: str) -> dict:
    return await rows.get(UNIONS, (union_id,)) or {
        "union_id": union_id,
        "station_code": None,
        "employer_name": None,
        "employer_credit_code": None,
        "sector": None,
        "headcount": 0,
        "founded_on": None,
        "status": "active",
        "dissolved_on": None,
        "merged_into": None,
        "facts_at": None,
    }


async def member_joined(env, rows: Rows) -> None:
    d: m.MemberFacts = env.data
    row = await _member(rows, d.member_id)
    before = row["person_key"]
    _take_facts(row, d, env)
    row["started_at"] = earliest(row["started_at"], env.time)
    rows.put(MEMBERS, (d.member_id,), row)
    await crossed_enrolments(rows, before, row["person_key"])


async def member_left(env, rows: Rows) -> None:
    d: m.MemberLeft = env.data
    row = await _member(rows, d.member_id)
    before = row["person_key"]
    _take_facts(row, d, env)
    row["started_at"] = row["started_at"] or utc(env.time)
    _end(row, env.time, d.reason, d.left_on)
    rows.put(MEMBERS, (d.member_id,), row)
    await crossed_enrolments(rows, before, row["person_key"])


async def member_transferred(env, rows: Rows) -> None:
    """The destination's new membership starts as the origin's ends (会籍转移): the origin may
    not have announced anything itself, and its row may not have arrived yet."""
    d: m.MemberTransferred = env.data
    origin = await _member(rows, d.from_member_id)
    touched = [origin["person_key"]]
    if origin["facts_at"] is None:  # a stub until the origin's own events arrive
        origin.update(
            {f: getattr(d, f) for f in FACTS},
            station_code=d.from_station_code,
            union_id=d.from_union_id,
            joined_on=d.joined_on,
        )
    _end(origin, env.time, "transferred_out", d.transferred_on)
    rows.put(MEMBERS, (d.from_member_id,), origin)
    row = await _member(rows, d.member_id)
    touched += [origin["person_key"], row["person_key"]]
    _take_facts(row, d, env)
    row["started_at"] = earliest(row["started_at"], env.time)
    row["transferred_in"] = True
    rows.put(MEMBERS, (d.member_id,), row)
    await crossed_enrolments(rows, *touched, row["person_key"])


async def _member(rows: Rows, member_id: str) -> dict:
    return await rows.get(MEMBERS, (member_id,)) or {
        "member_id": member_id,
        "source": None,
        "person_key": None,
        "station_code": None,
        "union_id": None,
        "worker_type": None,
        "gender": None,
        "birth_year": None,
        "joined_on": None,
        "started_at": None,
        "ended_at": None,
        "end_reason": None,
        "ended_on": None,
        "transferred_in": False,
        "facts_at": None,
    }


def _take_facts(row: dict, d: m.MemberFacts, env) -> None:
    row["source"] = env.source
    if newer(row, env.time):
        row.update({f: getattr(d, f) for f in FACTS}, joined_on=d.joined_on, facts_at=utc(env.time))


def _end(row: dict, at, reason: str, on) -> None:
    if row["ended_at"] is None or utc(at) < utc(row["ended_at"]):
        row.update(ended_at=utc(at), end_reason=reason, ended_on=on)


async def crossed_enrolments(rows: Rows, *person_keys: str | None) -> None:
    """Recompute the people's conflicts: pairs of memberships whose times overlap.

    Computed from the membership times, not from the order events arrived in, so a conflict
    that an earlier end would have prevented is withdrawn when that end arrives late. A
    person key that a correction replaced is recomputed too (its pairs may be gone).
    """
    for person_key in dict.fromkeys(k for k in person_keys if k):
        await _crossed(rows, person_key)


async def _crossed(rows: Rows, person_key: str) -> None:
    members = [r for r in await rows.find(MEMBERS, "person_key", person_key) if r["started_at"]]
    wanted = {}
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if _overlap(a, b):
                first, second = sorted((a, b), key=lambda r: r["member_id"])
                key = f"enrolment:{first['member_id']}:{second['member_id']}"
                wanted[key] = {
                    "conflict_key": key,
                    "kind": "crossed_enrolment",
                    "person_key": person_key,
                    "station_codes": ",".join(sorted({a["station_code"], b["station_code"]})),
                    "refs": f"{first['member_id']},{second['member_id']}",
                    "program_kind": None,
                    "period": None,
                    "detected_at": max(utc(a["started_at"]), utc(b["started_at"])),
                }
    for old in await rows.find(CONFLICTS, "person_key", person_key):
        if old["kind"] == "crossed_enrolment" and old["conflict_key"] not in wanted:
            rows.delete(CONFLICTS, (old["conflict_key"],))
    for key, row in wanted.items():
        rows.put(CONFLICTS, (key,), row)


def _overlap(a: dict, b: dict) -> bool:
    def before(start, end) -> bool:
        return end is None or utc(start) < utc(end)

    return before(a["started_at"], b["ended_at"]) and before(b["started_at"], a["ended_at"])


async def facts_only(env, rows: Rows) -> None:
    """A transfer asked for or declined changes no membership until it is accepted."""


HANDLERS = {
    m.StationRegistered.event_type: station_registered,
    m.UnionRegistered.event_type: union_registered,
    m.UnionUpdated.event_type: union_updated,
    m.UnionDissolved.event_type: union_dissolved,
    m.MemberJoined.event_type: member_joined,
    m.MemberUpdated.event_type: member_joined,
    m.MemberLeft.event_type: member_left,
    m.TransferRequested.event_type: facts_only,
    m.MemberTransferred.event_type: member_transferred,
    m.TransferDeclined.event_type: facts_only,
}
