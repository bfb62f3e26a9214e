"""Where the projection's rows live: the database (live consumer) or memory (rebuild).

:class:`DatabaseRows` reads a row once per unit of work, keeps the changed rows and writes them
back in bulk when the unit of work commits. :class:`MemoryRows` holds every row of a rebuild
and writes them all at the end (PostgreSQL ``COPY``, SQLite ``executemany``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, Table, and_, bindparam, delete, insert, select
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
    """Empty every read-model table and write the rebuilt rows, in the caller's transaction.

    The rows go in as tuples, each value as :func:`normalise` and the column's own bind
    processor make it (what ``execute(insert(table), dicts)`` would do, without SQLAlchemy
    compiling parameters per row): PostgreSQL ``COPY``, otherwise one ``executemany``.
    """
    dialect = conn.dialect
    copy = dialect.name == "postgresql"
    for name, table in tables.items():
        await conn.execute(delete(table))
        fresh = rows.rows[name].values()
        if not fresh:
            continue
        records = _records(table, fresh, None if copy else dialect)
        if copy:
            await _copy(conn, table, records)
        else:
            sql = str(insert(table).compile(dialect=dialect))
            for start in range(0, len(records), 100_000):
                await conn.exec_driver_sql(sql, records[start : start + 100_000])


def _records(table: Table, rows, dialect) -> list[tuple]:
    """Rows as tuples in column order, normalised; bound for ``dialect`` when one is given."""
    names = [c.name for c in table.columns]
    steps = []
    for i, column in enumerate(table.columns):
        process = None
        if dialect is not None:
            process = column.type.dialect_impl(dialect).bind_processor(dialect)
        moment = isinstance(column.type, (Date, DateTime))
        if moment or process is not None:
            # Dates and flags repeat: each distinct value is bound once (None stays None).
            memo = {} if not isinstance(column.type, DateTime) else None
            steps.append((i, moment, process, memo))
    if not steps:
        return [tuple(map(row.get, names)) for row in rows]
    records = []
    for row in rows:
        values = list(map(row.get, names))
        for i, moment, process, memo in steps:
            value = values[i]
            if value is None:
                continue
            if moment and isinstance(value, datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            if process is None:
                values[i] = value
            elif memo is not None and type(value) in _MEMO_TYPES:
                bound = memo.get(value, _GONE)
                if bound is _GONE:
                    bound = memo[value] = process(value)
                values[i] = bound
            else:
                values[i] = process(value)
        records.append(tuple(values))
    return records


_MEMO_TYPES = (date, bool)


async def _copy(conn: AsyncConnection, table: Table, records: list[tuple]) -> None:
    """PostgreSQL's COPY through asyncpg: the fastest way in, by far, for a rebuild."""
    raw = await conn.get_raw_connection()
    columns = [c.name for c in table.columns]
    await raw.driver_connection.copy_records_to_table(table.name, records=records, columns=columns)
