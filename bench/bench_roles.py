"""The two sides of each benchmark, each run in its own process (see backbone.py)."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from typing import ClassVar

from aiokafka import AIOKafkaConsumer
from sqlalchemy import func, insert, select

from unionfed.common.consumer import DeadLetterPublisher, IdempotentConsumer
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.events.contracts import default_registry
from unionfed.common.events.envelope import kafka_headers
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.outbox import OutboxRelay
from unionfed.common.testing.backbone import TOPIC, make_backbone, member_joined

# ------------------------------------------------------------------ (a) raw aiokafka


async def raw_kafka(bootstrap: str, events: int) -> dict:
    """Produce ``events`` records like the relay's, and consume them, in one process each way."""
    topic = f"bench-raw-{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, [topic])
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=topic,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=500,
    )
    await consumer.start()
    while not consumer.assignment():
        await consumer.getmany(timeout_ms=100)
    producer = create_producer(bootstrap, client_id=topic)
    await producer.start()
    value = member_joined(0).model_dump_json().encode()
    started = time.time()

    async def produce() -> None:
        futures = []
        for n in range(events):
            headers = kafka_headers(
                event_id=str(uuid.uuid4()),
                source="/unionfed/bench/raw",
                event_type="x.y.z.v1",
                time=datetime.now(UTC),
                subject=f"agg-{n % 1000}",
                station="ST01",
                correlation_id=None,
            )
            futures.append(
                await producer.send(
                    topic, key=f"agg-{n % 1000}".encode(), value=value, headers=headers
                )
            )
        await asyncio.gather(*futures)

    async def consume() -> None:
        seen = 0
        while seen < events:
            for tp, records in (await consumer.getmany(timeout_ms=200, max_records=500)).items():
                seen += len(records)
                await consumer.commit({tp: records[-1].offset + 1})

    await asyncio.gather(produce(), consume())
    elapsed = time.time() - started
    await producer.stop()
    await consumer.stop()
    return {"events": events, "events_per_s": events / elapsed}


# ------------------------------------------------------------------ (b) the whole path


def produce_side(bootstrap, database_url, events, txn_size, writers, rate, run_id, queue) -> None:
    result = asyncio.run(_produce(bootstrap, database_url, events, txn_size, writers, rate, run_id))
    queue.put(result)


async def _produce(bootstrap, database_url, events, txn_size, writers, rate, run_id) -> dict:
    bb = make_backbone(database_url, f"bench-{run_id}")
    async with bb.engine.begin() as conn:
        await conn.run_sync(bb.metadata.create_all)
    await bb.wakeup.listen_postgres(database_url.replace("+asyncpg", ""))
    producer = create_producer(bootstrap, client_id=f"bench-relay-{run_id}")
    await producer.start()
    relay = OutboxRelay(engine=bb.engine, table=bb.outbox, producer=producer, wakeup=bb.wakeup)
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    numbers = iter(range(events))
    loop = asyncio.get_running_loop()

    async def writer() -> None:
        while batch := [n for _, n in zip(range(txn_size), numbers, strict=False)]:
            if rate:  # paced: event n is due at first_commit + n / rate
                await asyncio.sleep(max(0.0, first_commit + batch[0] / rate - loop.time()))
            async with bb.uow() as uow:
                # The state change (one row per event) and its events, in one transaction.
                await uow.session.execute(
                    insert(bb.tally),
                    [
                        {"event_id": "-", "subject": f"agg-{n % 1000}", "member_id": f"m-{n}"}
                        for n in batch
                    ],
                )
                for n in batch:
                    uow.publish(member_joined(n), subject=f"agg-{n % 1000}", station="ST01")
                await uow.commit()

    first_commit = loop.time()
    started = time.time()
    await asyncio.gather(*(writer() for _ in range(writers)))
    committed = time.time()
    while await bb.unsent():
        await asyncio.sleep(0.05)
    stop.set()
    bb.wakeup.notify()
    await relay_task
    await producer.stop()
    await bb.wakeup.close()
    await bb.engine.dispose()
    return {"first_commit": started, "last_commit": committed}


def consume_side(bootstrap, database_url, events, run_id, queue) -> None:
    asyncio.run(_consume(bootstrap, database_url, events, run_id, queue))


class TimedUnitOfWork(UnitOfWork):
    """Notes, for each applied event, the time from its creation to this commit."""

    latencies: ClassVar[list[float]] = []

    def _open(self) -> None:
        self.created: list[float] = []
        self.rows: list[dict] = []
        self.table = None

    async def commit(self) -> None:
        # Like an ORM session's flush: the handlers' rows go in one multi-row INSERT.
        if self.rows:
            await self.session.execute(insert(self.table), self.rows)
        await super().commit()
        now = time.time()
        TimedUnitOfWork.latencies.extend(now - t for t in self.created)


async def _consume(bootstrap, database_url, events, run_id, queue) -> None:
    bb = make_backbone(database_url, f"bench-consumer-{run_id}")
    source = f"/unionfed/backbone-test/bench-{run_id}"
    async with bb.engine.begin() as conn:
        await conn.run_sync(bb.metadata.create_all)
    producer = create_producer(bootstrap, client_id=f"bench-dlt-{run_id}")
    await producer.start()
    group = f"bench-{run_id}"
    await ensure_topics(bootstrap, [TOPIC, f"deadletter.{group}"])

    async def apply(envelope, uow: TimedUnitOfWork) -> None:
        if envelope.source != source:
            return  # an earlier run's event on a reused broker
        uow.created.append(envelope.time.timestamp())
        uow.table = bb.tally
        uow.rows.append(
            {
                "event_id": envelope.id,
                "subject": envelope.subject,
                "member_id": envelope.data.member_id,
            }
        )

    consumer = IdempotentConsumer(
        group=group,
        bootstrap_servers=bootstrap,
        topics=[TOPIC],
        registry=default_registry(),
        handlers={"membership.member.joined.v1": apply},
        uow_factory=lambda: TimedUnitOfWork(bb.sessions, bb.writer),
        inbox=bb.inbox,
        dead_letters=DeadLetterPublisher(producer, group),
    )
    await consumer.start()
    queue.put("ready")
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    while len(TimedUnitOfWork.latencies) < events:
        await asyncio.sleep(0.01)
    last_applied = time.time()
    stop.set()
    await task
    await consumer.stop()
    await producer.stop()
    async with bb.engine.connect() as conn:
        applications = (await conn.execute(select(func.count()).select_from(bb.tally))).scalar_one()
        distinct = (
            await conn.execute(select(func.count(bb.tally.c.event_id.distinct())))
        ).scalar_one()
    await bb.engine.dispose()
    queue.put(
        {
            "last_applied": last_applied,
            "latencies": TimedUnitOfWork.latencies,
            "duplicates": applications - distinct,
        }
    )
