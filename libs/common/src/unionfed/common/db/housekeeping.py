"""Keeps the outbox and inbox from growing without end.

Sent outbox rows are kept a while for investigation, then deleted. Inbox rows must outlive
any redelivery of their event, so they are kept well past Kafka's retention (7 days by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


async def purge(
    engine: AsyncEngine,
    *,
    outbox: Table,
    inbox: Table,
    keep_sent: timedelta = timedelta(days=7),
    keep_inbox: timedelta = timedelta(days=30),
) -> tuple[int, int]:
    """Delete sent outbox rows and old inbox rows; returns how many of each."""
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        sent = await conn.execute(
            delete(outbox).where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < now - keep_sent)
        )
        seen = await conn.execute(delete(inbox).where(inbox.c.received_at < now - keep_inbox))
    return sent.rowcount, seen.rowcount


async def purge_periodically(
    engine: AsyncEngine, *, outbox: Table, inbox: Table, stop: asyncio.Event, every: float = 3600
) -> None:
    while not stop.is_set():
        try:
            sent, seen = await purge(engine, outbox=outbox, inbox=inbox)
            if sent or seen:
                log.info("purged %d sent outbox rows and %d inbox rows", sent, seen)
        except Exception:
            log.exception("outbox/inbox purge failed; trying again later")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
