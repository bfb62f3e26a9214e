"""The operator's ``dead-letters`` and ``redrive`` commands, run as federation IT runs them:
``unionfed-membership …`` in a shell, against a real broker and the deployment's database."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from aiokafka.structs import ConsumerRecord

from unionfed.common.consumer import DeadLetterPublisher, dead_letter_topic
from unionfed.common.events.envelope import EventEnvelope, to_record
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.service import operations
from unionfed.common.testing.backbone import member_joined
from unionfed.membership.app import create_app
from unionfed.membership.settings import Settings

pytestmark = pytest.mark.kafka


def membership(tmp_path, bootstrap: str, deployment: str, *args: str):
    env = os.environ | {
        "UNIONFED_MEMBERSHIP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/membership.db",
        "UNIONFED_MEMBERSHIP_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "UNIONFED_MEMBERSHIP_DEPLOYMENT_ID": deployment,
        "UNIONFED_MEMBERSHIP_STATIONS": '["XZ01"]',
    }
    return subprocess.run(  # noqa: S603 (our own console script)
        [sys.executable, "-m", "unionfed.membership.cli", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


async def dead_letter(bootstrap: str, group: str, record: ConsumerRecord, reason: str) -> None:
    await ensure_topics(bootstrap, [dead_letter_topic(group)])  # as the service's start does
    producer = create_producer(bootstrap, client_id="dead-letter-test")
    await producer.start()
    try:
        await DeadLetterPublisher(producer, group).publish(record, reason=reason, detail="boom")
    finally:
        await producer.stop()


def consumed(topic: str, offset: int, key: bytes | None, value: bytes, headers) -> ConsumerRecord:
    return ConsumerRecord(topic, 0, offset, 0, 0, key, value, None, 0, 0, tuple(headers))


async def test_an_operator_lists_redrives_and_discards_a_services_dead_letters(
    tmp_path, kafka_bootstrap, unique
):
    deployment = f"dl-{unique}"
    group = f"membership.{deployment}.directory"
    elsewhere = EventEnvelope(
        id=f"joined-{unique}", source="membership/street", type="membership.member.joined.v1",
        time=datetime.now(UTC), subject="m-1", data=member_joined(1),
    )  # fmt: skip
    good = to_record(elsewhere)
    await dead_letter(
        kafka_bootstrap, group, consumed("membership", 41, good.key, good.value, good.headers),
        "handler_failed",
    )  # fmt: skip
    garbled = [(k, v) for k, v in good.headers if k != "ce_id"] + [("ce_id", b"garbled-1")]
    await dead_letter(
        kafka_bootstrap, group, consumed("membership", 42, b"x", b"{not json", garbled),
        "invalid_json",
    )  # fmt: skip

    listed = membership(tmp_path, kafka_bootstrap, deployment, "dead-letters")
    assert listed.returncode == 0, listed.stderr
    assert f"deadletter.{group}: 2 waiting" in listed.stdout
    assert f"membership.member.joined.v1 joined-{unique} from membership/street" in listed.stdout
    assert "read at membership[0]@41" in listed.stdout and "invalid_json" in listed.stdout

    redriven = membership(tmp_path, kafka_bootstrap, deployment, "redrive")
    assert redriven.returncode == 1, redriven.stderr  # the garbled record failed again
    assert "2 taken, 1 applied" in redriven.stdout and "1 failed again" in redriven.stdout

    dropped = membership(tmp_path, kafka_bootstrap, deployment, "redrive", "--discard", "garbled-1")
    assert dropped.returncode == 0, dropped.stderr
    assert "1 taken, 0 applied" in dropped.stdout and "1 discarded" in dropped.stdout
    listed = membership(tmp_path, kafka_bootstrap, deployment, "dead-letters")
    assert f"deadletter.{group}: 0 waiting" in listed.stdout
    assert '"logger": "alembic' in listed.stderr and "alembic" not in listed.stdout  # logs apart


def test_a_consumer_the_service_does_not_have_is_named_with_those_it_has():
    settings = Settings(kafka_bootstrap_servers="unused:9092", database_url="sqlite+aiosqlite://")
    runtime = create_app(settings).state.runtime
    with pytest.raises(SystemExit, match=r"no consumer named 'nope'.*its consumers: directory"):
        operations.list_dead_letters(runtime, "nope")
