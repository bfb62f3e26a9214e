"""The outbox and its relay, on the real broker and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict

import pytest

from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.outbox import OutboxRelay
from unionfed.common.testing.backbone import TOPIC, member_joined, read_from_source


@contextlib.asynccontextmanager
async def running_relay(backbone, bootstrap, **options):
    await ensure_topics(bootstrap, [TOPIC])
    producer = create_producer(bootstrap, client_id=f"relay-{backbone.source.deployment}")
    await producer.start()
    relay = OutboxRelay(
        engine=backbone.engine,
        table=backbone.outbox,
        producer=producer,
        wakeup=backbone.wakeup,
        **options,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        yield relay
    finally:
        stop.set()
        backbone.wakeup.notify()
        await asyncio.wait_for(task, 10)
        await producer.stop()


async def test_committed_transaction_publishes_exactly_its_events(backbone, kafka_bootstrap):
    async with running_relay(backbone, kafka_bootstrap):
        ids = await backbone.commit_events(5)
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=5)
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted(ids)
    assert await backbone.unsent() == 0


async def test_rolled_back_transaction_publishes_nothing(backbone, kafka_bootstrap):
    async with running_relay(backbone, kafka_bootstrap):
        async with backbone.uow() as uow:
            uow.publish(member_joined(1), subject="agg-1")
            await uow.rollback()
        with pytest.raises(RuntimeError):
            async with backbone.uow() as uow:
                uow.publish(member_joined(2), subject="agg-2")
                raise RuntimeError("the service layer failed before commit")
        # A committed marker proves the relay ran after the rolled-back ones.
        marker = await backbone.commit_events(1, start=99)
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=1)
    assert [dict(r.headers)["ce_id"].decode() for r in records] == marker


async def test_commit_wakes_the_relay_without_waiting_for_the_poll(backbone, kafka_bootstrap):
    # A poll interval far longer than the read timeout: only the wake-up can deliver in time.
    async with running_relay(backbone, kafka_bootstrap, poll_interval=300):
        await asyncio.sleep(0.5)  # the relay is now asleep on an empty outbox
        ids = await backbone.commit_events(3)
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=3, timeout=20)
    assert len(records) == 3 and {dict(r.headers)["ce_id"].decode() for r in records} == set(ids)


async def test_one_aggregate_keeps_its_order_on_one_partition(backbone, kafka_bootstrap):
    async with running_relay(backbone, kafka_bootstrap, batch_size=50):
        for start in range(0, 300, 30):
            await backbone.commit_events(30, start=start, aggregates=7)
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=300)
    assert len(records) == 300
    by_key: dict[bytes, list] = defaultdict(list)
    for r in records:
        by_key[r.key].append(r)
    for key, recs in by_key.items():
        assert len({r.partition for r in recs}) == 1, key
        numbers = [int(r.value.split(b'"member_id":"m-')[1].split(b'"')[0]) for r in recs]
        assert numbers == sorted(numbers), key


async def test_cloudevents_binary_mode_headers(backbone, kafka_bootstrap, registry):
    async with running_relay(backbone, kafka_bootstrap):
        [event_id] = await backbone.commit_events(1)
        [record] = await read_from_source(kafka_bootstrap, backbone.source, expected=1)
    headers = dict(record.headers)
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_type"] == b"membership.member.joined.v1"
    assert headers["ce_source"] == backbone.source.uri.encode()
    assert headers["content-type"] == b"application/json"
    assert record.key == headers["ce_partitionkey"] == b"agg-0"
    envelope = registry.decode(record.headers, record.value)
    assert envelope.id == event_id and envelope.station == "ST01"
    assert envelope.data.member_id == "m-0"


async def test_a_failed_savepoint_takes_its_events_with_it(backbone, kafka_bootstrap):
    async with running_relay(backbone, kafka_bootstrap):
        async with backbone.uow() as uow:
            kept = uow.publish(member_joined(1), subject="agg-1")
            with pytest.raises(ValueError):
                async with uow.savepoint():
                    uow.publish(member_joined(2), subject="agg-2")
                    raise ValueError("row 3: bad mobile")
            async with uow.savepoint():
                also_kept = uow.publish(member_joined(3), subject="agg-3")
            await uow.commit()
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=2)
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted([kept, also_kept])
