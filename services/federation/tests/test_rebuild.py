"""Replay: every read model rebuilt from the beginning of the topics equals, row for row, the
one the live consumer built event by event; rebuilding again in place changes nothing."""

from __future__ import annotations

import uuid

import pytest
from federation_fixtures import (
    FED,
    County,
    county_story,
    deployment,
    mixed_stream,
    private_topics,
    publish,
)
from sqlalchemy import select

from unionfed.common.db.engine import create_engine
from unionfed.common.db.migrations import migrate_async
from unionfed.common.testing.polling import until
from unionfed.federation.adapters.rows import normalise
from unionfed.federation.adapters.tables import build_tables
from unionfed.federation.cli import MIGRATIONS
from unionfed.federation.service.rebuild import rebuild
from unionfed.federation.settings import Settings

pytestmark = pytest.mark.kafka


async def every_row(url: str) -> dict[str, list[tuple]]:
    tables = build_tables().read_models
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            found = {}
            for name, table in tables.items():
                rows = [
                    normalise(table, dict(r._mapping)) for r in await conn.execute(select(table))
                ]
                found[name] = sorted((tuple(sorted(r.items())) for r in rows), key=repr)
            return found
    finally:
        await engine.dispose()


async def test_rebuild_equals_the_incremental_read_models(database_url, kafka_bootstrap, tmp_path):
    run = uuid.uuid4().hex[:8]
    topics = private_topics(run)
    c = County(run)
    events = county_story(c) + mixed_stream(c, 1500)
    await publish(kafka_bootstrap, events[:900], topics=topics)
    async with deployment(database_url, kafka=kafka_bootstrap, topics=topics) as client:

        async def applied(n):
            return (await client.get("/v1/freshness", headers=FED)).json()["events"] == n

        await until(lambda: applied(900), timeout=60)
        # The rest arrives while the consumer runs, batch boundaries fall elsewhere.
        await publish(kafka_bootstrap, events[900:] + events[:50], topics=topics)
        await until(lambda: applied(len(events)), timeout=60)
        resolved = (await client.get("/v1/conflicts", headers=FED)).json()["items"][0]
        note = await client.post(
            f"/v1/conflicts/{resolved['conflict_key']}/resolution",
            json={"note": "已核实"},
            headers=FED,
        )
        assert note.status_code == 200
    incremental = await every_row(database_url)
    assert sum(len(rows) for rows in incremental.values()) > 500

    fresh = f"sqlite+aiosqlite:///{tmp_path / 'rebuilt.db'}"
    await migrate_async(fresh, MIGRATIONS)
    settings = Settings(
        database_url=fresh,
        kafka_bootstrap_servers=kafka_bootstrap,
        topics=topics,
        deployment_id=f"rebuild-{run}",
    )
    lines: list[str] = []
    result = await rebuild(settings, progress=lines.append)
    assert result.events == len(events) and result.records == len(events) + 50
    assert lines[0].startswith("rebuild:") and "done" in lines[-1]
    rebuilt = await every_row(fresh)
    for name in incremental:
        assert rebuilt[name] == incremental[name], name

    # In place, with the service stopped: the same rows, and the staff's note is kept.
    in_place = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topics=topics,
        deployment_id="county",
    )
    await rebuild(in_place, progress=lines.append)
    assert await every_row(database_url) == incremental
    async with deployment(database_url, kafka=kafka_bootstrap, topics=topics) as client:
        # The group was moved to where the rebuild read to: nothing is folded a second time.
        await publish(kafka_bootstrap, [c.station(f"N{run}", "新站")], topics=topics)
        await until(lambda: applied_n(client, len(events) + 1), timeout=60)
        kept = (await client.get("/v1/conflicts?state=resolved", headers=FED)).json()["items"]
        assert [k["note"] for k in kept] == ["已核实"]


async def applied_n(client, n: int) -> bool:
    return (await client.get("/v1/freshness", headers=FED)).json()["events"] == n
