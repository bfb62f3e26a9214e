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
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

__all__ = ["kafka_broker"]

log = logging.getLogger(__name__)

ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS"
ENV_ROOT = "UNIONFED_ROOT"
# Overridable so a Docker host can try another Confluent Platform tag without a code change.
ENV_IMAGE = "UNIONFED_KAFKA_IMAGE"
CONTAINER_IMAGE = "confluentinc/cp-kafka:8.0.0"  # Apache Kafka 4.0, like the local broker's 4.x
_LOCALKAFKA = Path("deploy/kafka/localkafka.py")
_START_TIMEOUT_S = 90.0


# -------------------------------------------------------------------- discovery


def _find_localkafka() -> Path:
    root = os.environ.get(ENV_ROOT)
    if root:
        candidate = Path(root) / _LOCALKAFKA
        if candidate.is_file():
            return candidate
        raise RuntimeError(f"{ENV_ROOT}={root} does not contain {_LOCALKAFKA}")
    here = Path(__file__).resolve()
    # Installed non-editable (site-packages), the file's parents miss the repository: fall back
    # to the working directory, where pytest normally runs.
    for base in (*here.parents, Path.cwd().resolve(), *Path.cwd().resolve().parents):
        candidate = base / _LOCALKAFKA
        if candidate.is_file():
            return candidate
    raise RuntimeError(
        f"cannot find {_LOCALKAFKA} above {here} or the current directory; "
        f"set {ENV_ROOT} to the repository root, or {ENV_BOOTSTRAP} to a running broker"
    )


_localkafka_module: ModuleType | None = None


def _load_localkafka() -> ModuleType:
    """Import the standalone script by path: it lives in deploy/, outside any package."""
    global _localkafka_module
    if _localkafka_module is None:
        path = _find_localkafka()
        spec = importlib.util.spec_from_file_location("unionfed_deploy_localkafka", path)
        if spec is None or spec.loader is None:
            raise RuntimeError(f"cannot import {path}")
        module = importlib.util.module_from_spec(spec)
        # Registered before running it: dataclasses look their module up in sys.modules.
        sys.modules[spec.name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)
            raise
        _localkafka_module = module
    return _localkafka_module


def _docker_available() -> bool:
    """Cheap check that a Docker engine answers; any failure means no Docker."""
    if not os.environ.get("DOCKER_HOST") and not Path("/var/run/docker.sock").exists():
        # No engine to ask; the SDK would fail anyway, and leak its unix socket when it does.
        return False
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


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
    localkafka = _load_localkafka()
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
    elif _docker_available():
        with _container_broker() as bootstrap:
            yield bootstrap
    else:
        with _local_broker() as bootstrap:
            yield bootstrap
