"""A real PostgreSQL from ``postgres_server()``: env URL, Docker, or the local binaries."""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from unionfed.common.testing.postgres import create_database, drop_database, postgres_server

pytestmark = pytest.mark.postgres

STATION = "城关镇工会服务站"


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


async def test_database_roundtrip(postgres_server_url: str) -> None:
    assert postgres_server_url.startswith("postgresql+asyncpg://")
    db_url = await create_database(postgres_server_url)
    name = make_url(db_url).database
    assert name is not None and name.startswith("t_")
    try:
        engine = create_async_engine(db_url)
        try:
            async with engine.begin() as conn:
                await conn.execute(
                    text("CREATE TABLE station (id serial PRIMARY KEY, name text NOT NULL)")
                )
                await conn.execute(
                    text("INSERT INTO station (name) VALUES (:name)"), {"name": STATION}
                )
            async with engine.connect() as conn:
                rows = (await conn.execute(text("SELECT id, name FROM station"))).all()
                version = (await conn.execute(text("SELECT version()"))).scalar_one()
        finally:
            await engine.dispose()
    finally:
        await drop_database(db_url)

    assert [tuple(r) for r in rows] == [(1, STATION)]
    assert version.startswith("PostgreSQL ")

    server = make_url(postgres_server_url).set(drivername="postgresql")
    conn = await asyncpg.connect(server.render_as_string(hide_password=False))
    try:
        gone = await conn.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", name)
    finally:
        await conn.close()
    assert gone == 0
