"""The federation's consumers: every event of every domain topic folded into the read models,
through the idempotent consumer (the inbox claims each event in the same transaction)."""

from __future__ import annotations

from unionfed.common.events import EventEnvelope
from unionfed.common.service.runtime import Subscription
from unionfed.federation.projection import projector
from unionfed.federation.service.unit_of_work import FederationUnitOfWork


async def fold(env: EventEnvelope, uow: FederationUnitOfWork) -> None:
    await projector.apply(env, uow.rows)


def subscriptions(topics: list[str]) -> list[Subscription]:
    """One consumer group over all topics: a batch spans topics, one commit per batch."""
    handlers = dict.fromkeys(projector.event_types(), fold)
    return [Subscription(name="read-models", topics=topics, handlers=handlers)]
