"""Never paid twice, county-wide (全县不重复救助): the grant ledger built from every aid
deployment's events, the refusal naming the first grant, and duplicates that slipped through
(two deployments approving at once) detected when their events meet."""

from __future__ import annotations

from unionfed.aid.domain.grant import COMMITTED, ENDED, RANK
from unionfed.aid.service.context import Office, new_id
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.errors import Conflict
from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import aid as contracts


def _refuse(first: dict) -> Conflict:
    when = first["applied_at"].date().isoformat()
    return Conflict(
        "member_id",
        "already_granted",
        f"already granted at station {first['station_code']}: grant {first['grant_id']} "
        f"({first['status']}, recorded {when})",
        station_code=first["station_code"],
        grant_id=first["grant_id"],
        status=first["status"],
        recorded_on=when,
    )


async def refuse_if_granted(uow: Uow, person_key: str, kind: str, period: str) -> None:
    """At application: any grant of this help to this person that is not declined/cancelled."""
    rows = await uow.ledger.of_person(person_key, kind, period)
    if live := [r for r in rows if r["status"] not in ENDED]:
        raise _refuse(live[0])


async def refuse_if_preceded(
    uow: Uow, grant_id: str, person_key: str, kind: str, period: str
) -> None:
    """At approval: another grant already approved, or applied for before this one. Two
    applications that crossed do not block each other: the earlier one may go on."""
    rows = await uow.ledger.of_person(person_key, kind, period)
    ours = next((r for r in rows if r["grant_id"] == grant_id), None)
    for r in rows:
        if r["grant_id"] == grant_id or r["status"] in ENDED:
            continue
        earlier = ours is None or (r["applied_at"], r["grant_id"]) < (
            ours["applied_at"],
            ours["grant_id"],
        )
        if r["rank"] >= RANK["approved"] or earlier:
            raise _refuse(r)


async def detect_duplicate(
    uow: Uow, office: Office, person_key: str, kind: str, period: str
) -> None:
    if not office.raise_duplicate_alerts:
        return
    rows = await uow.ledger.of_person(person_key, kind, period)
    committed = [r for r in rows if r["status"] in COMMITTED]
    if len(committed) < 2:
        return
    conflict_id = new_id("dup")
    grant_ids = [r["grant_id"] for r in committed]
    stations = [r["station_code"] for r in committed]
    if await uow.duplicates.record(
        conflict_id=conflict_id,
        person_key=person_key,
        program_kind=kind,
        period=period,
        grant_ids=grant_ids,
        station_codes=stations,
        at=office.now(),
    ):
        uow.publish(
            contracts.DuplicateGrantDetected(
                person_key=person_key,
                program_kind=kind,
                period=period,
                grant_ids=grant_ids,
                station_codes=stations,
                detected_at=office.now(),
            ),
            subject=conflict_id,
        )


STATUS_OF = {
    contracts.GrantApplied: "applied",
    contracts.GrantApproved: "approved",
    contracts.GrantPublicised: "publicised",
    contracts.GrantDisbursed: "disbursed",
    contracts.GrantDeclined: "declined",
    contracts.GrantCancelled: "cancelled",
}


def aid_handlers(office: Office) -> dict:
    """The ``aid`` topic of every deployment, this one's included."""

    async def grant_event(env: EventEnvelope, uow: Uow) -> None:
        d: contracts.GrantFacts = env.data
        status = STATUS_OF[type(d)]
        await uow.ledger.record(
            grant_id=d.grant_id,
            person_key=d.person_key,
            program_kind=d.program_kind,
            period=d.period,
            station_code=d.station_code,
            status=status,
            at=d.at,
        )
        if status in COMMITTED:
            await detect_duplicate(uow, office, d.person_key, d.program_kind, d.period)

    async def duplicate(env: EventEnvelope, uow: Uow) -> None:
        d: contracts.DuplicateGrantDetected = env.data
        await uow.duplicates.record(
            conflict_id=env.id[:40],
            person_key=d.person_key,
            program_kind=d.program_kind,
            period=d.period,
            grant_ids=d.grant_ids,
            station_codes=d.station_codes,
            at=d.detected_at,
        )

    handlers = {event.event_type: grant_event for event in STATUS_OF}
    handlers[contracts.DuplicateGrantDetected.event_type] = duplicate
    return handlers
