"""How current the read models are: per topic, the last event folded in (from the read model)
and the consumer lag, measured against the broker every few seconds.

The lag is the committed offset of the federation's consumer group against each partition's
end, so it also shows a consumer that is stuck (the consumer's own gauge, set only when it
commits, would not). It is published on the same Prometheus gauge, ``unionfed_consumer_lag``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from unionfed.common.kafka import partitions_of
from unionfed.common.observability.metrics import ServiceMetrics

log = logging.getLogger(__name__)


@dataclass
class LagProbe:
    bootstrap_servers: str
    group: str
    topics: list[str]
    metrics: ServiceMetrics
    by_topic: dict[str, int] = field(default_factory=dict)
    measured_at: datetime | None = None

    async def measure(self) -> dict[str, int]:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers)
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap_servers)
        await admin.start()
        try:
            await consumer.start()
            committed = await admin.list_consumer_group_offsets(self.group)
            partitions = await partitions_of(admin, self.topics)
            ends = await consumer.end_offsets(partitions)
            starts = await consumer.beginning_offsets(partitions)
        finally:
            await consumer.stop()
            await admin.close()
        lag: dict[str, int] = dict.fromkeys(self.topics, 0)
        for tp in partitions:
            done = committed.get(tp)
            position = done.offset if done is not None and done.offset >= 0 else starts[tp]
            behind = max(0, ends[tp] - position)
            lag[tp.topic] += behind
            self.metrics.consumer_lag.labels(
                consumer=self.group, topic=tp.topic, partition=str(tp.partition)
            ).set(behind)
        self.by_topic, self.measured_at = lag, datetime.now(UTC)
        return lag
