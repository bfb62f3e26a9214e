"""Dead letters sent back on the real broker: what waits, a redrive once the cause is fixed, a
record that fails again, one applied in the meantime, and one the operator discards."""

from __future__ import annotations

from consumer_fixtures import envelope, make_consumer, producer_for, send

from unionfed.common.consumer import dead_letter_topic
from unionfed.common.consumer.redrive import redrive, waiting
from unionfed.common.kafka import ensure_topics
from unionfed.common.testing.backbone import TOPIC, read_from_source


class Union:
    """The handler's world: while the union is dissolved, members cannot join it."""

    def __init__(self, backbone) -> None:
        self.backbone = backbone
        self.dissolved = True

    async def join(self, env, uow) -> None:
        if self.dissolved:
            raise ValueError("union u-1 is dissolved")
        await self.backbone.record(env, uow)


async def dead_lettered(backbone, kafka_bootstrap, registry, unique, count):
    """``count`` events sent and dead-lettered by a consumer whose union is dissolved."""
    group = f"g-{unique}"
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(group)])
    union = Union(backbone)
    events = [envelope(backbone.source, n) for n in range(count)]
    async with producer_for(kafka_bootstrap) as producer:
        for env in events:
            await send(producer, env)
        records = await read_from_source(kafka_bootstrap, backbone.source, expected=count)
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group, union.join)
        await consumer.handle(records)
    return union, events, group


async def test_waiting_letters_say_what_why_and_from_where_and_a_redrive_applies_them(
    backbone, kafka_bootstrap, registry, unique
):
    union, events, group = await dead_lettered(backbone, kafka_bootstrap, registry, unique, 2)
    letters = await waiting(kafka_bootstrap, group)
    assert sorted(letter.event_id for letter in letters) == sorted(e.id for e in events)
    for letter in letters:
        assert letter.reason == "handler_failed"
        assert letter.detail == "ValueError: union u-1 is dissolved"
        assert letter.event_type == "membership.member.joined.v1"
        assert letter.source == backbone.source.uri and letter.origin.startswith(f"{TOPIC}[")
        assert letter.failed_at and ":" in letter.ref
    assert await backbone.tally_counts() == {}

    union.dissolved = False  # the cause is fixed
    async with producer_for(kafka_bootstrap) as producer:
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group, union.join)
        result = await redrive(consumer, kafka_bootstrap)
        assert (result.taken, result.handled.applied, result.handled.dead_lettered) == (2, 2, 0)
        assert await backbone.tally_counts() == {e.id: 1 for e in events}
        assert await waiting(kafka_bootstrap, group) == []
        again = await redrive(consumer, kafka_bootstrap)  # nothing waits: nothing happens
    assert again.taken == 0 and again.handled.applied == 0
    assert await backbone.tally_counts() == {e.id: 1 for e in events}


async def test_a_letter_that_fails_again_waits_again_with_its_new_failure(
    backbone, kafka_bootstrap, registry, unique
):
    union, (event,), group = await dead_lettered(backbone, kafka_bootstrap, registry, unique, 1)
    (first,) = await waiting(kafka_bootstrap, group)
    async with producer_for(kafka_bootstrap) as producer:
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group, union.join)
        result = await redrive(consumer, kafka_bootstrap)  # the union is still dissolved
    assert (result.taken, result.handled.dead_lettered) == (1, 1)
    assert "failed again" in result.summary()
    (second,) = await waiting(kafka_bootstrap, group)
    assert second.event_id == event.id and second.ref != first.ref
    assert second.origin == first.origin  # still the place it was first read from
    assert second.failed_at > first.failed_at
    assert await backbone.tally_counts() == {}


async def test_an_event_applied_meanwhile_counts_once_and_a_discarded_one_is_not_applied(
    backbone, kafka_bootstrap, registry, unique
):
    union, (kept, dropped), group = await dead_lettered(
        backbone, kafka_bootstrap, registry, unique, 2
    )
    union.dissolved = False
    async with producer_for(kafka_bootstrap) as producer:
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group, union.join)
        # The source published ``kept`` again and the live consumer applied it.
        redelivered = await read_from_source(kafka_bootstrap, backbone.source, expected=2)
        await consumer.handle(
            [r for r in redelivered if dict(r.headers)["ce_id"] == kept.id.encode()]
        )
        by_ref = {letter.event_id: letter.ref for letter in await waiting(kafka_bootstrap, group)}
        result = await redrive(consumer, kafka_bootstrap, discard=[by_ref[dropped.id]])
    assert (result.handled.applied, result.handled.duplicates) == (0, 1)
    assert result.discarded == [by_ref[dropped.id]]
    assert await backbone.tally_counts() == {kept.id: 1}  # once; the discarded one never
    assert await waiting(kafka_bootstrap, group) == []


async def test_a_record_that_is_no_event_can_be_discarded_by_its_place(
    backbone, kafka_bootstrap, registry, unique
):
    group = f"g-{unique}"
    await ensure_topics(kafka_bootstrap, [TOPIC, dead_letter_topic(group)])
    async with producer_for(kafka_bootstrap) as producer:
        await producer.send_and_wait(
            TOPIC,
            key=b"x",
            value=b"{not json",
            headers=[("ce_source", backbone.source.uri.encode())],
        )
        (record,) = await read_from_source(kafka_bootstrap, backbone.source, expected=1)
        consumer = make_consumer(backbone, kafka_bootstrap, registry, producer, group)
        await consumer.handle([record])
        (letter,) = await waiting(kafka_bootstrap, group)
        assert letter.event_id is None and letter.reason == "not_a_cloudevent"
        tried = await redrive(consumer, kafka_bootstrap)  # still no event: back it goes
        (letter,) = await waiting(kafka_bootstrap, group)
        dropped = await redrive(consumer, kafka_bootstrap, discard=[letter.ref])
    assert tried.handled.dead_lettered == 1 and dropped.discarded == [letter.ref]
    assert await waiting(kafka_bootstrap, group) == []


async def test_a_consumer_without_a_dead_letter_topic_has_nothing_waiting(kafka_bootstrap, unique):
    assert await waiting(kafka_bootstrap, f"never-created-{unique}") == []
