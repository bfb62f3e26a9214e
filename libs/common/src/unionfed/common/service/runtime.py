"""A running service's moving parts: engine, outbox relay, consumers, Kafka producer.

Built by a service's ``bootstrap.py`` from its settings and tables; started and stopped by the
FastAPI lifespan (``serve``) or by tests. Nothing here runs at import.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer
from sqlalchemy import MetaData, Table, text
from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.common.consumer import (
    DeadLetterPublisher,
    Handler,
    IdempotentConsumer,
    dead_letter_topic,
)
from unionfed.common.db.engine import asyncpg_dsn, create_engine, is_postgres, session_factory
from unionfed.common.db.housekeeping import purge_periodically
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.events.contracts import domain_topics
from unionfed.common.events.envelope import SourceRef
from unionfed.common.events.registry import EventRegistry
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.observability.metrics import ServiceMetrics
from unionfed.common.outbox import OutboxRelay, OutboxWakeup, OutboxWriter
from unionfed.common.settings import ServiceSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceTables:
    metadata: MetaData
    outbox: Table
    inbox: Table


@dataclass(frozen=True)
class Subscription:
    """A consumer of this service: which topics, and the handler for each event type."""

    name: str
    topics: Sequence[str]
    handlers: Mapping[str, Handler]


@dataclass(frozen=True)
class PeriodicJob:
    """Work a service does every ``every`` seconds (e.g. checking deadlines)."""

    name: str
    every: float
    run: Callable[[], Awaitable[object]]


@dataclass
class ServiceRuntime:
    settings: ServiceSettings
    tables: ServiceTables
    registry: EventRegistry
    # Called as make_uow(sessions, outbox); a service passes its UnitOfWork subclass or a partial.
    make_uow: Callable[[async_sessionmaker, OutboxWriter], UnitOfWork] = UnitOfWork
    subscriptions: Sequence[Subscription] = ()
    jobs: Sequence[PeriodicJob] = ()
    metrics: ServiceMetrics = field(default_factory=ServiceMetrics)
    # False (in tests): no relay, consumers or background jobs; only the database.
    kafka_enabled: bool = True

    def __post_init__(self) -> None:
        self.engine = create_engine(self.settings.resolved_database_url())
        self.sessions = session_factory(self.engine)
        self.wakeup = OutboxWakeup()
        source = SourceRef(self.settings.service_name, self.settings.deployment_id)
        self.outbox = OutboxWriter(self.tables.outbox, source, self.wakeup)
        self.producer: AIOKafkaProducer | None = None
        self.consumers: list[IdempotentConsumer] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._relay: OutboxRelay | None = None

    def uow(self) -> UnitOfWork:
        return self.make_uow(self.sessions, self.outbox)

    def consumer_group(self, subscription: Subscription) -> str:
        return f"{self.settings.service_name}.{self.settings.deployment_id}.{subscription.name}"

    async def start(self) -> None:
        if is_postgres(self.engine):
            await self.wakeup.listen_postgres(asyncpg_dsn(self.settings.resolved_database_url()))
        if not self.kafka_enabled:
            return
        bootstrap = self.settings.kafka_bootstrap_servers
        groups = [self.consumer_group(s) for s in self.subscriptions]
        topics = {*self.registry.topics(), *(dead_letter_topic(g) for g in groups)}
        for sub in self.subscriptions:
            topics.update(sub.topics)
        await ensure_topics(
            bootstrap,
            topics,
            partitions=self.settings.kafka_topic_partitions,
            replication_factor=self.settings.kafka_topic_replication_factor,
            kept_forever=domain_topics(),
        )
        self.producer = create_producer(bootstrap, client_id=self.outbox.source.uri)
        await self.producer.start()
        relay = OutboxRelay(
            engine=self.engine,
            table=self.tables.outbox,
            producer=self.producer,
            wakeup=self.wakeup,
            poll_interval=self.settings.outbox_poll_interval,
            metrics=self.metrics,
        )
        self._relay = relay
        self._spawn("outbox-relay", relay.run(self._stop))
        for job in self.jobs:
            self._spawn(job.name, _every(job, self._stop))
        self._spawn(
            "housekeeping",
            purge_periodically(
                self.engine, outbox=self.tables.outbox, inbox=self.tables.inbox, stop=self._stop
            ),
        )
        for sub in self.subscriptions:
            consumer = self._consumer_of(sub, self.producer)
            await consumer.start()
            self.consumers.append(consumer)
            self._spawn(f"consumer {consumer.group}", consumer.run(self._stop))

    def _consumer_of(self, sub: Subscription, producer: AIOKafkaProducer) -> IdempotentConsumer:
        group = self.consumer_group(sub)
        return IdempotentConsumer(
            group=group,
            bootstrap_servers=self.settings.kafka_bootstrap_servers,
            topics=sub.topics,
            registry=self.registry,
            handlers=sub.handlers,
            uow_factory=self.uow,
            inbox=self.tables.inbox,
            dead_letters=DeadLetterPublisher(producer, group),
            metrics=self.metrics,
        )

    @contextlib.asynccontextmanager
    async def consumers_at_hand(self) -> AsyncIterator[dict[str, IdempotentConsumer]]:
        """The service's consumers by subscription name, not polling, with a producer for
        their dead letters: what an operator's redrive hands records to. Nothing else runs
        (no HTTP, relay or jobs): events a handler publishes wait in the outbox for the
        service's own relay."""
        producer = create_producer(
            self.settings.kafka_bootstrap_servers, client_id=f"{self.outbox.source.uri}/operator"
        )
        await producer.start()
        try:
            yield {sub.name: self._consumer_of(sub, producer) for sub in self.subscriptions}
        finally:
            await producer.stop()
            await self.engine.dispose()

    async def stop(self, grace: float = 5.0) -> None:
        """Stop: publish what is committed, let every task finish what it is doing (a consumer
        its batch and offset commit) for up to ``grace`` seconds, then cancel what is left.

        Cancelling a consumer in the middle of its transaction is the last resort: on SQLite
        its write lock can outlive the cancellation and hold the next writer for the whole busy
        timeout."""
        self._stop.set()
        await self._drain_outbox()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=grace)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for consumer in self.consumers:
            await consumer.stop()
        if self.producer is not None:
            await self.producer.stop()
        await self.wakeup.close()
        await self.engine.dispose()

    async def _drain_outbox(self, timeout: float = 5.0) -> None:
        """On the way down, publish what is committed (what is left goes at the next start)."""
        if self._relay is None:
            return
        # Let the running relay finish its batch first, so that no row is sent by both.
        self.wakeup.notify()
        running = [t for t in self._tasks if t.get_name() == "outbox-relay"]
        await asyncio.wait(running, timeout=timeout)
        try:
            await asyncio.wait_for(self._relay.publish_pending(), timeout)
        except Exception as exc:  # Kafka away: the rows wait in the outbox, nothing is lost
            log.warning("outbox not drained on shutdown: %s", exc)

    async def readiness(self) -> dict[str, str]:
        """What /readyz reports: each part ``ok`` or what is wrong with it."""
        checks: dict[str, str] = {}
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unavailable: {type(exc).__name__}"
        if self.kafka_enabled:
            for name, task in self._named_tasks():
                checks[name] = "ok" if not task.done() else "stopped"
        return checks

    def _named_tasks(self):
        return [(t.get_name(), t) for t in self._tasks]

    def _spawn(self, name: str, coro) -> None:
        task = asyncio.create_task(coro, name=name)
        task.add_done_callback(_log_crash)
        self._tasks.append(task)


async def _every(job: PeriodicJob, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await job.run()
        except Exception:
            log.exception("%s failed; trying again in %.0fs", job.name, job.every)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), job.every)


def _log_crash(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("%s stopped", task.get_name(), exc_info=task.exception())
