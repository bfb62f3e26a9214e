"""Small helpers the repositories share: the dialect's upsert, UTC datetimes from SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession):
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without their zone; we only ever store UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def page(query, offset: int, limit: int):
    return query.offset(offset).limit(limit)
