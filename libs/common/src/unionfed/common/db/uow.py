"""The unit of work: the only thing in a service that commits.

State changes and the events describing them are committed in one transaction (the outbox),
so an event is published if and only if its change is durable.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from unionfed.common.events.contract import IntegrationEvent
from unionfed.common.observability.logs import current_correlation_id
from unionfed.common.outbox.writer import OutboxWriter, PendingEvent


class UnitOfWork:
    """Async context manager around one session. Leaving without ``commit`` rolls back.

    Services subclass it and build their repositories in :meth:`_open`.
    """

    session: AsyncSession

    def __init__(self, sessions: async_sessionmaker, outbox: OutboxWriter) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._pending: list[PendingEvent] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self._pending = []
        self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            await self.session.close()

    def _open(self) -> None:
        """Hook for subclasses: create repositories on ``self.session``."""

    def publish(
        self,
        data: IntegrationEvent,
        *,
        subject: str,
        station: str | None = None,
        correlation_id: str | None = None,
    ) -> str:
        """Record an event to be written with this transaction; returns the event id.

        The correlation id defaults to the one of the request or event being handled.
        """
        event = PendingEvent(
            data=data,
            subject=subject,
            station=station,
            correlation_id=correlation_id or current_correlation_id(),
        )
        self._pending.append(event)
        return event.id

    @contextlib.asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A part of the transaction that can fail alone: on an exception its changes and the
        events it published are undone, the rest of the unit of work stays (bulk imports)."""
        published = len(self._pending)
        try:
            async with self.session.begin_nested():
                yield
        except BaseException:
            del self._pending[published:]
            raise

    async def commit(self) -> None:
        pending, self._pending = self._pending, []
        await self._outbox.write(self.session, pending)
        await self.session.commit()
        if pending:
            self._outbox.committed()

    async def rollback(self) -> None:
        self._pending = []
        await self.session.rollback()
