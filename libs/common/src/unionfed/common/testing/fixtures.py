"""Pytest plugin with the fixtures every service's tests use (registered in the root conftest).

- ``kafka_bootstrap``: a real broker (env, testcontainers, or the local Maven-jar broker).
- ``database_url``: a fresh database per test, on SQLite and on PostgreSQL (both always run;
  PostgreSQL comes from ``UNIONFED_TEST_POSTGRES_URL``, testcontainers, or the distribution's
  binaries started by the harness).
- ``unique``: a short random suffix to keep names apart on the shared broker.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from unionfed.common.testing.kafka import kafka_broker
from unionfed.common.testing.postgres import create_database, drop_database, postgres_server


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    with kafka_broker() as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    server = request.getfixturevalue("postgres_server_url")
    url = await create_database(server)
    try:
        yield url
    finally:
        await drop_database(url)


@pytest.fixture
async def postgres_url(postgres_server_url) -> AsyncIterator[str]:
    """A fresh PostgreSQL database, for tests that only make sense there (locks, races)."""
    url = await create_database(postgres_server_url)
    try:
        yield url
    finally:
        await drop_database(url)
