"""A real Kafka broker for tests.

``kafka_broker()`` yields bootstrap servers (``host:port``) from the first source available:

1. ``KAFKA_BOOTSTRAP_SERVERS`` if set: used as is, nothing is started or stopped;
2. a testcontainers ``KafkaContainer`` (KRaft) when a Docker engine answers;
3. otherwise a broker from Maven Central's jars, started with ``deploy/kafka/localkafka.py`` in
   a fresh temporary directory and stopped at exit (needs Java 17+ and Maven; the jars are
   cached after the first run).

Whatever the source, topics are not auto-created on the brokers the harness starts: tests create
the topics they use, as the services do in production.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from unionfed.common import local_infra

__all__ = ["kafka_broker"]

log = logging.getLogger(__name__)

ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS"
# Overridable so a Docker host can try another Confluent Platform tag without a code change.
ENV_IMAGE = "UNIONFED_KAFKA_IMAGE"
CONTAINER_IMAGE = "confluentinc/cp-kafka:8.0.0"  # Apache Kafka 4.0, like the local broker's 4.x
_START_TIMEOUT_S = 90.0


# -------------------------------------------------------------------- sources


@contextlib.contextmanager
def _container_broker() -> Iterator[str]:
    try:
        from testcontainers.community.kafka import KafkaContainer
    except ImportError:  # older testcontainers: no community namespace
        from testcontainers.kafka import KafkaContainer

    image = os.environ.get(ENV_IMAGE, CONTAINER_IMAGE)
    container = (
        KafkaContainer(image)
        .with_kraft()
        # The same broker semantics as deploy/kafka/localkafka.py writes in server.properties.
        .with_env("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .with_env("KAFKA_NUM_PARTITIONS", "3")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .with_env("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .with_env("KAFKA_MIN_INSYNC_REPLICAS", "1")
    )
    log.info("Kafka for tests: testcontainers %s", image)
    with container as kafka:
        yield kafka.get_bootstrap_server()


@contextlib.contextmanager
def _local_broker() -> Iterator[str]:
    localkafka = local_infra.localkafka()
    tmp = Path(tempfile.mkdtemp(prefix="unionfed-kafka-"))
    log.info("Kafka for tests: local broker from Maven jars in %s", tmp)
    try:
        broker = localkafka.start(tmp, timeout=_START_TIMEOUT_S)
        try:
            log.info(
                "local Kafka broker ready at %s (pid %d)", broker.bootstrap_servers, broker.pid
            )
            yield broker.bootstrap_servers
        finally:
            localkafka.stop(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def kafka_broker() -> Iterator[str]:
    """Yield the bootstrap servers of a real Kafka broker (see the module docstring)."""
    env = os.environ.get(ENV_BOOTSTRAP)
    if env:
        log.info("Kafka for tests: %s=%s (not started here)", ENV_BOOTSTRAP, env)
        yield env
    elif local_infra.docker_available():
        with _container_broker() as bootstrap:
            yield bootstrap
    else:
        with _local_broker() as bootstrap:
            yield bootstrap
