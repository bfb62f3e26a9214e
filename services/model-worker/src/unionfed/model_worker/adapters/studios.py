"""The repository of innovation studios (劳模创新工作室)."""

from __future__ import annotations

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.model_worker.adapters.tables import ModelWorkerTables

COLUMNS = (
    "id",
    "name",
    "station_code",
    "lead_title_id",
    "field",
    "member_ids",
    "achievements",
    "registered_on",
)


class Studios:
    def __init__(self, session: AsyncSession, tables: ModelWorkerTables) -> None:
        self._s, self._t = session, tables.studios

    async def add(self, studio: dict) -> None:
        await self._s.execute(insert(self._t).values(**studio))

    async def get(self, studio_id: str) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == studio_id))).first()
        return None if row is None else {c: getattr(row, c) for c in COLUMNS}

    async def save(self, studio: dict) -> None:
        await self._s.execute(update(self._t).where(self._t.c.id == studio["id"]).values(**studio))

    async def listing(self, *, stations, search: str | None, offset: int, limit: int):
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        if search:
            like = f"%{search}%"
            query = query.where(or_(self._t.c.name.like(like), self._t.c.field.like(like)))
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        rows = await self._s.execute(query.order_by(self._t.c.name).offset(offset).limit(limit))
        return [{c: getattr(r, c) for c in COLUMNS} for r in rows], total
