"""Writes a unit of work's pending events into its service's outbox table."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.events.contract import IntegrationEvent
from unionfed.common.events.envelope import SourceRef
from unionfed.common.outbox.wakeup import OutboxWakeup


@dataclass(frozen=True)
class PendingEvent:
    """An event recorded by the service layer, not yet committed."""

    data: IntegrationEvent
    subject: str
    station: str | None = None
    correlation_id: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class OutboxWriter:
    """Knows the outbox table and this deployment's ``source``; shared by all units of work."""

    def __init__(self, table: Table, source: SourceRef, wakeup: OutboxWakeup | None = None):
        self.table = table
        self.source = source
        self.wakeup = wakeup

    async def write(self, session: AsyncSession, events: list[PendingEvent]) -> None:
        if not events:
            return
        # On PostgreSQL a trigger on the outbox NOTIFYs the relays (see db/tables.py).
        await session.execute(insert(self.table), [self._row(e) for e in events])

    def committed(self) -> None:
        if self.wakeup is not None:
            self.wakeup.notify()

    def _row(self, event: PendingEvent) -> dict:
        return {
            "event_id": event.id,
            "topic": event.data.topic,
            "event_key": event.subject,
            "event_type": event.data.event_type,
            "source": self.source.uri,
            "station": event.station,
            "correlation_id": event.correlation_id,
            "occurred_at": event.occurred_at,
            "payload": event.data.model_dump_json(),
        }
