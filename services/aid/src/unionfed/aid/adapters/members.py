"""Members and model-worker titles known from other services' events: ids and keys only."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.aid.adapters.tables import AidTables


def insert_for(session: AsyncSession):
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


class KnownMembers:
    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t, self._insert = session, tables.members, insert_for(session)

    async def record(
        self,
        member_id: str,
        person_key: str,
        station_code: str,
        union_id: str | None,
        *,
        active: bool,
    ) -> None:
        values = {"station_code": station_code, "union_id": union_id, "active": active}
        stmt = self._insert(self._t).values(member_id=member_id, person_key=person_key, **values)
        await self._s.execute(stmt.on_conflict_do_update(index_elements=["member_id"], set_=values))

    async def get(self, member_id: str) -> dict | None:
        row = (
            await self._s.execute(select(self._t).where(self._t.c.member_id == member_id))
        ).first()
        return None if row is None else dict(row._mapping)


class ModelWorkerTitles:
    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t, self._insert = session, tables.titles, insert_for(session)

    async def awarded(self, title_id: str, person_key: str) -> None:
        stmt = self._insert(self._t).values(title_id=title_id, person_key=person_key, in_force=True)
        await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["title_id"]))

    async def ended(self, title_id: str, person_key: str) -> None:
        await self.awarded(title_id, person_key)
        await self._s.execute(
            update(self._t).where(self._t.c.title_id == title_id).values(in_force=False)
        )

    async def in_force(self, person_key: str) -> bool:
        query = select(self._t.c.title_id).where(
            self._t.c.person_key == person_key, self._t.c.in_force
        )
        return (await self._s.execute(query)).first() is not None
