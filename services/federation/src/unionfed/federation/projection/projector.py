"""The whole fold: every event type of every domain topic, and how current each topic is."""

from __future__ import annotations

from unionfed.federation.projection import (
    Handler,
    Rows,
    aid,
    gov,
    grievance,
    latest,
    membership,
    model_worker,
)
from unionfed.federation.projection.tables import FRESHNESS

BY_TYPE: dict[str, Handler] = {
    **membership.HANDLERS,
    **grievance.HANDLERS,
    **aid.HANDLERS,
    **model_worker.HANDLERS,
    **gov.HANDLERS,
}


async def apply(env, rows: Rows) -> None:
    """Fold one event into the read models."""
    await BY_TYPE[env.type](env, rows)
    await freshen(rows, env.data.topic, env.time, 1)


async def freshen(rows: Rows, topic: str, at, events: int) -> None:
    """Count ``events`` more on the topic, the last of them at ``at`` (or earlier).

    A rebuild folds with the handlers alone and calls this once per topic with the count and
    the latest moment: the same row as calling :func:`apply` event by event.
    """
    row = await rows.get(FRESHNESS, (topic,)) or {
        "topic": topic,
        "last_event_at": None,
        "events": 0,
    }
    row["last_event_at"] = latest(row["last_event_at"], at)
    row["events"] += events
    rows.put(FRESHNESS, (topic,), row)


def event_types() -> list[str]:
    return sorted(BY_TYPE)
