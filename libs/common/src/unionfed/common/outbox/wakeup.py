"""Wakes the relay as soon as a transaction with events commits, so it need not poll often.

In one process the unit of work sets an asyncio event after commit. Across processes on
PostgreSQL the unit of work issues ``pg_notify`` inside its transaction (delivered only on
commit) and the relay listens on a dedicated asyncpg connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

CHANNEL = "unionfed_outbox"
log = logging.getLogger(__name__)


class OutboxWakeup:
    """A level-triggered signal: ``notify`` any number of times, ``wait`` returns once."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._listener: asyncpg.Connection | None = None

    def notify(self, *_: object) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
        self._event.clear()

    async def listen_postgres(self, dsn: str) -> None:
        """Also wake on NOTIFY from other processes writing to the same database."""
        self._listener = await asyncpg.connect(dsn)
        await self._listener.add_listener(CHANNEL, self.notify)

    async def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None
