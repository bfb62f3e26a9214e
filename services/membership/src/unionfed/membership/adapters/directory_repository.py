"""The county-wide directory of memberships and the enrolment conflicts found in it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.membership.adapters.repositories import count
from unionfed.membership.adapters.tables import MembershipTables
from unionfed.membership.domain.directory import EnrolmentConflict, Membership


class Directory:
    def __init__(self, session: AsyncSession, tables: MembershipTables) -> None:
        self._s, self._t, self._c = session, tables.directory, tables.conflicts
        self._insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert

    async def memberships(self, person_key: str) -> list[Membership]:
        rows = await self._s.execute(select(self._t).where(self._t.c.person_key == person_key))
        return [
            Membership(r.person_key, r.source, r.member_id, r.station_code, r.union_id, r.active)
            for r in rows
        ]

    async def record(self, membership: Membership) -> None:
        """Insert or update one membership (events may arrive more than once). An ended
        membership stays ended: nothing brings it back (a new membership has a new id)."""
        values = {
            "source": membership.source,
            "member_id": membership.member_id,
            "person_key": membership.person_key,
            "station_code": membership.station_code,
            "union_id": membership.union_id,
            "active": membership.active,
            "updated_at": datetime.now(UTC),
        }
        stmt = self._insert(self._t).values(**values)
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["source", "member_id"],
                set_={k: stmt.excluded[k] for k in values if k not in ("source", "member_id")},
                where=self._t.c.active.is_(True),
            )
        )

    async def end(self, source: str, member_id: str) -> None:
        await self._s.execute(
            update(self._t)
            .where(self._t.c.source == source, self._t.c.member_id == member_id)
            .values(active=False, updated_at=datetime.now(UTC))
        )

    async def end_member(self, person_key: str, member_id: str) -> None:
        await self._s.execute(
            update(self._t)
            .where(self._t.c.person_key == person_key, self._t.c.member_id == member_id)
            .values(active=False, updated_at=datetime.now(UTC))
        )

    async def add_conflict(self, conflict: EnrolmentConflict) -> None:
        first, second = sorted((conflict.first, conflict.second), key=lambda m: m.ref)
        stmt = self._insert(self._c).values(
            person_key=conflict.person_key,
            detected_at=conflict.detected_at,
            first_source=first.source,
            first_member_id=first.member_id,
            first_station_code=first.station_code,
            first_union_id=first.union_id,
            second_source=second.source,
            second_member_id=second.member_id,
            second_station_code=second.station_code,
            second_union_id=second.union_id,
        )
        await self._s.execute(stmt.on_conflict_do_nothing())

    async def conflicts(self, *, open_only: bool, offset: int, limit: int):
        query = select(self._c)
        if open_only:
            query = query.where(self._c.c.resolved_at.is_(None))
        total = await count(self._s, query)
        rows = await self._s.execute(query.order_by(self._c.c.id).offset(offset).limit(limit))
        return list(rows), total

    async def resolve_conflict(self, conflict_id: int, *, by: str, resolution: str) -> bool:
        result = await self._s.execute(
            update(self._c)
            .where(self._c.c.id == conflict_id, self._c.c.resolved_at.is_(None))
            .values(resolved_at=datetime.now(UTC), resolved_by=by, resolution=resolution)
        )
        return result.rowcount == 1
