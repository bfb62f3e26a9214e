"""Repositories of stations and grassroots unions (members are in ``member_repository``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.membership.adapters.tables import MembershipTables
from unionfed.membership.domain.station import Station, StationKind
from unionfed.membership.domain.union import GrassrootsUnion, UnionKind, UnionStatus


class Stations:
    def __init__(self, session: AsyncSession, tables: MembershipTables) -> None:
        self._s, self._t = session, tables.stations

    async def get(self, code: str) -> Station | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.code == code))).first()
        return None if row is None else Station(row.code, row.name, StationKind(row.kind))

    async def add(self, station: Station, *, source: str) -> None:
        await self._s.execute(
            insert(self._t).values(
                code=station.code,
                name=station.name,
                kind=station.kind.value,
                source=source,
                registered_at=datetime.now(UTC),
            )
        )

    async def all(self) -> list[Station]:
        rows = await self._s.execute(select(self._t).order_by(self._t.c.code))
        return [Station(r.code, r.name, StationKind(r.kind)) for r in rows]


class Unions:
    def __init__(self, session: AsyncSession, tables: MembershipTables) -> None:
        self._s, self._t = session, tables.unions

    async def get(self, union_id: str) -> GrassrootsUnion | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == union_id))).first()
        return None if row is None else _union(row)

    async def source_of(self, union_id: str) -> str | None:
        query = select(self._t.c.source).where(self._t.c.id == union_id)
        return (await self._s.execute(query)).scalar_one_or_none()

    async def active_for_employer(self, credit_code: str) -> GrassrootsUnion | None:
        query = select(self._t).where(
            self._t.c.employer_credit_code == credit_code,
            self._t.c.status == UnionStatus.active.value,
        )
        row = (await self._s.execute(query)).first()
        return None if row is None else _union(row)

    async def upsert_known(self, union: GrassrootsUnion, *, source: str) -> None:
        """Record a union another deployment announced (a transfer may target it)."""
        if await self.get(union.id) is None:
            await self.add(union, source=source)
        else:
            await self.save(union)

    async def add(self, union: GrassrootsUnion, *, source: str) -> None:
        await self._s.execute(insert(self._t).values(**_union_row(union), source=source))

    async def save(self, union: GrassrootsUnion) -> None:
        row = _union_row(union)
        del row["id"]
        await self._s.execute(update(self._t).where(self._t.c.id == union.id).values(**row))

    async def listing(
        self,
        *,
        stations: frozenset[str] | None,
        station: str | None,
        status: str | None,
        offset: int,
        limit: int,
        name: str | None = None,
    ) -> tuple[list[GrassrootsUnion], int]:
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        if station:
            query = query.where(self._t.c.station_code == station)
        if status:
            query = query.where(self._t.c.status == status)
        if name:
            query = query.where(self._t.c.name.contains(name))
        total = await count(self._s, query)
        rows = await self._s.execute(query.order_by(self._t.c.id).offset(offset).limit(limit))
        return [_union(r) for r in rows], total


async def count(session: AsyncSession, query) -> int:
    return (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()


def _union(row) -> GrassrootsUnion:
    return GrassrootsUnion(
        id=row.id,
        station_code=row.station_code,
        kind=UnionKind(row.kind),
        name=row.name,
        employer_credit_code=row.employer_credit_code,
        sector=row.sector,
        headcount=row.headcount,
        founded_on=row.founded_on,
        status=UnionStatus(row.status),
        ended_on=row.ended_on,
        merged_into=row.merged_into,
    )


def _union_row(union: GrassrootsUnion) -> dict:
    return {
        "id": union.id,
        "station_code": union.station_code,
        "kind": union.kind.value,
        "name": union.name,
        "employer_credit_code": union.employer_credit_code,
        "sector": union.sector,
        "headcount": union.headcount,
        "founded_on": union.founded_on,
        "status": union.status.value,
        "ended_on": union.ended_on,
        "merged_into": union.merged_into,
    }
