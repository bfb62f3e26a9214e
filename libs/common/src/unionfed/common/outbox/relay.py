"""Publishes committed outbox rows to Kafka, in order, and marks them sent.

Guarantees, and how:
- *Nothing lost*: a row is marked sent only after Kafka acknowledged it (``acks=all``,
  idempotent producer). A relay killed in between republishes on restart; consumers are
  idempotent, so the duplicate changes nothing.
- *Order per aggregate*: rows are read in ``seq`` order and the aggregate id is the message key,
  so one aggregate's events go to one partition in the order they were committed.
- *Two relays, nothing published twice*: on PostgreSQL a batch is taken under a transaction-level
  advisory lock, so only one relay publishes at a time; the other waits its turn. On SQLite (the
  embedded, single-process default) one relay per database is assumed.
- *Low latency*: the relay sleeps on :class:`OutboxWakeup`, woken at commit (or by NOTIFY from
  a trigger on the outbox), with a slow poll only as a safety net.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import Table, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from unionfed.common.events.envelope import kafka_headers
from unionfed.common.outbox.wakeup import OutboxWakeup

log = logging.getLogger(__name__)

# Any constant will do; it only has to be the same for every relay of one database.
ADVISORY_LOCK_KEY = 0x756E_696F_6E66
BatchHook = Callable[[list[int]], Awaitable[None]]


class OutboxRelay:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        table: Table,
        producer: AIOKafkaProducer,
        wakeup: OutboxWakeup,
        batch_size: int = 1000,
        poll_interval: float = 1.0,
        linger: float = 0.005,
        metrics=None,
        on_batch_acked: BatchHook | None = None,
    ) -> None:
        self._engine = engine
        self._table = table
        self._producer = producer
        self._wakeup = wakeup
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        # After a wake-up, wait this long so that commits arriving together share one batch
        # (one Kafka request, one UPDATE) instead of a round trip each; like Kafka's linger.ms.
        self._linger = linger
        self._metrics = metrics
        # Called after Kafka acknowledged a batch and before it is marked sent (metrics, tests).
        self._on_batch_acked = on_batch_acked
        self._postgres = engine.dialect.name == "postgresql"

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until ``stop`` is set; Kafka or database outages are retried with backoff."""
        backoff = 0.1
        while not stop.is_set():
            try:
                published = await self.publish_pending()
                backoff = 0.1
            except Exception:
                log.exception("outbox relay failed; retrying in %.1fs", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            if not published:
                await self._wakeup.wait(self._poll_interval)
                await asyncio.sleep(self._linger)

    async def publish_pending(self) -> int:
        """Publish every unsent row; returns how many were published."""
        total = 0
        while True:
            count = await self._publish_batch()
            total += count
            if count < self._batch_size:
                await self._report_backlog()
                return total

    async def _publish_batch(self) -> int:
        async with self._engine.begin() as conn:
            if self._postgres and not await self._take_turn(conn):
                return 0
            rows = (
                await conn.execute(
                    select(self._table)
                    .where(self._table.c.sent_at.is_(None))
                    .order_by(self._table.c.seq)
                    .limit(self._batch_size)
                )
            ).all()
            if not rows:
                return 0
            await self._send(rows)
            seqs = [row.seq for row in rows]
            if self._on_batch_acked is not None:
                await self._on_batch_acked(seqs)
            # By primary key, never by range: a row with a lower seq may commit later.
            await conn.execute(
                update(self._table)
                .where(self._table.c.seq.in_(seqs))
                .values(sent_at=datetime.now(UTC))
            )
        if self._metrics is not None:
            for row in rows:
                self._metrics.events_published.labels(topic=row.topic).inc()
        return len(rows)

    async def _take_turn(self, conn: AsyncConnection) -> bool:
        result = await conn.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        )
        return bool(result.scalar())

    async def _send(self, rows) -> None:
        futures = []
        for row in rows:
            futures.append(
                await self._producer.send(
                    row.topic,
                    key=row.event_key.encode(),
                    value=row.payload.encode(),
                    headers=kafka_headers(
                        event_id=row.event_id,
                        source=row.source,
                        event_type=row.event_type,
                        time=row.occurred_at,
                        subject=row.event_key,
                        station=row.station,
                        correlation_id=row.correlation_id,
                    ),
                )
            )
        # Every record acknowledged by all in-sync replicas, or an exception (nothing marked).
        await asyncio.gather(*futures)

    async def _report_backlog(self) -> None:
        if self._metrics is None:
            return
        async with self._engine.connect() as conn:
            count, oldest = (
                await conn.execute(
                    select(func.count(), func.min(self._table.c.occurred_at)).where(
                        self._table.c.sent_at.is_(None)
                    )
                )
            ).one()
        self._metrics.outbox_backlog.set(count)
        age = 0.0
        if oldest is not None:
            if oldest.tzinfo is None:
                oldest = oldest.replace(tzinfo=UTC)
            age = max(0.0, time.time() - oldest.timestamp())
        self._metrics.outbox_oldest_age.set(age)
