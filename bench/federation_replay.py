"""Benchmark of the federation's rebuild (``unionfed-federation rebuild``): a program that
reports, not a timed test.

Generates N events (default 1,000,000) of a county — members joining and leaving, cases through
their lifecycle, aid grants, model-worker titles, unions — onto the domain topics of a fresh
local broker (deploy/kafka/localkafka.py), then rebuilds every read model from the beginning of
the topics into a fresh database and prints events/s and the seconds of each phase.

    uv run --frozen python bench/federation_replay.py                 # 1,000,000 events, SQLite
    uv run --frozen python bench/federation_replay.py --events 200000
    uv run --frozen python bench/federation_replay.py --database-url postgresql+asyncpg://...
KAFKA_BOOTSTRAP_SERVERS is ignored on purpose: the topics must hold only these events.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from unionfed.common.db.migrations import migrate_async
from unionfed.common.events.contracts import default_registry
from unionfed.common.events.envelope import kafka_headers
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.local_infra import localkafka
from unionfed.federation.cli import MIGRATIONS
from unionfed.federation.service.rebuild import rebuild
from unionfed.federation.settings import Settings

STATIONS = [f"ST{n:02d}" for n in range(1, 21)]
CATEGORIES = ["unpaid_wages", "social_insurance", "labour_contract", "dismissal", "work_injury"]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


class Generator:
    """Valid event bodies (checked against the contracts on a sample) built as plain JSON."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.n = 0

    def at(self) -> str:
        self.n += 1
        return (T0 + timedelta(seconds=self.n * 20)).isoformat()

    def events(self, count: int):
        """Yield (type, subject, station, body) until ``count`` events."""
        made = 0
        while made < count:
            for event in self._one():
                yield event
                made += 1
                if made == count:
                    return

    def _one(self):
        r, i = self.rnd.random(), self.n
        st = self.rnd.choice(STATIONS)
        if r < 0.05:
            yield (
                "membership.union.registered.v1",
                f"u{i}",
                st,
                {
                    "union_id": f"u{i % 2000}",
                    "station_code": st,
                    "employer_name": f"企业{i}",
                    "employer_credit_code": "",
                    "sector": "manufacturing",
                    "headcount": self.rnd.randrange(20, 500),
                    "founded_on": "2025-06-01",
                },
            )
        elif r < 0.45:
            facts = {
                "member_id": f"m{i}",
                "person_key": uuid.uuid4().hex * 2,
                "station_code": st,
                "union_id": f"u{i % 2000}",
                "worker_type": self.rnd.choice(["regular", "migrant", "new_form"]),
                "gender": self.rnd.choice(["male", "female"]),
                "birth_year": self.rnd.randrange(1962, 2006),
                "joined_on": "2026-02-01",
            }
            yield ("membership.member.joined.v1", f"m{i}", st, facts)
            if self.rnd.random() < 0.1:
                yield (
                    "membership.member.left.v1",
                    f"m{i}",
                    st,
                    {**facts, "reason": "left", "left_on": "2026-06-01"},
                )
        elif r < 0.75:
            case = {
                "case_id": f"c{i}",
                "station_code": st,
                "category": self.rnd.choice(CATEGORIES),
                "employer_key": f"e{i % 900}",
                "workers_affected": 1,
                "collective": False,
            }
            yield (
                "grievance.case.filed.v1",
                f"c{i}",
                st,
                {**case, "at": self.at(), "channel": "walk_in", "accept_by": "2026-01-05"},
            )
            yield (
                "grievance.case.accepted.v1",
                f"c{i}",
                st,
                {**case, "at": self.at(), "mediation_by": "2026-02-01"},
            )
            yield (
                "grievance.case.resolved.v1",
                f"c{i}",
                st,
                {
                    **case,
                    "at": self.at(),
                    "outcome": "settled",
                    "amount_recovered": "1500.00",
                    "filed_at": T0.isoformat(),
                },
            )
            yield (
                "grievance.case.feedback_recorded.v1",
                f"c{i}",
                st,
                {**case, "at": self.at(), "satisfaction": self.rnd.randrange(1, 6)},
            )
        elif r < 0.95:
            grant = {
                "grant_id": f"g{i}",
                "program_id": "p1",
                "program_kind": "winter_visit",
                "period": "2027-spring-festival",
                "year": 2027,
                "station_code": st,
                "member_id": f"m{i}",
                "person_key": uuid.uuid4().hex * 2,
                "amount": "500",
            }
            yield ("aid.grant.applied.v1", f"g{i}", st, {**grant, "at": self.at()})
            yield ("aid.grant.approved.v1", f"g{i}", st, {**grant, "at": self.at()})
            yield (
                "aid.grant.disbursed.v1",
                f"g{i}",
                st,
                {
                    **grant,
                    "at": self.at(),
                    "method": "cash",
                    "disbursed_on": "2027-01-20",
                    "payment_reference": "x",
                },
            )
        else:
            yield (
                "model-worker.title.awarded.v1",
                f"t{i}",
                st,
                {
                    "title_id": f"t{i}",
                    "person_key": uuid.uuid4().hex * 2,
                    "station_code": st,
                    "level": "county",
                    "sector": "industry",
                    "at": self.at(),
                    "awarded_on": "2025-04-01",
                    "managed_until": "2030-03-31",
                },
            )
        self.n += 1


async def produce(bootstrap: str, count: int, seed: int) -> float:
    registry = default_registry()
    topics = registry.topics()
    await ensure_topics(bootstrap, topics, partitions=6, kept_forever=topics)
    producer = create_producer(bootstrap, client_id="bench-federation")
    await producer.start()
    started = time.perf_counter()
    sent = 0
    try:
        pending = []
        for event_type, subject, station, body in Generator(seed).events(count):
            value = json.dumps(body, ensure_ascii=False).encode()
            headers = kafka_headers(
                event_id=str(uuid.uuid4()),
                source=f"/unionfed/{event_type.split('.')[0]}/bench",
                event_type=event_type,
                time=datetime.now(UTC),
                subject=subject,
                station=station,
                correlation_id=None,
            )
            if sent % 10_000 == 0:  # every so often, prove the body is valid for its contract
                registry.decode(headers, value)
            pending.append(
                await producer.send(
                    event_type.split(".")[0], key=subject.encode(), value=value, headers=headers
                )
            )
            sent += 1
            if len(pending) >= 20_000:
                await asyncio.gather(*pending)
                pending.clear()
                print(f"produced {sent:,} / {count:,}", flush=True)
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return time.perf_counter() - started


@contextlib.contextmanager
def fresh_broker():
    with tempfile.TemporaryDirectory(prefix="bench-federation-kafka-") as tmp:
        os.environ.setdefault("UNIONFED_KAFKA_FULL_JIT", "1")  # steady state, not start-up
        broker = localkafka().start(Path(tmp))
        try:
            yield broker.bootstrap_servers
        finally:
            localkafka().stop(Path(tmp))


async def run(args, bootstrap: str, workdir: Path) -> None:
    produced = await produce(bootstrap, args.events, args.seed)
    print(f"produced {args.events:,} events in {produced:.1f} s", flush=True)
    url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'federation.db'}"
    await migrate_async(url, MIGRATIONS)
    settings = Settings(
        database_url=url,
        kafka_bootstrap_servers=bootstrap,
        deployment_id="bench",
        rebuild_batch_records=args.batch,
    )
    result = await rebuild(settings, progress=lambda line: print(line, flush=True))
    print(f"cores: {os.cpu_count()}, database: {url.split(':')[0]}")
    print(f"records read        : {result.records:>12,}")
    print(f"events folded       : {result.events:>12,}")
    print(f"rows written        : {result.rows:>12,}")
    print(f"read + fold         : {result.read_seconds:>12.1f} s")
    print(f"write               : {result.write_seconds:>12.1f} s")
    print(f"total               : {result.seconds:>12.1f} s")
    print(f"events/s            : {result.events / result.seconds:>12,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=20_000, help="records per getmany")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()
    with fresh_broker() as bootstrap, tempfile.TemporaryDirectory(prefix="bench-fed-") as tmp:
        asyncio.run(run(args, bootstrap, Path(tmp)))


if __name__ == "__main__":
    main()
