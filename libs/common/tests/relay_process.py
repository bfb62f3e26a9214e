"""A relay in its own process, for tests that kill it (run as a script, not collected).

Usage: python relay_process.py DATABASE_URL DEPLOYMENT BOOTSTRAP --die-after-ack
With ``--die-after-ack`` the process SIGKILLs itself right after Kafka acknowledged its first
batch and before that batch is marked sent: the worst moment for a relay to die.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal

from unionfed.common.kafka import create_producer
from unionfed.common.outbox import OutboxRelay
from unionfed.common.testing.backbone import make_backbone


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("deployment")
    parser.add_argument("bootstrap")
    parser.add_argument("--die-after-ack", action="store_true")
    args = parser.parse_args()

    backbone = make_backbone(args.database_url, args.deployment)
    producer = create_producer(args.bootstrap, client_id="relay-process")
    await producer.start()

    async def die(_seqs: list[int]) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    relay = OutboxRelay(
        engine=backbone.engine,
        table=backbone.outbox,
        producer=producer,
        wakeup=backbone.wakeup,
        on_batch_acked=die if args.die_after_ack else None,
    )
    await relay.publish_pending()
    await producer.stop()
    await backbone.engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
