"""What aid learns from other topics: members from ``membership`` (who is an active member,
of which station and union) and model-worker titles from ``model-worker`` (who may have the
model-worker relief program)."""

from __future__ import annotations

from unionfed.aid.service.unit_of_work import AidUnitOfWork
from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import membership
from unionfed.common.events.contracts import model_worker as mw


def member_handlers() -> dict:
    async def joined(env: EventEnvelope, uow: AidUnitOfWork) -> None:
        d = env.data
        await uow.members.record(d.member_id, d.person_key, d.station_code, d.union_id, active=True)

    async def left(env: EventEnvelope, uow: AidUnitOfWork) -> None:
        d = env.data
        await uow.members.record(
            d.member_id, d.person_key, d.station_code, d.union_id, active=False
        )

    async def transferred(env: EventEnvelope, uow: AidUnitOfWork) -> None:
        d = env.data
        await uow.members.record(
            d.from_member_id, d.person_key, d.from_station_code, d.from_union_id, active=False
        )
        await uow.members.record(d.member_id, d.person_key, d.station_code, d.union_id, active=True)

    return {
        membership.MemberJoined.event_type: joined,
        membership.MemberUpdated.event_type: joined,
        membership.MemberLeft.event_type: left,
        membership.MemberTransferred.event_type: transferred,
    }


def model_worker_handlers() -> dict:
    async def awarded(env: EventEnvelope, uow: AidUnitOfWork) -> None:
        await uow.titles.awarded(env.data.title_id, env.data.person_key)

    async def ended(env: EventEnvelope, uow: AidUnitOfWork) -> None:
        await uow.titles.ended(env.data.title_id, env.data.person_key)

    return {
        mw.TitleAwarded.event_type: awarded,
        mw.TitleRevoked.event_type: ended,
        mw.TitleExpired.event_type: ended,
    }
