"""Members known to this deployment from the ``membership`` events: whether an id is a member."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.grievance.adapters.tables import GrievanceTables


class KnownMembers:
    def __init__(self, session: AsyncSession, tables: GrievanceTables) -> None:
        self._s, self._t = session, tables.members
        self._insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert

    async def record(self, member_id: str, station_code: str, *, active: bool) -> None:
        stmt = self._insert(self._t).values(
            member_id=member_id, station_code=station_code, active=active
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["member_id"],
                set_={"station_code": stmt.excluded.station_code, "active": active},
            )
        )

    async def is_active(self, member_id: str) -> bool:
        query = select(self._t.c.active).where(self._t.c.member_id == member_id)
        return bool((await self._s.execute(query)).scalar_one_or_none())
