"""The inbox: which events a consumer has applied, written in the handler's own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.events.envelope import EventEnvelope


async def claim(
    session: AsyncSession, inbox: Table, consumer: str, events: Sequence[EventEnvelope]
) -> set[tuple[str, str]]:
    """Record ``events`` as applied; return the ``(source, id)`` pairs not seen before.

    Runs in the caller's transaction: if the handlers' changes roll back, so does the claim.
    """
    if not events:
        return set()
    now = datetime.now(UTC)
    rows = [
        {
            "consumer": consumer,
            "source": e.source,
            "event_id": e.id,
            "event_type": e.type,
            "received_at": now,
        }
        for e in events
    ]
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(inbox).on_conflict_do_nothing().returning(inbox.c.source, inbox.c.event_id)
    result = await session.execute(stmt, rows)
    return {(row.source, row.event_id) for row in result}
