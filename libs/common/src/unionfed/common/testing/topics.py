"""Events on the real broker, for tests: ``send`` one as another service's relay would, and
read back what is on a topic (``topic_records``, or decoded and filtered: ``read_topic``).

The readers take the partitions to the end offsets they have when called: no consumer group to
join, no guess that an idle poll means the end. Call them once the deployments that publish
have stopped (or their events are known to be out). ``backbone.read_from_source`` is the other
kind: it waits for records still to come, and for any duplicates after them.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from unionfed.common.events.contract import IntegrationEvent
from unionfed.common.events.envelope import kafka_headers
from unionfed.common.kafka import create_producer
from unionfed.common.kafka import partitions_of as described_partitions
from unionfed.common.outbox import PendingEvent

__all__ = ["partitions_of", "read_topic", "send", "topic_records"]


async def send(
    bootstrap: str, data: IntegrationEvent, *, subject: str, station: str | None
) -> None:
    """Put ``data`` on its domain topic as another service's relay would: CloudEvents binary
    mode, ``subject`` as the key, source ``/unionfed/<topic>/test``."""
    event = PendingEvent(data, subject=subject)
    producer = create_producer(bootstrap, client_id="test-announcer")
    await producer.start()
    try:
        await producer.send_and_wait(
            data.topic,
            key=subject.encode(),
            value=data.model_dump_json().encode(),
            headers=kafka_headers(
                event_id=event.id,
                source=f"/unionfed/{data.topic}/test",
                event_type=type(data).event_type,
                time=event.occurred_at,
                subject=subject,
                station=station,
                correlation_id=None,
            ),
        )
    finally:
        await producer.stop()


async def partitions_of(bootstrap: str, topic: str) -> list[TopicPartition]:
    """The partitions of ``topic`` as the broker describes them."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return await described_partitions(admin, [topic])
    finally:
        await admin.close()


async def topic_records(bootstrap: str, topic: str) -> list[ConsumerRecord]:
    """Every record on ``topic``, from the beginning of each partition to its end offset."""
    partitions = await partitions_of(bootstrap, topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    found = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                found.extend(records)
    finally:
        await consumer.stop()
    return found


async def read_topic(bootstrap: str, topic: str, sources: Collection[str]) -> list[dict]:
    """The events on ``topic`` whose CloudEvents source is one of ``sources``
    (``/unionfed/<service>/<deployment>``), each as ``type``, ``raw`` (the value as text),
    ``data`` (parsed), ``headers`` (decoded) and ``key``."""
    found = []
    for r in await topic_records(bootstrap, topic):
        headers = {k: v.decode() for k, v in r.headers}
        if headers.get("ce_source") in sources:
            found.append(
                {
                    "type": headers["ce_type"],
                    "raw": r.value.decode(),
                    "data": json.loads(r.value),
                    "headers": headers,
                    "key": (r.key or b"").decode(),
                }
            )
    return found
