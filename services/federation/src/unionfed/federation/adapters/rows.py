"""Where the projection's rows live: the database (live consumer) or memory (rebuild).

:class:`DatabaseRows` reads a row once per unit of work, keeps the changed rows and writes them
back in bulk when the unit of work commits. :class:`MemoryRows` holds every row of a rebuild
and writes them all at the end (PostgreSQL ``COPY``, SQLite ``executemany``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import Table, and_, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

_GONE = object()  # a cached key whose row was deleted in this unit of work


def primary_key(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


def normalise(table: Table, row: dict) -> dict:
    """Every column present; moments aware in UTC (SQLite hands them back naive)."""
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        out[column.name] = value
    return out


class DatabaseRows:
    def __init__(self, session: AsyncSession, tables: dict[str, Table]) -> None:
        self._s, self._tables = session, tables
        self._cache: dict[str, dict[tuple, Any]] = defaultdict(dict)
        self._dirty: dict[str, set[tuple]] = defaultdict(set)

    async def get(self, table: str, key: tuple) -> dict | None:
        cached = self._cache[table].get(key)
        if cached is _GONE:
            return None
        if cached is not None:
            return dict(cached)
        t = self._tables[table]
        where = and_(*(t.c[name] == value for name, value in zip(primary_key(t), key, strict=True)))
        found = (await self._s.execute(select(t).where(where))).first()
        if found is None:
            return None
        row = normalise(t, dict(found._mapping))
        self._cache[table][key] = row
        return dict(row)

    def put(self, table: str, key: tuple, row: dict) -> None:
        self._cache[table][key] = normalise(self._tables[table], row)
        self._dirty[table].add(key)

    def delete(self, table: str, key: tuple) -> None:
        self._cache[table][key] = _GONE
        self._dirty[table].add(key)

    async def find(self, table: str, column: str, value: Any) -> list[dict]:
        t = self._tables[table]
        pk = primary_key(t)
        found = {}
        for r in await self._s.execute(select(t).where(t.c[column] == value)):
            row = normalise(t, dict(r._mapping))
            found[tuple(row[name] for name in pk)] = row
        for key, cached in self._cache[table].items():
            if cached is _GONE:
                found.pop(key, None)
            elif cached[column] == value:
                found[key] = cached
            else:
                found.pop(key, None)  # changed in this unit of work: no longer matches
        for key, row in found.items():
            self._cache[table].setdefault(key, row)
        return [dict(row) for row in found.values()]

    async def flush(self) -> None:
        """Write the changed rows: delete by key, insert the new versions (portable upsert)."""
        for table, keys in self._dirty.items():
            if not keys:
                continue
            t = self._tables[table]
            pk = primary_key(t)
            where = and_(*(t.c[name] == bindparam(f"k_{name}") for name in pk))
            await self._s.execute(
                delete(t).where(where),
                [{f"k_{n}": v for n, v in zip(pk, key, strict=True)} for key in keys],
            )
            fresh = [self._cache[table][k] for k in keys if self._cache[table][k] is not _GONE]
            if fresh:
                await self._s.execute(insert(t), fresh)
        self._dirty.clear()


class MemoryRows:
    """All rows of a rebuild, with indexes for the columns the projection searches by."""

    INDEXED: ClassVar[dict[str, str]] = {"fed_members": "person_key", "fed_conflicts": "person_key"}

    def __init__(self, tables: dict[str, Table]) -> None:
        self._tables = tables
        self.rows: dict[str, dict[tuple, dict]] = {name: {} for name in tables}
        self._index: dict[str, dict[Any, set[tuple]]] = {n: defaultdict(set) for n in self.INDEXED}

    async def get(self, table: str, key: tuple) -> dict | None:
        row = self.rows[table].get(key)
        return None if row is None else dict(row)

    def put(self, table: str, key: tuple, row: dict) -> None:
        column = self.INDEXED.get(table)
        if column is not None:
            old = self.rows[table].get(key)
            if old is not None:
                self._index[table][old[column]].discard(key)
            self._index[table][row.get(column)].add(key)
        self.rows[table][key] = row

    def delete(self, table: str, key: tuple) -> None:
        old = self.rows[table].pop(key, None)
        column = self.INDEXED.get(table)
        if old is not None and column is not None:
            self._index[table][old[column]].discard(key)

    async def find(self, table: str, column: str, value: Any) -> list[dict]:
        if self.INDEXED.get(table) == column:
            return [dict(self.rows[table][k]) for k in self._index[table].get(value, ())]
        return [dict(r) for r in self.rows[table].values() if r.get(column) == value]

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


async def replace_all(conn: AsyncConnection, tables: dict[str, Table], rows: MemoryRows) -> None:
    """Empty every read-model table and write the rebuilt rows, in the caller's transaction."""
    for name, table in tables.items():
        await conn.execute(delete(table))
        fresh = [normalise(table, r) for r in rows.rows[name].values()]
        if not fresh:
            continue
        if conn.dialect.name == "postgresql":
            await _copy(conn, table, fresh)
        else:
            for start in range(0, len(fresh), 50_000):
                await conn.execute(insert(table), fresh[start : start + 50_000])


async def _copy(conn: AsyncConnection, table: Table, rows: list[dict]) -> None:
    """PostgreSQL's COPY through asyncpg: the fastest way in, by far, for a rebuild."""
    raw = await conn.get_raw_connection()
    columns = [c.name for c in table.columns]
    records = [tuple(r[c] for c in columns) for r in rows]
    await raw.driver_connection.copy_records_to_table(table.name, records=records, columns=columns)
