"""Rebuild every read model from the beginning of the topics (重建).

Run it while the service is stopped (``unionfed-federation rebuild``). It reads every partition
of the topics from its start up to the end it had when the rebuild began, in large batches
(``getmany``), folds the events in memory with the same projection the live consumer uses, then
replaces the read-model tables in one transaction: until that commits the old models stay as
they were, so an interrupted rebuild changes nothing. Finally it moves the service's consumer
group to those ends, so that the restarted service goes on from there. Conflict resolutions
(staff's notes) are not read models and are kept.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from unionfed.common.db.engine import create_engine
from unionfed.common.events.contract import IntegrationEvent
from unionfed.common.events.contracts import default_registry
from unionfed.common.events.envelope import SPEC_VERSION, EnvelopeError
from unionfed.common.events.registry import EventRegistry
from unionfed.common.kafka import partitions_of
from unionfed.federation.adapters.rows import MemoryRows, replace_all
from unionfed.federation.adapters.tables import build_tables
from unionfed.federation.projection import projector, utc
from unionfed.federation.settings import Settings

log = logging.getLogger(__name__)
Offsets = dict[TopicPartition, int]


@dataclass(frozen=True)
class RebuildResult:
    records: int
    events: int
    skipped: int
    rows: int
    read_seconds: float
    write_seconds: float

    @property
    def seconds(self) -> float:
        return self.read_seconds + self.write_seconds


async def rebuild(
    settings: Settings,
    *,
    progress: Callable[[str], None] = print,
    until: Offsets | None = None,
    move_group: bool = True,
) -> RebuildResult:
    """``until``: stop at these offsets instead of the ends (tests compare at a known point)."""
    started = time.perf_counter()
    tables = build_tables()
    registry = default_registry()
    rows = MemoryRows(tables.read_models)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False,
        fetch_max_bytes=64 * 1024 * 1024, max_partition_fetch_bytes=16 * 1024 * 1024,
    )  # fmt: skip
    await consumer.start()
    try:
        ends = until or await _ends(consumer, settings)
        starts = await consumer.beginning_offsets(list(ends))
        total = sum(max(0, ends[tp] - starts[tp]) for tp in ends)
        progress(f"rebuild: {total:,} records on {len(ends)} partitions of "
                 f"{', '.join(settings.topics)}")  # fmt: skip
        counts = await _fold(consumer, ends, starts, registry, rows, settings, progress, total)
    finally:
        await consumer.stop()
    read_done = time.perf_counter()
    progress(f"rebuild: writing {rows.count():,} rows")
    engine = create_engine(settings.resolved_database_url())
    try:
        async with engine.begin() as conn:
            await replace_all(conn, tables.read_models, rows)
    finally:
        await engine.dispose()
    if move_group:
        await _move_group(settings, ends)
    result = RebuildResult(*counts, rows=rows.count(), read_seconds=read_done - started,
                           write_seconds=time.perf_counter() - read_done)  # fmt: skip
    progress(f"rebuild: done, {result.events:,} events in {result.seconds:.1f} s "
             f"({result.events / max(result.seconds, 1e-9):,.0f} events/s)")  # fmt: skip
    return result


async def _ends(consumer: AIOKafkaConsumer, settings: Settings) -> Offsets:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        partitions = await partitions_of(admin, settings.topics)
    finally:
        await admin.close()
    return await consumer.end_offsets(partitions) if partitions else {}


async def _fold(consumer, ends, starts, registry, rows, settings, progress, total):
    wanted = {tp for tp in ends if ends[tp] > starts[tp]}
    if not wanted:
        return 0, 0, 0
    consumer.assign(sorted(wanted))
    await consumer.seek_to_beginning(*wanted)
    decode = _Decoder(registry).decode
    handlers = projector.BY_TYPE
    seen: set[int] = set()
    fresh: dict[str, list] = {}  # topic → [events, latest moment], written once at the end
    records = events = skipped = 0
    last_report = time.perf_counter()
    try:
        while wanted:
            batches = await consumer.getmany(
                *wanted, timeout_ms=1000, max_records=settings.rebuild_batch_records
            )
            for tp, batch in batches.items():
                end = ends[tp]
                for record in batch:
                    if record.offset >= end:
                        break
                    records += 1
                    try:
                        env = decode(record.headers or (), record.value)
                    except EnvelopeError:
                        skipped += 1  # the live consumer dead-lettered it: not in the models
                        continue
                    # The inbox's (source, id) de-duplication, as a set of hashes.
                    key = hash((env.source, env.id))
                    if key in seen:
                        continue
                    seen.add(key)
                    await handlers[env.type](env, rows)
                    events += 1
                    topic, at = env.data.topic, utc(env.time)
                    counted = fresh.get(topic)
                    if counted is None:
                        fresh[topic] = [1, at]
                    else:
                        counted[0] += 1
                        if at > counted[1]:
                            counted[1] = at
                if batch and batch[-1].offset >= end - 1:
                    wanted.discard(tp)
            # What is folded so far lives to the end: keep the collector from rescanning it.
            gc.freeze()
            if time.perf_counter() - last_report > 2:
                last_report = time.perf_counter()
                progress(f"rebuild: {records:,} / {total:,} records ({records / total:.0%})")
    finally:
        gc.unfreeze()
    for topic, (count, at) in fresh.items():
        await projector.freshen(rows, topic, at, count)
    return records, events, skipped


class _Event(NamedTuple):
    """An :class:`EventEnvelope`'s attributes, as the projection reads them."""

    id: str
    source: str
    type: str
    time: datetime
    subject: str
    data: IntegrationEvent
    station: str | None
    correlation_id: str | None


class _Decoder:
    """``registry.decode`` for the rebuild's loop, with the same outcome for every record.

    A record whose headers are plainly those of a valid envelope (each name once, every value
    ASCII, spec version 1.0, a known type, id, source and time present) has its value validated
    against its contract here, straight from the bytes; anything else, a value that fails its
    contract included, goes to ``registry.decode``, which accepts it or raises the
    :class:`EnvelopeError` the live consumer dead-letters it for.
    """

    def __init__(self, registry: EventRegistry) -> None:
        self._registry = registry
        self._contracts = {
            c.event_type.encode(): (c.event_type, c.__pydantic_validator__.validate_json)
            for c in registry
        }

    def decode(self, headers, value: bytes | None):
        h = dict(headers)
        try:
            plain = len(h) == len(headers) and b"\0".join(h.values()).isascii()
        except TypeError:  # a header without a value
            plain = False
        contract = self._contracts.get(h.get("ce_type"))
        event_id, source, at = h.get("ce_id"), h.get("ce_source"), h.get("ce_time")
        if (
            plain
            and contract is not None
            and value is not None
            and h.get("ce_specversion") == SPEC_VERSION
            and event_id
            and source
            and at
        ):
            try:
                data = contract[1](value)
                moment = datetime.fromisoformat(at.decode())
            except ValueError:  # pydantic's ValidationError too: let decode say why
                pass
            else:
                station, correlation = h.get("ce_station"), h.get("ce_correlationid")
                return _Event(
                    event_id.decode(),
                    source.decode(),
                    contract[0],
                    moment,
                    (h.get("ce_subject") or h.get("ce_partitionkey") or b"").decode(),
                    data,
                    None if station is None else station.decode(),
                    None if correlation is None else correlation.decode(),
                )
        return self._registry.decode(headers, value)


async def _move_group(settings: Settings, ends: Offsets) -> None:
    """Commit the live consumer group's offsets at the ends the rebuild read to."""
    if not ends:
        return
    group = f"{settings.service_name}.{settings.deployment_id}.read-models"
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                                group_id=group, enable_auto_commit=False)  # fmt: skip
    await consumer.start()
    try:
        consumer.assign(list(ends))
        await consumer.commit(dict(ends))
    finally:
        await consumer.stop()
