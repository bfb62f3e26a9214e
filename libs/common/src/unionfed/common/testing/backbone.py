"""A miniature service for testing the event backbone: outbox, relay, inbox, a tally table.

Also ``read_from_source``: what one deployment put on a topic, read back from the broker.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date

from aiokafka import AIOKafkaConsumer
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from unionfed.common.db.engine import create_engine, session_factory
from unionfed.common.db.tables import inbox_table, outbox_table
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.events.contracts.membership import MemberJoined
from unionfed.common.events.envelope import EventEnvelope, SourceRef
from unionfed.common.outbox import OutboxWakeup, OutboxWriter
from unionfed.common.testing.topics import partitions_of

TOPIC = MemberJoined.topic


def member_joined(n: int) -> MemberJoined:
    return MemberJoined(
        member_id=f"m-{n}",
        person_key=uuid.uuid4().hex * 2,
        station_code="ST01",
        union_id="u-1",
        employer_credit_code=None,
        worker_type="migrant",
        gender="female",
        birth_year=1990,
        joined_on=date(2026, 11, 1),
    )


@dataclass
class Backbone:
    """One deployment of a test service: its database, outbox and a table handlers write to."""

    url: str
    source: SourceRef
    metadata: MetaData
    outbox: Table
    inbox: Table
    tally: Table

    def __post_init__(self) -> None:
        self.engine = create_engine(self.url)
        self.sessions = session_factory(self.engine)
        self.wakeup = OutboxWakeup()
        self.writer = OutboxWriter(self.outbox, self.source, self.wakeup)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.writer)

    async def commit_events(self, count: int, *, start: int = 0, aggregates: int = 10) -> list[str]:
        """Commit ``count`` events in one transaction; subjects spread over ``aggregates``."""
        async with self.uow() as uow:
            ids = [
                uow.publish(member_joined(n), subject=f"agg-{n % aggregates}", station="ST01")
                for n in range(start, start + count)
            ]
            await uow.commit()
        return ids

    async def record(self, envelope: EventEnvelope, uow: UnitOfWork) -> None:
        """The handler under test: one tally row per application of an event.

        The topic is shared by every test on the broker; events of other deployments are
        claimed in the inbox like any other but not tallied.
        """
        if envelope.source != self.source.uri:
            return
        await uow.session.execute(
            insert(self.tally).values(
                event_id=envelope.id,
                subject=envelope.subject,
                member_id=envelope.data.member_id,
            )
        )

    async def tally_counts(self) -> dict[str, int]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(self.tally.c.event_id, func.count()).group_by(self.tally.c.event_id)
            )
            return {event_id: n for event_id, n in rows}

    async def unsent(self) -> int:
        async with self.engine.connect() as conn:
            query = select(func.count()).where(self.outbox.c.sent_at.is_(None))
            return (await conn.execute(query)).scalar_one()


def make_backbone(url: str, deployment: str) -> Backbone:
    metadata = MetaData()
    tally = Table(
        "tally",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False),
        Column("subject", String(64), nullable=False),
        Column("member_id", String(64), nullable=False),
    )
    return Backbone(
        url=url,
        source=SourceRef("backbone-test", deployment),
        metadata=metadata,
        outbox=outbox_table(metadata),
        inbox=inbox_table(metadata),
        tally=tally,
    )


async def read_from_source(
    bootstrap: str, source: SourceRef, expected: int, *, topic: str = TOPIC, timeout: float = 30
) -> list:
    """Everything on ``topic`` from ``source``, read from the start of every partition until
    ``expected`` arrived and then a short quiet period (so that extra, duplicate records would
    be seen too)."""
    partitions = await partitions_of(bootstrap, topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    consumer.assign(partitions)  # no group to join, no metadata to wait for
    await consumer.seek_to_beginning(*partitions)
    found: list = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet_until = None
    try:
        while loop.time() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for r in records:
                    if dict(r.headers).get("ce_source") == source.uri.encode():
                        found.append(r)
            if len(found) >= expected:
                quiet_until = quiet_until or loop.time() + 1.0
                if loop.time() >= quiet_until:
                    break
    finally:
        await consumer.stop()
    return found
