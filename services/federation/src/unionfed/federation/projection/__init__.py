"""The read models as a fold over the events (投影): one handler per event type.

A handler reads and writes rows through :class:`Rows`, so the same code builds the read models
event by event in the live consumer (rows loaded from the database, written back in bulk at the
commit) and all at once in a rebuild (rows kept in memory, written once at the end): a rebuilt
model equals the incremental one by construction.

Every handler converges: re-applying an event, or applying the events of different aggregates
in another order, ends in the same rows. Statuses only move forward along their lifecycle
(ranks), facts are taken from the newest event (``facts_at``), and figures are counted from the
rows when they are read, never kept as running totals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol


class Rows(Protocol):
    """The rows of the read models, by table name and primary key."""

    async def get(self, table: str, key: tuple) -> dict | None: ...

    def put(self, table: str, key: tuple, row: dict) -> None: ...

    def delete(self, table: str, key: tuple) -> None: ...

    async def find(self, table: str, column: str, value: Any) -> list[dict]: ...


Handler = Callable[[Any, Rows], Awaitable[None]]


def utc(moment: datetime | None) -> datetime | None:
    """Every stored moment in UTC (SQLite keeps no offset; events may carry +08:00)."""
    if moment is None or moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def newer(row: dict, at: datetime) -> bool:
    """Whether an event at ``at`` carries facts at least as new as the row's."""
    current = row.get("facts_at")
    return current is None or utc(at) >= utc(current)


def earliest(current: datetime | None, new: datetime | None) -> datetime | None:
    if current is None:
        return utc(new)
    if new is None:
        return utc(current)
    return min(utc(current), utc(new))


def latest(current: datetime | None, new: datetime | None) -> datetime | None:
    if current is None:
        return utc(new)
    if new is None:
        return utc(current)
    return max(utc(current), utc(new))
