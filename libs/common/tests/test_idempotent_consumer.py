"""The idempotent consumer on the real broker: inbox, dead letters, groups."""

from __future__ import annotations

import asyncio

from consumer_fixtures import (
    FAST_RETRY,
    consuming,
    envelope,
    make_consumer,
    producer_for,
    send,
    wait_for,
)

from unionfed.common.consumer import IdempotentConsumer, RejectEvent, dead_letter_topic
from unionfed.common.events.envelope import EventEnvelope, kafka_headers, to_record
from unionfed.common.kafka import ensure_topics
from unionfed.common.testing.backbone import TOPIC, read_from_source


async def test_redelivered_events_are_applied_once(backbone, kafka_bootstrap, registry, unique):
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(f"g-{unique}")])
    async with producer_for(kafka_bootstrap) as producer:
        events = [envelope(backbone.source, n) for n in range(20)]
        for env in events + events[:5]:  # the first five are sent twice
            await send(producer, env)
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, f"g-{unique}")
        async with consuming(consumer):
            await wait_for(lambda: _has(backbone, 20))
            await asyncio.sleep(1)  # leave time for the duplicates to be (not) applied
    counts = await backbone.tally_counts()
    assert counts == {env.id: 1 for env in events}


async def test_poison_message_goes_to_dead_letter_and_next_is_handled(
    backbone, kafka_bootstrap, registry, unique
):
    group = f"g-{unique}"
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(group)])
    source = backbone.source
    async with producer_for(kafka_bootstrap) as producer:
        # Not JSON, a wrong schema, and no CloudEvents headers at all; then a good one.
        bad_headers = kafka_headers(
            event_id=f"bad-{unique}",
            source=source.uri,
            event_type="membership.member.joined.v1",
            time=envelope(source, 0).time,
            subject="agg-x",
            station=None,
            correlation_id=None,
        )
        await producer.send_and_wait(TOPIC, key=b"agg-x", value=b"{not json", headers=bad_headers)
        schema_headers = [(k, v.replace(b"bad-", b"schema-")) for k, v in bad_headers]
        await producer.send_and_wait(
            TOPIC, key=b"agg-x", value=b'{"member_id": 5}', headers=schema_headers
        )
        await producer.send_and_wait(
            TOPIC, key=b"agg-x", value=b"{}", headers=[("ce_source", source.uri.encode())]
        )
        good = envelope(source, 1)
        await send(producer, good)
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group)
        async with consuming(consumer):
            await wait_for(lambda: _has(backbone, 1))
        dead = await read_from_source(
            kafka_bootstrap, source, expected=3, topic=dead_letter_topic(group)
        )
    assert await backbone.tally_counts() == {good.id: 1}
    reasons = sorted(dict(r.headers)["dlt_reason"].decode() for r in dead)
    assert reasons == ["not_a_cloudevent", "schema_violation", "schema_violation"]
    for record in dead:
        headers = dict(record.headers)
        assert headers["dlt_original_topic"] == TOPIC.encode()
        assert headers["dlt_consumer"] == group.encode()
        assert int(headers["dlt_original_offset"]) >= 0


async def test_handler_that_keeps_failing_is_dead_lettered_after_retries(
    backbone, kafka_bootstrap, registry, unique
):
    group = f"g-{unique}"
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(group)])
    attempts: dict[str, int] = {}

    async def flaky(env, uow):
        if env.source != backbone.source.uri:
            return
        attempts[env.data.member_id] = attempts.get(env.data.member_id, 0) + 1
        if env.data.member_id == "m-2":
            raise ValueError("union u-1 is dissolved")
        if env.data.member_id == "m-3":
            raise RejectEvent("member belongs to no station of this deployment")
        await backbone.record(env, uow)

    async with producer_for(kafka_bootstrap) as producer:
        events = [envelope(backbone.source, n) for n in range(1, 5)]
        for env in events:
            await send(producer, env)
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=4)
        records.sort(key=lambda r: int(dict(r.headers)["ce_id"].rsplit(b"-", 1)[1]))
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group, flaky)
        await consumer.handle(records)  # one polled batch, in a known order
        dead = await read_from_source(
            kafka_bootstrap, backbone.source, expected=2, topic=dead_letter_topic(group)
        )
    assert set(await backbone.tally_counts()) == {events[0].id, events[3].id}
    by_reason = {dict(r.headers)["dlt_reason"]: dict(r.headers) for r in dead}
    assert set(by_reason) == {b"handler_failed", b"rejected"}
    assert b"union u-1 is dissolved" in by_reason[b"handler_failed"]["dlt_detail"]
    # m-2 fails the batch, then is tried FAST_RETRY.attempts times alone; the batch stopped
    # before m-3, whose rejection alone is final.
    assert attempts == {"m-1": 2, "m-2": 1 + FAST_RETRY.attempts, "m-3": 1, "m-4": 1}


async def test_two_consumers_in_one_group_share_partitions_and_apply_once(
    backbone, kafka_bootstrap, registry, unique
):
    group = f"g-{unique}"
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(group)])
    async with producer_for(kafka_bootstrap) as producer:
        first = make_consumer(backbone, kafka_bootstrap, registry, producer, group)
        second = make_consumer(backbone, kafka_bootstrap, registry, producer, group)
        async with consuming(first, second):
            await wait_for(lambda: _assigned(first, second), timeout=60)
            events = [envelope(backbone.source, n) for n in range(400)]
            for env in events:
                await send(producer, env)
            await wait_for(lambda: _has(backbone, 400), timeout=60)
            shares = [len(c._consumer.assignment()) for c in (first, second)]
    assert all(share > 0 for share in shares), shares
    assert await backbone.tally_counts() == {env.id: 1 for env in events}


async def _has(backbone, count: int) -> bool:
    return len(await backbone.tally_counts()) >= count


async def _assigned(*consumers) -> bool:
    return all(c._consumer.assignment() for c in consumers)


async def test_events_published_by_a_handler_carry_the_cause_correlation_id(backbone, registry):
    from aiokafka.structs import ConsumerRecord
    from sqlalchemy import select

    from unionfed.common.events.contracts.membership import StationRegistered

    async def react(env, uow):
        uow.publish(
            StationRegistered(station_code="XZ01", name="新庄镇", kind="town"), subject="XZ01"
        )

    cause = envelope(backbone.source, 7)
    cause = EventEnvelope(**{**cause.__dict__, "correlation_id": "req-42"})
    record = to_record(cause)
    consumer = IdempotentConsumer(
        group="correlation-test",
        bootstrap_servers="unused:9092",  # handle() never polls
        topics=[TOPIC],
        registry=registry,
        handlers={"membership.member.joined.v1": react},
        uow_factory=backbone.uow,
        inbox=backbone.inbox,
        dead_letters=None,
    )
    await consumer.handle(
        [ConsumerRecord(TOPIC, 0, 0, 0, 0, record.key, record.value, None, 0, 0, record.headers)]
    )
    async with backbone.engine.connect() as conn:
        rows = (await conn.execute(select(backbone.outbox.c.correlation_id))).all()
    assert [row.correlation_id for row in rows] == ["req-42"]
