"""Topic retention on the real broker: domain topics forever, dead letters 90 days, others the
broker's default."""

from __future__ import annotations

import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from unionfed.common.events.contracts import domain_topics
from unionfed.common.kafka import ensure_topics

pytestmark = pytest.mark.kafka


async def retention_of(bootstrap: str, topic: str) -> str:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [response] = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic, {"retention.ms": None})]
        )
        [(_, _, _, _, entries)] = response.resources
        return {entry[0]: entry[1] for entry in entries}["retention.ms"]
    finally:
        await admin.close()


async def test_kept_topics_are_never_expired_dead_letters_wait_90_days_others_a_week(
    kafka_bootstrap,
):
    kept, dead, ordinary = (f"{kind}{uuid.uuid4().hex}" for kind in ("kept-", "deadletter.", "x-"))
    await ensure_topics(kafka_bootstrap, [kept, dead, ordinary], kept_forever=[kept])

    assert await retention_of(kafka_bootstrap, kept) == "-1"
    assert await retention_of(kafka_bootstrap, dead) == str(90 * 24 * 3600 * 1000)
    assert await retention_of(kafka_bootstrap, ordinary) == str(7 * 24 * 3600 * 1000)


def test_every_domain_topic_is_kept_forever():
    assert set(domain_topics()) == {"membership", "grievance", "aid", "model-worker", "gov"}


async def test_more_replicas_than_brokers_is_refused_with_the_brokers_reason(kafka_bootstrap):
    with pytest.raises(RuntimeError, match="replication factor of 3 cannot be reached"):
        await ensure_topics(kafka_bootstrap, [f"x-{uuid.uuid4().hex}"], replication_factor=3)


def test_a_replicated_topic_takes_a_write_once_all_replicas_but_one_have_it():
    from unionfed.common.kafka.clients import _configuration

    kept = _configuration("aid", {"aid"}, replication_factor=3)
    assert kept == {"retention.ms": "-1", "retention.bytes": "-1", "min.insync.replicas": "2"}
    assert _configuration("deadletter.g", set(), 1) == {"retention.ms": str(90 * 86400 * 1000)}
    assert _configuration("x", set(), 1) == {}
