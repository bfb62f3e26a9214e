"""Consumes a domain topic and applies each event exactly once to the service's database.

For each batch polled (all partitions together): decode (a record that is not a valid
envelope goes straight to the dead-letter topic), then apply the whole batch in one unit of
work that also claims the events in the inbox. If a handler fails, the batch is rolled back
and replayed one event at a time, each retried with backoff and dead-lettered when it keeps
failing. The offsets are committed only after all of that. Database outages are retried until
the database is back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from aiokafka.structs import ConsumerRecord
from sqlalchemy import Table

from unionfed.common.consumer.dead_letter import DeadLetterPublisher
from unionfed.common.consumer.errors import RejectEvent, is_infrastructure_error
from unionfed.common.consumer.inbox import claim
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.events.envelope import EnvelopeError, EventEnvelope
from unionfed.common.events.registry import EventRegistry
from unionfed.common.observability.logs import bind_correlation_id, bind_event_id

log = logging.getLogger(__name__)

Handler = Callable[[EventEnvelope, UnitOfWork], Awaitable[None]]
Item = tuple[ConsumerRecord, EventEnvelope]


@dataclass
class Handled:
    """What became of the records of one :meth:`IdempotentConsumer.handle`."""

    applied: int = 0
    duplicates: int = 0  # already applied before (the inbox knew them)
    ignored: int = 0  # of a type this consumer has no handler for
    dead_lettered: int = 0

    def add(self, other: Handled) -> None:
        self.applied += other.applied
        self.duplicates += other.duplicates
        self.ignored += other.ignored
        self.dead_lettered += other.dead_lettered


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    first_delay: float = 0.2
    max_delay: float = 10.0

    def delay(self, attempt: int) -> float:
        return min(self.first_delay * 2 ** (attempt - 1), self.max_delay)


class IdempotentConsumer:
    def __init__(
        self,
        *,
        group: str,
        bootstrap_servers: str,
        topics: Sequence[str],
        registry: EventRegistry,
        handlers: Mapping[str, Handler],
        uow_factory: Callable[[], UnitOfWork],
        inbox: Table,
        dead_letters: DeadLetterPublisher,
        retry: RetryPolicy | None = None,
        batch_size: int = 500,
        metrics=None,
    ) -> None:
        unknown = [t for t in handlers if t not in registry]
        if unknown:
            raise ValueError(f"handlers for unregistered event types: {unknown}")
        self.group = group
        self._bootstrap = bootstrap_servers
        self._topics = list(topics)
        self._registry = registry
        self._handlers = dict(handlers)
        self._uow_factory = uow_factory
        self._inbox = inbox
        self._dead_letters = dead_letters
        self._retry = retry or RetryPolicy()
        self._batch_size = batch_size
        self._metrics = metrics
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            *self._topics,
            bootstrap_servers=self._bootstrap,
            group_id=self.group,
            client_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=self._batch_size,
        )
        await self._consumer.start()

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None

    async def run(self, stop: asyncio.Event) -> None:
        assert self._consumer is not None, "start() first"
        while not stop.is_set():
            batches = await self._consumer.getmany(timeout_ms=200, max_records=self._batch_size)
            if not batches:
                continue
            # All partitions' records in one transaction and one offset commit: fewer round
            # trips. Each partition's records stay in their order.
            await self._handle_until_done([r for records in batches.values() for r in records])
            await self._commit({tp: records[-1].offset + 1 for tp, records in batches.items()})

    async def _handle_until_done(self, records: list[ConsumerRecord]) -> None:
        backoff = self._retry.first_delay
        while True:
            try:
                await self.handle(records)
                return
            except Exception as exc:
                if not is_infrastructure_error(exc):
                    raise
                log.warning("consumer %s: database unavailable, retrying: %s", self.group, exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._retry.max_delay)

    async def handle(self, records: Sequence[ConsumerRecord]) -> Handled:
        """Apply a polled batch (the live loop, a redrive of dead letters, tests)."""
        handled = Handled()
        items: list[Item] = []
        for record in records:
            try:
                envelope = self._registry.decode(record.headers or (), record.value)
            except EnvelopeError as exc:
                await self._dead_letter(record, exc.reason, exc.detail)
                handled.dead_lettered += 1
                continue
            if envelope.type in self._handlers:
                items.append((record, envelope))
            else:
                self._count(envelope.type, "ignored")
                handled.ignored += 1
        if not items:
            return handled
        try:
            handled.add(await self._apply(items))
        except Exception as exc:
            if is_infrastructure_error(exc):
                raise
            log.info("consumer %s: batch failed (%s); applying one by one", self.group, exc)
            for item in items:
                handled.add(await self._apply_one(item))
        return handled

    async def _apply(self, items: Sequence[Item]) -> Handled:
        async with self._uow_factory() as uow:
            fresh = await claim(uow.session, self._inbox, self.group, [e for _, e in items])
            applied = []
            for _, envelope in items:
                key = (envelope.source, envelope.id)
                if key in fresh:
                    fresh.discard(key)  # a duplicate inside one batch is applied once
                    # Logs and the events this handler publishes carry the cause's ids.
                    with (
                        bind_event_id(envelope.id),
                        bind_correlation_id(envelope.correlation_id or envelope.id),
                    ):
                        await self._handlers[envelope.type](envelope, uow)
                    applied.append(envelope.type)
            await uow.commit()
        for event_type in applied:
            self._count(event_type, "applied")
        for _ in range(len(items) - len(applied)):
            self._count("*", "duplicate")
        return Handled(applied=len(applied), duplicates=len(items) - len(applied))

    async def _apply_one(self, item: Item) -> Handled:
        record, _ = item
        for attempt in range(1, self._retry.attempts + 1):
            try:
                return await self._apply([item])
            except RejectEvent as exc:
                await self._dead_letter(record, "rejected", exc.reason)
                return Handled(dead_lettered=1)
            except Exception as exc:
                if is_infrastructure_error(exc):
                    raise
                if attempt == self._retry.attempts:
                    detail = f"{type(exc).__name__}: {exc}"
                    await self._dead_letter(record, "handler_failed", detail)
                    return Handled(dead_lettered=1)
                await asyncio.sleep(self._retry.delay(attempt))
        raise AssertionError("unreachable: the last attempt returns")

    async def _dead_letter(self, record: ConsumerRecord, reason: str, detail: str) -> None:
        log.error(
            "consumer %s: dead-lettering %s[%s]@%s: %s",
            self.group,
            record.topic,
            record.partition,
            record.offset,
            reason,
        )
        await self._dead_letters.publish(record, reason=reason, detail=detail)
        if self._metrics is not None:
            self._metrics.dead_letters.labels(consumer=self.group, reason=reason).inc()

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        try:
            await self._consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError) as exc:
            # Partitions moved to another member; it will redeliver, the inbox de-duplicates.
            log.info("consumer %s: offset commit skipped: %s", self.group, exc)
            return
        if self._metrics is not None:
            for tp, offset in offsets.items():
                highwater = self._consumer.highwater(tp)
                if highwater is not None:
                    self._metrics.consumer_lag.labels(
                        consumer=self.group, topic=tp.topic, partition=str(tp.partition)
                    ).set(max(0, highwater - offset))

    def _count(self, event_type: str, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.events_consumed.labels(
                consumer=self.group, type=event_type, outcome=outcome
            ).inc()
