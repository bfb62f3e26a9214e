"""Alembic, driven from code: each service keeps its migrations in its own package.

A service's ``migrations/env.py`` is two lines: import its metadata and call
:func:`run_alembic_env`. ``migrate(url, "unionfed.membership:migrations")`` upgrades to head.
"""

from __future__ import annotations

import asyncio
from importlib import resources

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def alembic_config(database_url: str, script_location: str) -> Config:
    """``script_location`` is ``package:folder`` (e.g. ``unionfed.aid:migrations``)."""
    package, _, folder = script_location.partition(":")
    config = Config()
    config.set_main_option("script_location", str(resources.files(package) / folder))
    config.set_main_option("sqlalchemy.url", database_url)
    config.attributes["database_url"] = database_url
    return config


def migrate(database_url: str, script_location: str, revision: str = "head") -> None:
    """Upgrade the database; blocking, so call it before the event loop or in a thread."""
    command.upgrade(alembic_config(database_url, script_location), revision)


async def migrate_async(database_url: str, script_location: str) -> None:
    await asyncio.to_thread(migrate, database_url, script_location)


def run_alembic_env(metadata: MetaData) -> None:
    """Body of every service's ``env.py`` (online mode, async engine)."""
    url = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )

    def run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(run)
            await connection.commit()
        await engine.dispose()

    asyncio.run(main())
