"""End to end on the real broker and the real domain topics: two station deployments of each
service (distinct ``source`` ids), each committing through its own outbox and relay, arrive in
the federation's totals exactly once, also when the federation's consumer is stopped while
events are flowing and a new one is started on the same database."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import uuid

import pytest
from federation_fixtures import FED, County, deployment
from sqlalchemy import MetaData

from unionfed.common.db.engine import create_engine, session_factory
from unionfed.common.db.tables import inbox_table, outbox_table
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.events.contracts import aid
from unionfed.common.events.envelope import SourceRef
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.outbox import OutboxRelay, OutboxWakeup, OutboxWriter
from unionfed.common.testing.polling import until
from unionfed.common.testing.serving import service_process

pytestmark = pytest.mark.kafka
SERVICES = ("membership", "grievance", "aid", "model-worker", "gov")


class StationDeployment:
    """One deployment of one service: its own database, outbox and relay."""

    def __init__(self, url: str, service: str, deployment: str) -> None:
        metadata = MetaData()
        self.outbox = outbox_table(metadata)
        inbox_table(metadata)
        self.metadata = metadata
        self.engine = create_engine(url)
        self.wakeup = OutboxWakeup()
        self.writer = OutboxWriter(self.outbox, SourceRef(service, deployment), self.wakeup)

    async def commit(self, events) -> None:
        async with UnitOfWork(session_factory(self.engine), self.writer) as uow:
            for e in events:
                uow.publish(e.data, subject=e.subject, station=e.station)
            await uow.commit()


@contextlib.asynccontextmanager
async def stations(tmp_path, bootstrap: str, c: County):
    await ensure_topics(bootstrap, ["membership", "grievance", "aid", "model-worker", "gov"])
    producer = create_producer(bootstrap, client_id=f"e2e-{c.run}")
    await producer.start()
    stop = asyncio.Event()
    deployments, tasks = {}, []
    for service in SERVICES:
        for station, name in zip(c.stations, ("town", "street"), strict=True):
            d = StationDeployment(
                f"sqlite+aiosqlite:///{tmp_path / f'{service}-{name}.db'}",
                service,
                f"{name}-{c.run}",
            )
            async with d.engine.begin() as conn:
                await conn.run_sync(d.metadata.create_all)
            relay = OutboxRelay(
                engine=d.engine,
                table=d.outbox,
                producer=producer,
                wakeup=d.wakeup,
                poll_interval=0.2,
            )
            tasks.append(asyncio.create_task(relay.run(stop)))
            deployments[(service, station)] = d
    try:
        yield deployments
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await producer.stop()
        for d in deployments.values():
            await d.engine.dispose()


def wave(c: County, station: str, start: int, count: int) -> dict[str, list]:
    """``count`` rounds of events of every service at one station."""
    u = f"{c.run}-u{station}"
    out = {s: [] for s in SERVICES}
    for i in range(start, start + count):
        out["membership"].append(
            c.joined(f"{c.run}-{station}-m{i}", f"pk-{station}-{i}", station, u)
        )
        if i % 3 == 0:
            cid = f"{c.run}-{station}-c{i}"
            out["grievance"] += [c.filed(cid, station), c.resolved(cid, station, recovered="100")]
        if i % 4 == 0:
            gid = f"{c.run}-{station}-g{i}"
            out["aid"] += [
                c.grant(aid.GrantApplied, gid, station, f"pk{i}", amount="200"),
                c.grant(aid.GrantApproved, gid, station, f"pk{i}", amount="200"),
            ]
        if i % 10 == 0:
            out["model-worker"].append(c.awarded(f"{c.run}-{station}-t{i}", station))
            out["gov"].append(c.referral(f"{c.run}-{station}-r{i}", f"c{i}", station, "sent"))
    return out


async def play(deployments, c: County, start: int, count: int, *, batch: int = 5, pause=0.0):
    for first in range(start, start + count, batch):
        for station in c.stations:
            for service, events in wave(c, station, first, batch).items():
                if events:
                    await deployments[(service, station)].commit(events)
        await asyncio.sleep(pause)


async def station_totals(client, code: str) -> dict:
    answer = await client.get(f"/v1/stations/{code}", headers=FED)
    if answer.status_code == 404:  # nothing about the station has arrived yet
        return {}
    f = answer.json()["figures"]
    keys = (
        "members_active",
        "cases_total",
        "recovered_yuan",
        "aid_committed_yuan",
        "model_workers_active",
    )
    return {k: f.get(k) for k in keys}


async def arriving(client, c: County, *, beyond: int) -> bool:
    """Whether the federation has folded some of the wave after round ``beyond`` everywhere
    (and not all of it yet: that is the caller's ``flowing`` to say)."""
    totals = [await station_totals(client, s) for s in c.stations]
    return all((t.get("members_active") or 0) >= beyond + 10 for t in totals)


def expected(rounds: int) -> dict:
    cases = sum(1 for i in range(rounds) if i % 3 == 0)
    return {
        "members_active": rounds,
        "cases_total": cases,
        "recovered_yuan": 100.0 * cases,
        "aid_committed_yuan": 200.0 * sum(1 for i in range(rounds) if i % 4 == 0),
        "model_workers_active": sum(1 for i in range(rounds) if i % 10 == 0),
    }


async def test_two_deployments_of_each_service_exactly_once_across_a_restart(
    kafka_bootstrap, tmp_path
):
    # On SQLite, the demo's engine; the SIGKILL test below runs the federation on PostgreSQL.
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'federation.db'}"
    c = County(uuid.uuid4().hex[:8])
    name = f"e2e-{c.run}"
    async with stations(tmp_path, kafka_bootstrap, c) as deployments:
        await play(deployments, c, 0, 100)
        async with deployment(database_url, kafka=kafka_bootstrap, name=name) as client:

            async def first_wave():
                totals = [await station_totals(client, s) for s in c.stations]
                return all(t == expected(100) for t in totals) and totals

            await until(first_wave, timeout=90)
            flowing = asyncio.create_task(play(deployments, c, 100, 200, pause=0.05))
            await until(lambda: arriving(client, c, beyond=100), timeout=60)
            assert not flowing.done()  # stopped while the second wave is flowing
        await flowing
        async with deployment(database_url, kafka=kafka_bootstrap, name=name) as client:

            async def everything():
                totals = [await station_totals(client, s) for s in c.stations]
                return all(t == expected(300) for t in totals) and totals

            await until(everything, timeout=90)
            await asyncio.sleep(2)  # nothing more arrives: no event was folded twice
            assert [await station_totals(client, s) for s in c.stations] == [expected(300)] * 2
            f = (await client.get("/v1/county", headers=FED)).json()
            seen = {
                row["station_code"]
                for row in next(t for t in f["tables"] if t["name"] == "stations")["rows"]
            }
            assert set(c.stations) <= seen


def federation_process(database_url: str, bootstrap: str, name: str):
    """``unionfed-federation serve`` as its own process, as a deployment runs it."""
    return service_process(
        "unionfed.federation.cli",
        "UNIONFED_FEDERATION_",
        {"database_url": database_url, "kafka_bootstrap_servers": bootstrap, "deployment_id": name},
    )


async def test_a_federation_killed_mid_stream_counts_every_event_once(
    postgres_url, kafka_bootstrap, tmp_path
):
    """SIGKILL: no graceful stop, no offset commit on the way down, maybe a transaction cut
    in half. The restarted process re-reads from the last committed offsets; the inbox in the
    read models' transaction makes the re-read harmless."""
    c = County(uuid.uuid4().hex[:8])
    name = f"kill-{c.run}"
    async with stations(tmp_path, kafka_bootstrap, c) as deployments:
        await play(deployments, c, 0, 60)
        async with federation_process(postgres_url, kafka_bootstrap, name) as fed:

            async def first_wave():
                totals = [await station_totals(fed, s) for s in c.stations]
                return all(t == expected(60) for t in totals) and totals

            await until(first_wave, timeout=90)
            flowing = asyncio.create_task(play(deployments, c, 60, 240, pause=0.05))
            await until(lambda: arriving(fed, c, beyond=60), timeout=60)
            fed.process.send_signal(signal.SIGKILL)
            fed.process.wait(timeout=10)
            assert not flowing.done(), "the kill must land while events are flowing"
        await flowing
        async with federation_process(postgres_url, kafka_bootstrap, name) as fed:

            async def everything():
                totals = [await station_totals(fed, s) for s in c.stations]
                return all(t == expected(300) for t in totals) and totals

            await until(everything, timeout=120)
            await asyncio.sleep(2)  # nothing more arrives: no event was folded twice
            assert [await station_totals(fed, s) for s in c.stations] == [expected(300)] * 2
