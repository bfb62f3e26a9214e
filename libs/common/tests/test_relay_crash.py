"""Killing things: a relay dies between Kafka's acknowledgement and marking the batch sent;
two relays race on one PostgreSQL outbox."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from pathlib import Path

from unionfed.common.consumer import DeadLetterPublisher, IdempotentConsumer, dead_letter_topic
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.outbox import OutboxRelay
from unionfed.common.testing.backbone import TOPIC, make_backbone, read_from_source

RELAY_PROCESS = Path(__file__).with_name("relay_process.py")


async def run_relay_process(backbone, bootstrap: str, *extra: str) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(RELAY_PROCESS),
        backbone.url,
        backbone.source.deployment,
        bootstrap,
        *extra,
    )
    return await asyncio.wait_for(process.wait(), 120)


async def test_relay_killed_after_ack_republishes_and_consumer_applies_once(
    backbone, kafka_bootstrap, registry, unique
):
    group = f"g-{unique}"
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(group)])
    ids = await backbone.commit_events(50)

    code = await run_relay_process(backbone, kafka_bootstrap, "--die-after-ack")
    assert code == -signal.SIGKILL
    # Kafka has the batch, but the outbox still says nothing was sent.
    assert await backbone.unsent() == 50
    assert len(await read_from_source(kafka_bootstrap, backbone.source, expected=50)) == 50

    assert await run_relay_process(backbone, kafka_bootstrap) == 0
    assert await backbone.unsent() == 0
    on_topic = await read_from_source(kafka_bootstrap, backbone.source, expected=100)
    assert Counter(dict(r.headers)["ce_id"].decode() for r in on_topic) == {i: 2 for i in ids}

    producer = create_producer(kafka_bootstrap, client_id="crash-test")
    await producer.start()
    consumer = IdempotentConsumer(
        group=group,
        bootstrap_servers=kafka_bootstrap,
        topics=[TOPIC],
        registry=registry,
        handlers={"membership.member.joined.v1": backbone.record},
        uow_factory=backbone.uow,
        inbox=backbone.inbox,
        dead_letters=DeadLetterPublisher(producer, group),
    )
    await consumer.start()
    try:
        # Feed the consumer exactly the records the two relays produced, duplicates included.
        await consumer.handle(on_topic)
        await consumer.handle(on_topic)
    finally:
        await consumer.stop()
        await producer.stop()
    assert await backbone.tally_counts() == {i: 1 for i in ids}


async def test_two_relays_on_postgres_publish_nothing_twice(postgres_url, kafka_bootstrap, unique):
    await ensure_topics(kafka_bootstrap, [TOPIC])
    first = make_backbone(postgres_url, f"dep-{unique}")
    second = make_backbone(postgres_url, f"dep-{unique}")
    async with first.engine.begin() as conn:
        await conn.run_sync(first.metadata.create_all)
    stop = asyncio.Event()
    tasks, producers = [], []
    for bb in (first, second):
        await bb.wakeup.listen_postgres(postgres_url.replace("+asyncpg", ""))
        producer = create_producer(kafka_bootstrap, client_id=f"race-{id(bb)}")
        await producer.start()
        producers.append(producer)
        relay = OutboxRelay(
            engine=bb.engine, table=bb.outbox, producer=producer, wakeup=bb.wakeup, batch_size=100
        )
        tasks.append(asyncio.create_task(relay.run(stop)))
    try:
        ids = []
        for start in range(0, 2000, 50):
            ids += await first.commit_events(50, start=start)
        records = await read_from_source(kafka_bootstrap, first.source, expected=2000, timeout=60)
    finally:
        stop.set()
        for bb in (first, second):
            bb.wakeup.notify()
        await asyncio.gather(*tasks)
        for producer in producers:
            await producer.stop()
        for bb in (first, second):
            await bb.wakeup.close()
            await bb.engine.dispose()
    published = Counter(dict(r.headers)["ce_id"].decode() for r in records)
    assert published == {i: 1 for i in ids}
