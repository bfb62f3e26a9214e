"""A real PostgreSQL server for tests, and throw-away databases on it.

``postgres_server()`` yields a SQLAlchemy URL (``postgresql+asyncpg://...``) of a
server's maintenance database, from the first source that is available:

1. ``UNIONFED_TEST_POSTGRES_URL`` if set (used as is; the driver is forced to asyncpg);
2. a testcontainers ``PostgresContainer`` when a Docker engine answers;
3. otherwise a private server from the distribution's binaries, started with
   ``deploy/postgres/localpg.py`` in a fresh temporary directory and stopped at exit.

If none is possible because the PostgreSQL binaries are missing, it raises a
RuntimeError telling to run ``deploy/postgres/install.sh``: tests needing PostgreSQL
never skip silently.

``create_database()`` / ``drop_database()`` give each test (module, session...) its
own database on that server.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from unionfed.common import local_infra

__all__ = ["create_database", "drop_database", "postgres_server"]

ENV_URL = "UNIONFED_TEST_POSTGRES_URL"
CONTAINER_IMAGE = "postgres:15"  # same major version as Debian bookworm's package
_INSTALL_HINT = "run `bash deploy/postgres/install.sh` (installs Debian's postgresql package)"
_CONNECT_TIMEOUT_S = 30


# ------------------------------------------------------------------------ URLs


def _sqlalchemy_url(url: str | URL) -> URL:
    """``url`` with the asyncpg driver (accepts postgres://, postgresql://, postgresql+x://)."""
    u = make_url(url)
    if u.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL: {u.render_as_string(hide_password=True)}")
    return u.set(drivername="postgresql+asyncpg")


def _render(u: URL) -> str:
    return u.render_as_string(hide_password=False)


def _asyncpg_dsn(u: URL) -> str:
    # asyncpg wants libpq-style URLs: plain postgresql://, no "+driver".
    return _render(u.set(drivername="postgresql"))


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextlib.contextmanager
def _container_server() -> Iterator[str]:
    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:  # older testcontainers: no community namespace
        from testcontainers.postgres import PostgresContainer

    container = PostgresContainer(
        CONTAINER_IMAGE,
        username="unionfed",
        password="unionfed",  # noqa: S106 - throw-away test container
        dbname="postgres",
        driver="asyncpg",
    )
    with container as pg:
        yield _render(_sqlalchemy_url(pg.get_connection_url()))


@contextlib.contextmanager
def _local_server() -> Iterator[str]:
    localpg = local_infra.localpg()
    if localpg.find_bindir() is None:
        raise RuntimeError(
            "PostgreSQL is needed for this test but no server binaries were found "
            "(/usr/lib/postgresql/*/bin or initdb on PATH), no Docker engine answers and "
            f"{ENV_URL} is not set; {_INSTALL_HINT}, or set {ENV_URL}"
        )
    tmp = Path(tempfile.mkdtemp(prefix="unionfed-pg-"))
    try:
        url = localpg.start(tmp)
        try:
            yield url
        finally:
            localpg.stop(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the SQLAlchemy URL (postgresql+asyncpg) of a PostgreSQL maintenance database."""
    env_url = os.environ.get(ENV_URL)
    if env_url:
        yield _render(_sqlalchemy_url(env_url))
    elif local_infra.docker_available():
        with _container_server() as url:
            yield url
    else:
        with _local_server() as url:
            yield url


# -------------------------------------------------------------------- databases


async def create_database(server_url: str, name: str | None = None) -> str:
    """Create a fresh database on the server; return its SQLAlchemy URL.

    ``name`` defaults to a random ``t_<hex>``.
    """
    server = _sqlalchemy_url(server_url)
    name = name or f"t_{secrets.token_hex(8)}"
    conn = await asyncpg.connect(_asyncpg_dsn(server), timeout=_CONNECT_TIMEOUT_S)
    try:
        await conn.execute(f"CREATE DATABASE {_quote_ident(name)}")
    finally:
        await conn.close()
    return _render(server.set(database=name))


async def drop_database(url: str) -> None:
    """Drop the database ``url`` points at (terminating its connections first)."""
    target = _sqlalchemy_url(url)
    name = target.database
    if not name or name in ("postgres", "template0", "template1"):
        raise ValueError(f"refusing to drop database {name!r}")
    conn = None
    for maintenance_db in ("postgres", "template1"):
        try:
            conn = await asyncpg.connect(
                _asyncpg_dsn(target.set(database=maintenance_db)), timeout=_CONNECT_TIMEOUT_S
            )
            break
        except asyncpg.InvalidCatalogNameError:
            continue
    if conn is None:
        raise RuntimeError(f"no maintenance database to connect to for dropping {name!r}")
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await conn.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")
    finally:
        await conn.close()
