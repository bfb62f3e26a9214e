"""The county-wide grant ledger (全县救助台账) and the duplicates found in it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.aid.adapters.members import insert_for
from unionfed.aid.adapters.tables import AidTables
from unionfed.aid.domain.grant import RANK


class GrantLedger:
    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t, self._insert = session, tables.ledger, insert_for(session)

    async def record(
        self,
        *,
        grant_id: str,
        person_key: str,
        program_kind: str,
        period: str,
        station_code: str,
        status: str,
        at: datetime,
    ) -> None:
        """Insert, or move the grant forward (never back: see ``RANK``)."""
        rank = RANK[status]
        stmt = self._insert(self._t).values(
            grant_id=grant_id,
            person_key=person_key,
            program_kind=program_kind,
            period=period,
            station_code=station_code,
            status=status,
            rank=rank,
            applied_at=at,
            updated_at=at,
        )
        await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["grant_id"]))
        await self._s.execute(
            update(self._t)
            .where(self._t.c.grant_id == grant_id, self._t.c.rank < rank)
            .values(status=status, rank=rank, updated_at=at)
        )

    async def of_person(self, person_key: str, program_kind: str, period: str) -> list[dict]:
        """Every grant of this help to this person, first applied first."""
        query = select(self._t).where(
            self._t.c.person_key == person_key,
            self._t.c.program_kind == program_kind,
            self._t.c.period == period,
        )
        rows = await self._s.execute(query.order_by(self._t.c.applied_at, self._t.c.grant_id))
        return [dict(r._mapping) for r in rows]


class DuplicateGrants:
    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t, self._insert = session, tables.conflicts, insert_for(session)

    async def record(
        self,
        *,
        conflict_id: str,
        person_key: str,
        program_kind: str,
        period: str,
        grant_ids: list[str],
        station_codes: list[str],
        at: datetime,
    ) -> bool:
        """True when this duplicate is new here (raise it once)."""
        stmt = self._insert(self._t).values(
            id=conflict_id,
            person_key=person_key,
            program_kind=program_kind,
            period=period,
            grant_ids=grant_ids,
            station_codes=station_codes,
            detected_at=at,
        )
        result = await self._s.execute(
            stmt.on_conflict_do_nothing(index_elements=["person_key", "program_kind", "period"])
        )
        return result.rowcount == 1

    async def listing(self, *, filters: dict, offset: int, limit: int) -> tuple[list[dict], int]:
        query = select(self._t)
        for column, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[column] == value)
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        query = query.order_by(self._t.c.detected_at.desc(), self._t.c.id)
        rows = await self._s.execute(query.offset(offset).limit(limit))
        return [dict(r._mapping) for r in rows], total
