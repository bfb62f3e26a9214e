"""Dead letters an operator looks at and sends back: ``unionfed-<service> dead-letters`` and
``unionfed-<service> redrive``.

The records on ``deadletter.<group>`` that no redrive has taken yet are *waiting*; how far the
redrives got is the committed offset of the consumer group ``<group>.redrive``. A redrive takes
every waiting record once, in order, and hands the original record (its topic, partition,
offset and headers as they were) to the consumer's own :meth:`IdempotentConsumer.handle`. The
inbox makes that safe: an event applied in the meantime counts as already applied, and the
live consumer may run at the same time. A record that fails again goes back onto the
dead-letter topic with its new reason and waits for the next redrive; a record the operator
discards (by its event id or its ``partition:offset``) is logged and not applied.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from unionfed.common.consumer.consumer import Handled, IdempotentConsumer
from unionfed.common.consumer.dead_letter import dead_letter_topic
from unionfed.common.kafka import partitions_of

log = logging.getLogger(__name__)

__all__ = ["DeadLetter", "Redriven", "redrive", "waiting"]


@dataclass(frozen=True)
class DeadLetter:
    """One waiting record of a dead-letter topic, as an operator reads it."""

    ref: str  # "partition:offset" on the dead-letter topic
    reason: str  # dlt_reason: not_an_envelope, schema_violation, handler_failed, rejected…
    detail: str
    failed_at: str
    event_type: str | None  # the CloudEvents headers, when the record had them
    event_id: str | None
    source: str | None
    origin: str  # "topic[partition]@offset" the consumer read it from
    record: ConsumerRecord = field(repr=False, compare=False)

    @classmethod
    def of(cls, record: ConsumerRecord) -> DeadLetter:
        h = {k: v.decode(errors="replace") for k, v in record.headers or () if v is not None}
        origin = (
            f"{h.get('dlt_original_topic', '?')}[{h.get('dlt_original_partition', '?')}]"
            f"@{h.get('dlt_original_offset', '?')}"
        )
        return cls(
            ref=f"{record.partition}:{record.offset}",
            reason=h.get("dlt_reason", "?"),
            detail=h.get("dlt_detail", ""),
            failed_at=h.get("dlt_failed_at", ""),
            event_type=h.get("ce_type"),
            event_id=h.get("ce_id"),
            source=h.get("ce_source"),
            origin=origin,
            record=record,
        )

    def known_as(self, names: Collection[str]) -> bool:
        return self.ref in names or (self.event_id is not None and self.event_id in names)

    def original(self) -> ConsumerRecord:
        """The record as the consumer first read it: its place, and its headers without
        the ``dlt_*`` ones."""
        h = dict(self.record.headers or ())
        try:
            topic = h["dlt_original_topic"].decode()
            partition = int(h["dlt_original_partition"])
            offset = int(h["dlt_original_offset"])
        except (KeyError, ValueError, AttributeError):
            topic, partition, offset = self.record.topic, self.record.partition, -1
        headers = tuple((k, v) for k, v in self.record.headers or () if not k.startswith("dlt_"))
        return dataclasses.replace(
            self.record, topic=topic, partition=partition, offset=offset, headers=headers
        )


@dataclass
class Redriven:
    """What a redrive did with the records that were waiting."""

    group: str
    taken: int = 0
    discarded: list[str] = field(default_factory=list)  # refs
    handled: Handled = field(default_factory=Handled)

    def summary(self) -> str:
        h = self.handled
        return (
            f"{dead_letter_topic(self.group)}: {self.taken} taken, {h.applied} applied, "
            f"{h.duplicates} already applied, {h.ignored} ignored, "
            f"{h.dead_lettered} failed again (waiting for the next redrive), "
            f"{len(self.discarded)} discarded"
        )


async def waiting(bootstrap_servers: str, group: str) -> list[DeadLetter]:
    """The records of ``deadletter.<group>`` no redrive has taken, oldest first per partition."""
    async with _reader(bootstrap_servers, group) as reader:
        return [DeadLetter.of(record) for record in await reader.read()]


async def redrive(
    consumer: IdempotentConsumer, bootstrap_servers: str, *, discard: Collection[str] = ()
) -> Redriven:
    """Take every waiting record of ``consumer``'s dead-letter topic once (see the module)."""
    result = Redriven(consumer.group)
    async with _reader(bootstrap_servers, consumer.group) as reader:
        for record in await reader.read():
            letter = DeadLetter.of(record)
            result.taken += 1
            if letter.known_as(discard):
                log.warning(
                    "redrive %s: discarded %s (%s %s, %s) as the operator asked",
                    consumer.group, letter.ref, letter.event_type, letter.event_id, letter.reason,
                )  # fmt: skip
                result.discarded.append(letter.ref)
            else:
                # Back on the topic, if it fails again, before this one's offset is committed.
                result.handled.add(await consumer.handle([letter.original()]))
            await reader.taken(record)
    return result


class _Reader:
    """The dead-letter topic from the redrive group's position to the end it had at the start."""

    def __init__(self, consumer: AIOKafkaConsumer, admin: AIOKafkaAdminClient, topic: str) -> None:
        self._consumer, self._admin, self._topic = consumer, admin, topic

    async def read(self) -> list[ConsumerRecord]:
        tps = await partitions_of(self._admin, [self._topic])
        if not tps:  # no such topic: nothing was ever dead-lettered
            return []
        self._consumer.assign(tps)
        ends = await self._consumer.end_offsets(tps)
        starts = await self._consumer.beginning_offsets(tps)
        records: list[ConsumerRecord] = []
        for tp in tps:
            committed = await self._consumer.committed(tp)
            position = max(committed if committed is not None else 0, starts[tp])
            if position >= ends[tp]:
                continue
            self._consumer.seek(tp, position)
            while position < ends[tp]:
                batch = await self._consumer.getmany(tp, timeout_ms=2000)
                records += [r for r in batch.get(tp, []) if r.offset < ends[tp]]
                position = await self._consumer.position(tp)
        return records

    async def taken(self, record: ConsumerRecord) -> None:
        tp = TopicPartition(record.topic, record.partition)
        await self._consumer.commit({tp: record.offset + 1})


@contextlib.asynccontextmanager
async def _reader(bootstrap_servers: str, group: str) -> AsyncIterator[_Reader]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=f"{group}.redrive",
        client_id=f"{group}.redrive",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await consumer.start()
    try:
        await admin.start()
        try:
            yield _Reader(consumer, admin, dead_letter_topic(group))
        finally:
            await admin.close()
    finally:
        await consumer.stop()
