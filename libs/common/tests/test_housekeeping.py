"""Old sent outbox rows and old inbox rows are purged; unsent rows never are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, update

from unionfed.common.db.housekeeping import purge


async def test_purge_keeps_unsent_and_recent_rows(backbone):
    long_ago = datetime.now(UTC) - timedelta(days=40)
    await backbone.commit_events(4)
    async with backbone.engine.begin() as conn:
        seqs = (await conn.execute(select(backbone.outbox.c.seq).order_by("seq"))).scalars().all()
        await conn.execute(
            update(backbone.outbox)
            .where(backbone.outbox.c.seq.in_(seqs[:2]))
            .values(sent_at=long_ago)
        )
        await conn.execute(
            update(backbone.outbox)
            .where(backbone.outbox.c.seq == seqs[2])
            .values(sent_at=datetime.now(UTC))
        )
        inbox_row = {"consumer": "c", "source": "s", "event_type": "t"}
        await conn.execute(
            insert(backbone.inbox),
            [
                {**inbox_row, "event_id": "old", "received_at": long_ago},
                {**inbox_row, "event_id": "new", "received_at": datetime.now(UTC)},
            ],
        )
    assert await purge(backbone.engine, outbox=backbone.outbox, inbox=backbone.inbox) == (2, 1)
    async with backbone.engine.connect() as conn:
        remaining = (await conn.execute(select(backbone.outbox.c.seq).order_by("seq"))).scalars()
        assert list(remaining) == seqs[2:]  # the recently sent one and the unsent one
        inbox = await conn.execute(select(func.count()).select_from(backbone.inbox))
        assert inbox.scalar_one() == 1
