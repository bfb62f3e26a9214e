"""Helpers of the consumer tests: a producer, a consumer of the test topic, events to send."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka import AIOKafkaProducer

from unionfed.common.consumer import DeadLetterPublisher, IdempotentConsumer, RetryPolicy
from unionfed.common.events.envelope import EventEnvelope, SourceRef, to_record
from unionfed.common.kafka import create_producer
from unionfed.common.testing.backbone import TOPIC, member_joined

FAST_RETRY = RetryPolicy(attempts=3, first_delay=0.01, max_delay=0.05)


@contextlib.asynccontextmanager
async def producer_for(bootstrap):
    producer = create_producer(bootstrap, client_id="consumer-test")
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


def make_consumer(backbone, bootstrap, registry, producer, group, handler=None):
    return IdempotentConsumer(
        group=group,
        bootstrap_servers=bootstrap,
        topics=[TOPIC],
        registry=registry,
        handlers={"membership.member.joined.v1": handler or backbone.record},
        uow_factory=backbone.uow,
        inbox=backbone.inbox,
        dead_letters=DeadLetterPublisher(producer, group),
        retry=FAST_RETRY,
    )


@contextlib.asynccontextmanager
async def consuming(*consumers):
    stop = asyncio.Event()
    for consumer in consumers:
        await consumer.start()
    tasks = [asyncio.create_task(c.run(stop)) for c in consumers]
    try:
        yield
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        for consumer in consumers:
            await consumer.stop()


async def wait_for(predicate, timeout=30.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


def envelope(source: SourceRef, n: int) -> EventEnvelope:
    from datetime import UTC, datetime

    return EventEnvelope(
        id=f"evt-{source.deployment}-{n}",
        source=source.uri,
        type="membership.member.joined.v1",
        time=datetime.now(UTC),
        subject=f"agg-{n}",
        data=member_joined(n),
    )


async def send(producer: AIOKafkaProducer, env: EventEnvelope) -> None:
    record = to_record(env)
    await producer.send_and_wait(
        record.topic, key=record.key, value=record.value, headers=record.headers
    )
