"""Dead-letter topic: where a message goes, with its reason, when it cannot be handled.

One dead-letter topic per consumer group (``deadletter.<group>``), so an operator sees which
service could not apply what; the records wait there 90 days for an operator's redrive
(:mod:`unionfed.common.consumer.redrive`). The original key, value and headers are kept as
they were; the reason and the origin are added as ``dlt_*`` headers.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from unionfed.common.kafka.clients import DEAD_LETTER_PREFIX


def dead_letter_topic(group: str) -> str:
    return f"{DEAD_LETTER_PREFIX}{group}"


class DeadLetterPublisher:
    def __init__(self, producer: AIOKafkaProducer, group: str) -> None:
        self._producer = producer
        self.group = group
        self.topic = dead_letter_topic(group)

    async def publish(self, record: ConsumerRecord, *, reason: str, detail: str = "") -> None:
        """Wait for the broker's acknowledgement: the offset is committed only after it."""
        headers = [(k, v) for k, v in (record.headers or ()) if not k.startswith("dlt_")]
        headers += [
            ("dlt_reason", reason.encode()),
            ("dlt_detail", detail[:1000].encode()),
            ("dlt_consumer", self.group.encode()),
            ("dlt_original_topic", record.topic.encode()),
            ("dlt_original_partition", str(record.partition).encode()),
            ("dlt_original_offset", str(record.offset).encode()),
            ("dlt_failed_at", datetime.now(UTC).isoformat().encode()),
        ]
        await self._producer.send_and_wait(
            self.topic, key=record.key, value=record.value, headers=headers
        )
