"""Producer and topic set-up. Clients are created by bootstrap code, never at import."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

log = logging.getLogger(__name__)

#: Topic configuration of a topic whose events are never deleted by the broker.
KEEP_FOREVER = {"retention.ms": "-1", "retention.bytes": "-1"}
#: Dead letters wait for an operator (``unionfed-<service> redrive``) for 90 days, not the
#: broker's default week: a week can pass over the Spring Festival holiday unread.
DEAD_LETTER_RETENTION = {"retention.ms": str(90 * 24 * 3600 * 1000)}
DEAD_LETTER_PREFIX = "deadletter."


def create_producer(bootstrap_servers: str, *, client_id: str) -> AIOKafkaProducer:
    """An idempotent producer: ``acks=all`` and broker-side de-duplication of retries."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=256 * 1024,
        compression_type=None,
        request_timeout_ms=30000,
    )


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    *,
    partitions: int = 6,
    replication_factor: int = 1,
    attempts: int = 30,
    kept_forever: Iterable[str] = (),
) -> None:
    """Create missing topics; existing ones are left as they are.

    Topics in ``kept_forever`` are created without time or size retention: the domain topics are
    the federation's record, and its read models are rebuilt by replaying them from the start.
    Dead-letter topics (``deadletter.*``) keep their records 90 days; others keep the broker's
    default.
    """
    wanted = sorted(set(topics))
    forever = set(kept_forever)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    for attempt in range(attempts):
        try:
            await admin.start()
            break
        except KafkaConnectionError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(1)
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in wanted if name not in existing]
        if not missing:
            return
        response = await admin.create_topics(
            [
                NewTopic(
                    name,
                    partitions,
                    replication_factor,
                    topic_configs=_configuration(name, forever, replication_factor),
                )
                for name in missing
            ]
        )
        # Errors come back per topic, not raised; "already exists" means another service won.
        failed = [
            f"{topic} (error {code}: {message})"
            for topic, code, message, *_ in response.topic_errors
            if code not in (0, TopicAlreadyExistsError.errno)
        ]
        if failed:
            raise RuntimeError(f"could not create topics: {', '.join(failed)}")
        log.info("created topics %s", ", ".join(missing))
    finally:
        await admin.close()


async def partitions_of(admin: AIOKafkaAdminClient, topics: Iterable[str]) -> list[TopicPartition]:
    """The partitions of ``topics`` as the broker describes them; a topic not created yet has
    none. (A consumer's own metadata can lack a topic created a moment ago until its next
    refresh, minutes later.)"""
    described = await admin.describe_topics(list(topics))
    return sorted(
        TopicPartition(t["topic"], p["partition"])
        for t in described
        if t["error_code"] == 0
        for p in t["partitions"]
    )


def _configuration(topic: str, kept_forever: set[str], replication_factor: int) -> dict[str, str]:
    config: dict[str, str] = {}
    if topic in kept_forever:
        config |= KEEP_FOREVER
    elif topic.startswith(DEAD_LETTER_PREFIX):
        config |= DEAD_LETTER_RETENTION
    if replication_factor > 1:  # with acks=all: a write survives the loss of one broker
        config["min.insync.replicas"] = str(replication_factor - 1)
    return config
