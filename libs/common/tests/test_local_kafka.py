"""aiokafka against the broker the `kafka_bootstrap` fixture provides (a local Kafka 4.x).

One round trip with the settings the services use: admin-created topic, idempotent ``acks=all``
producer, group consumer with manual commits.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

pytestmark = pytest.mark.kafka

MESSAGES = 100
KEYS = 7  # a prime, so keys spread unevenly over the 3 partitions and per-key order matters
PARTITIONS = 3


async def _create_topic(bootstrap: str, name: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, PARTITIONS, 1)])
        # CreateTopics returns once the controller accepted the topic; wait until the broker's
        # metadata lists every partition so the producer never sees a half-made topic.
        for _ in range(50):
            described = await admin.describe_topics([name])
            if described and len(described[0]["partitions"]) == PARTITIONS:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"topic {name} did not appear with {PARTITIONS} partitions")
    finally:
        await admin.close()


async def test_roundtrip_idempotent_producer_and_committing_group(kafka_bootstrap: str) -> None:
    topic = f"test.local-kafka.{uuid.uuid4().hex[:8]}"
    group = f"test-group-{uuid.uuid4().hex[:8]}"
    await _create_topic(kafka_bootstrap, topic)

    sent: list[tuple[bytes, bytes, list[tuple[str, bytes]]]] = []
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_bootstrap, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        for n in range(MESSAGES):
            key = f"member-{n % KEYS}".encode()
            value = f"event-{n}".encode()
            headers = [("ce_id", str(uuid.uuid4()).encode()), ("seq", str(n).encode())]
            await producer.send(topic, value, key=key, headers=headers)
            sent.append((key, value, headers))
        await producer.flush()
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    received = []
    try:
        async with asyncio.timeout(30):
            while len(received) < MESSAGES:
                batches = await consumer.getmany(timeout_ms=500)
                for records in batches.values():
                    received.extend(records)
                await consumer.commit()
        partitions = {TopicPartition(topic, p) for p in range(PARTITIONS)}
        committed = {tp: await consumer.committed(tp) for tp in partitions}
        ends = await consumer.end_offsets(list(partitions))
    finally:
        await consumer.stop()

    # Everything came back once, with key, value and headers intact.
    got = sorted(((r.key, r.value, list(r.headers)) for r in received), key=lambda m: m[1])
    assert got == sorted(sent, key=lambda m: m[1])
    # Keyed records land on one partition per key, and the partitioner used more than one.
    partitions_of_key = defaultdict(set)
    for r in received:
        partitions_of_key[r.key].add(r.partition)
    assert all(len(ps) == 1 for ps in partitions_of_key.values())
    assert len({r.partition for r in received}) > 1
    # Per-key order is the order of sending.
    order: dict[bytes, list[int]] = defaultdict(list)
    for r in received:
        order[r.key].append(int(dict(r.headers)["seq"]))
    assert all(seqs == sorted(seqs) for seqs in order.values())
    assert sum(len(seqs) for seqs in order.values()) == MESSAGES
    # The manual commits reached the group coordinator: the group is at the end of the log.
    assert committed == ends
