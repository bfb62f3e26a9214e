"""What this deployment learns from the ``membership`` events of every deployment, its own
included: stations and unions elsewhere, the county-wide directory, transfers addressed to it.

Handlers run inside the idempotent consumer's unit of work: each event is applied once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import membership as contracts
from unionfed.membership.domain.directory import Membership, conflicts
from unionfed.membership.domain.member import MemberStatus
from unionfed.membership.domain.station import Station, StationKind
from unionfed.membership.domain.transfer import DeclineReason, Transfer, TransferStatus
from unionfed.membership.domain.union import GrassrootsUnion, UnionKind, UnionStatus
from unionfed.membership.service.context import Deployment
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


def handlers(deployment: Deployment) -> dict:
    """The table of handlers, by event type."""

    async def station_registered(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        data: contracts.StationRegistered = env.data
        if await uow.stations.get(data.station_code) is None:
            station = Station(data.station_code, data.name, StationKind(data.kind))
            await uow.stations.add(station, source=env.source)

    async def union_changed(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        if env.source == uow.source:
            return  # our own union: already written by the use case
        await _remember_union(env, uow)

    async def member_joined(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        await _record(uow, env.source, env.data)

    async def member_left(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        # Recorded as ended even if its join has not arrived (dead-lettered, say): a join
        # redriven later then finds it ended.
        await uow.directory.record(replace(_membership(env.source, env.data), active=False))

    async def member_updated(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        # A corrected ID number changes the person key: that may meet another membership too.
        await _record(uow, env.source, env.data)

    async def transfer_requested(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        data: contracts.TransferRequested = env.data
        if env.source == uow.source or not deployment.serves(data.to_station_code):
            return
        if await uow.transfers.get(data.transfer_id) is None:
            facts = data.model_dump(mode="json", include=set(contracts.MemberFacts.model_fields))
            await uow.transfers.add(_incoming_transfer(data), {**facts, "from_source": env.source})

    async def member_transferred(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        data: contracts.MemberTransferred = env.data
        # Every deployment ends the origin membership: member ids are unique county-wide.
        await uow.directory.end_member(data.person_key, data.from_member_id)
        await _record(uow, env.source, data)
        found = await uow.transfers.get(data.transfer_id)
        origin_source = found[1]["from_source"] if found else None
        if env.source == uow.source or origin_source != uow.source:
            return
        # We are the origin: the destination accepted, so the membership here ends.
        transfer, _ = found
        if transfer.status is TransferStatus.requested:
            transfer.accept(to_member_id=data.member_id, on=data.transferred_on)
            await uow.transfers.save(transfer)
        origin = await uow.members.get(data.from_member_id)
        if origin is not None and origin.is_active:
            origin.end(MemberStatus.transferred_out, data.transferred_on)
            await uow.members.save(origin)

    async def transfer_declined(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
        data: contracts.TransferDeclined = env.data
        found = await uow.transfers.get(data.transfer_id)
        if env.source == uow.source or found is None or found[0].status != "requested":
            return
        transfer, _ = found
        transfer.decline(DeclineReason(data.reason), env.time.date())
        await uow.transfers.save(transfer)

    return {
        contracts.StationRegistered.event_type: station_registered,
        contracts.UnionRegistered.event_type: union_changed,
        contracts.UnionUpdated.event_type: union_changed,
        contracts.UnionDissolved.event_type: union_changed,
        contracts.MemberJoined.event_type: member_joined,
        contracts.MemberUpdated.event_type: member_updated,
        contracts.MemberLeft.event_type: member_left,
        contracts.TransferRequested.event_type: transfer_requested,
        contracts.MemberTransferred.event_type: member_transferred,
        contracts.TransferDeclined.event_type: transfer_declined,
    }


async def _record(uow: MembershipUnitOfWork, source: str, data: contracts.MemberFacts) -> None:
    """Add a membership to the directory; two active ones of one person are a conflict.

    A membership that ended stays ended: it is never corrected or joined again (a new
    membership has a new member id), so a joined or updated event that comes after its end,
    redriven from a dead-letter topic for example, is late and changes nothing."""
    membership = _membership(source, data)
    known = await uow.directory.memberships(data.person_key)
    if any(k.ref == membership.ref and not k.active for k in known):
        return  # ended here already: no conflict to report either
    for conflict in conflicts(membership, known, datetime.now(UTC)):
        await uow.directory.add_conflict(conflict)
    await uow.directory.record(membership)


def _membership(source: str, data: contracts.MemberFacts) -> Membership:
    return Membership(data.person_key, source, data.member_id, data.station_code, data.union_id)


async def _remember_union(env: EventEnvelope, uow: MembershipUnitOfWork) -> None:
    data = env.data
    union = await uow.unions.get(data.union_id)
    if isinstance(data, contracts.UnionRegistered):
        union = GrassrootsUnion(
            id=data.union_id,
            station_code=data.station_code,
            kind=UnionKind.enterprise if data.employer_credit_code else UnionKind.joint,
            name=data.employer_name,
            employer_credit_code=data.employer_credit_code or None,
            sector=data.sector,
            headcount=data.headcount,
            founded_on=data.founded_on,
        )
    elif union is None:
        return  # an update of a union we never heard of: nothing to correct
    elif isinstance(data, contracts.UnionUpdated):
        union.sector, union.headcount = data.sector, data.headcount
    else:
        union.status = UnionStatus.merged if data.merged_into else UnionStatus.dissolved
        union.ended_on, union.merged_into = data.dissolved_on, data.merged_into
    await uow.unions.upsert_known(union, source=env.source)


def _incoming_transfer(data: contracts.TransferRequested) -> Transfer:
    return Transfer(
        id=data.transfer_id,
        person_key=data.person_key,
        from_member_id=data.member_id,
        from_station_code=data.station_code,
        from_union_id=data.union_id,
        to_station_code=data.to_station_code,
        to_union_id=data.to_union_id,
        joined_on=data.joined_on,
        requested_on=datetime.now(UTC).date(),
    )
