"""Federation staff's resolutions of conflicts (a note on how a double enrolment or a double
grant was settled); the conflicts themselves are read models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession


class Resolutions:
    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._s, self._t = session, table

    async def get(self, conflict_key: str) -> dict | None:
        query = select(self._t).where(self._t.c.conflict_key == conflict_key)
        row = (await self._s.execute(query)).first()
        return None if row is None else dict(row._mapping)

    async def add(self, conflict_key: str, *, by: str, note: str, at: datetime) -> None:
        await self._s.execute(
            insert(self._t).values(
                conflict_key=conflict_key, resolved_by=by, note=note, resolved_at=at
            )
        )
