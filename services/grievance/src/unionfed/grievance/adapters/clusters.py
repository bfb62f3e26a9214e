"""Cases by employer across the county, and the cluster alerts raised from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.grievance.adapters.tables import GrievanceTables
from unionfed.grievance.domain.clusters import FiledCase


class Clusters:
    def __init__(self, session: AsyncSession, tables: GrievanceTables) -> None:
        self._s, self._cases, self._alerts = session, tables.employer_cases, tables.cluster_alerts
        self._insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert

    async def remember(
        self,
        *,
        case_id: str,
        employer_key: str,
        credit_code: str | None,
        station_code: str,
        filed_at: datetime,
    ) -> None:
        stmt = self._insert(self._cases).values(
            case_id=case_id,
            employer_key=employer_key,
            employer_credit_code=credit_code,
            station_code=station_code,
            filed_at=filed_at,
        )
        await self._s.execute(stmt.on_conflict_do_nothing())

    async def cases_since(self, employer_key: str, since: datetime) -> list[FiledCase]:
        rows = await self._s.execute(
            select(self._cases)
            .where(self._cases.c.employer_key == employer_key, self._cases.c.filed_at >= since)
            .order_by(self._cases.c.filed_at, self._cases.c.case_id)
        )
        return [FiledCase(r.case_id, r.station_code, r.filed_at) for r in rows]

    async def alerted_since(self, employer_key: str, since: datetime) -> bool:
        query = select(self._alerts.c.cluster_id).where(
            self._alerts.c.employer_key == employer_key, self._alerts.c.detected_at >= since
        )
        return (await self._s.execute(query)).first() is not None

    async def add_alert(
        self,
        *,
        cluster_id: str,
        employer_key: str,
        credit_code: str | None,
        cases: list[FiledCase],
        detected_at: datetime,
    ) -> None:
        stmt = self._insert(self._alerts).values(
            cluster_id=cluster_id,
            employer_key=employer_key,
            employer_credit_code=credit_code,
            case_ids=[c.case_id for c in cases],
            station_codes=sorted({c.station_code for c in cases}),
            detected_at=detected_at,
        )
        await self._s.execute(stmt.on_conflict_do_nothing())

    async def alerts(self, *, offset: int, limit: int) -> list[dict]:
        rows = await self._s.execute(
            select(self._alerts)
            .order_by(self._alerts.c.detected_at.desc())
            .offset(offset)
            .limit(limit)
        )
        return [dict(r._mapping) for r in rows]
