"""Domain topics are created without retention on the real broker; other topics keep the default."""

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


async def test_kept_topics_are_never_expired_and_others_keep_the_default(kafka_bootstrap):
    kept, ordinary = f"kept-{uuid.uuid4().hex}", f"deadletter.{uuid.uuid4().hex}"
    await ensure_topics(kafka_bootstrap, [kept, ordinary], kept_forever=[kept])

    assert await retention_of(kafka_bootstrap, kept) == "-1"
    assert await retention_of(kafka_bootstrap, ordinary) == str(7 * 24 * 3600 * 1000)


def test_every_domain_topic_is_kept_forever():
    assert set(domain_topics()) == {"membership", "grievance", "aid", "model-worker", "gov"}
