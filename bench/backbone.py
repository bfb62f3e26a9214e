"""Benchmark of the event backbone (a program that reports, not a timed test).

On one broker and one PostgreSQL server, with N events of realistic size:
  (a) raw aiokafka: produce N records, consume them all (the ceiling);
  (b) the whole path: services commit state + outbox rows -> relay -> Kafka -> idempotent
      consumer applying each event to a table in another database (the way two services
      talk in production), with the producing and the consuming service in separate processes.
Prints events/s for each, the ratio b/a, and commit-to-applied latency p50/p99, where
"commit" is the event's creation time inside the transaction (so the figure includes the
commit itself).

    make bench                     # 50,000 events
    make bench BENCH_ARGS="--events 200000 --txn-size 50"
Kafka: KAFKA_BOOTSTRAP_SERVERS or the local broker; PostgreSQL: UNIONFED_BENCH_POSTGRES_URL or
the distribution's server started here (fsync off, as for tests; say so when quoting figures).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import statistics
import tempfile
import uuid
from pathlib import Path

from bench_roles import consume_side, produce_side, raw_kafka

from unionfed.common.local_infra import localkafka, localpg
from unionfed.common.testing.postgres import create_database


@contextlib.contextmanager
def infrastructure():
    with contextlib.ExitStack() as stack:
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        if not bootstrap:
            os.environ.setdefault("UNIONFED_KAFKA_FULL_JIT", "1")  # steady-state, not start-up
            kdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-kafka-")))
            bootstrap = localkafka().start(kdir).bootstrap_servers
            stack.callback(localkafka().stop, kdir)
        server = os.environ.get("UNIONFED_BENCH_POSTGRES_URL")
        if not server:
            pdir = Path(tempfile.mkdtemp(prefix="bench-pg-", dir="/tmp"))
            server = localpg().start(pdir)
            stack.callback(localpg().stop, pdir)
        yield bootstrap, server


def run_in_process(target, *args):
    queue = multiprocessing.get_context("spawn").SimpleQueue()
    process = multiprocessing.get_context("spawn").Process(target=target, args=(*args, queue))
    process.start()
    return process, queue


def whole_path(bootstrap: str, producer_db: str, consumer_db: str, args) -> dict:
    run_id = uuid.uuid4().hex[:8]
    consumer, consumer_q = run_in_process(consume_side, bootstrap, consumer_db, args.events, run_id)
    assert consumer_q.get() == "ready"
    producer, producer_q = run_in_process(
        produce_side,
        bootstrap,
        producer_db,
        args.events,
        args.txn_size,
        args.writers,
        args.rate,
        run_id,
    )
    produced = producer_q.get()
    applied = consumer_q.get()
    producer.join()
    consumer.join()
    elapsed = applied["last_applied"] - produced["first_commit"]
    latencies = sorted(applied["latencies"])
    return {
        "events": args.events,
        "events_per_s": args.events / elapsed,
        "commit_phase_events_per_s": args.events
        / (produced["last_commit"] - produced["first_commit"]),
        "latency_p50_ms": 1000 * statistics.median(latencies),
        "latency_p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "duplicates_applied": applied["duplicates"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument(
        "--txn-size", type=int, default=100, help="events per committed transaction"
    )
    parser.add_argument("--writers", type=int, default=4, help="concurrent committing tasks")
    parser.add_argument(
        "--rate", type=float, default=0, help="events/s to commit at (default: as fast as possible)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    with infrastructure() as (bootstrap, server):
        raw = asyncio.run(raw_kafka(bootstrap, args.events))
        producer_db = asyncio.run(create_database(server))
        consumer_db = asyncio.run(create_database(server))
        whole = whole_path(bootstrap, producer_db, consumer_db, args)
    report = {
        "raw_kafka": raw,
        "whole_path": whole,
        "ratio": whole["events_per_s"] / raw["events_per_s"],
    }
    if args.json:
        print(json.dumps(report))
        return
    pace = f"paced at {args.rate:,.0f}/s" if args.rate else "as fast as possible"
    print(
        f"events: {args.events:,}, {args.txn_size} per transaction, {args.writers} writers, "
        f"{pace}, {os.cpu_count()} cores"
    )
    print(f"(a) raw aiokafka produce->consume : {raw['events_per_s']:>10,.0f} events/s")
    print(f"(b) outbox->relay->Kafka->consumer: {whole['events_per_s']:>10,.0f} events/s")
    print(
        f"    commits alone                 : {whole['commit_phase_events_per_s']:>10,.0f} events/s"
    )
    print(f"    ratio b/a                     : {report['ratio']:>10.2f}")
    p50, p99 = whole["latency_p50_ms"], whole["latency_p99_ms"]
    print(f"    commit-to-applied p50 / p99   : {p50:.0f} ms / {p99:.0f} ms")
    print(f"    events applied twice          : {whole['duplicates_applied']}")


if __name__ == "__main__":
    main()
