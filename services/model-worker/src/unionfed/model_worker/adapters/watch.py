"""What this service keeps from other services' events: members (ids and person keys) and
employers' open unpaid-wages and social-insurance cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.model_worker.adapters.tables import ModelWorkerTables


def _insert_for(session: AsyncSession):
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


class KnownMembers:
    def __init__(self, session: AsyncSession, tables: ModelWorkerTables) -> None:
        self._s, self._t, self._insert = session, tables.members, _insert_for(session)

    async def record(self, member_id: str, person_key: str, station_code: str, *, active: bool):
        stmt = self._insert(self._t).values(
            member_id=member_id, person_key=person_key, station_code=station_code, active=active
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["member_id"],
                set_={"station_code": stmt.excluded.station_code, "active": active},
            )
        )

    async def active(self, member_id: str) -> dict | None:
        query = select(self._t).where(self._t.c.member_id == member_id, self._t.c.active)
        row = (await self._s.execute(query)).first()
        return None if row is None else dict(row._mapping)

    async def by_person(self, person_key: str) -> str | None:
        query = select(self._t.c.member_id).where(
            self._t.c.person_key == person_key, self._t.c.active
        )
        return (await self._s.execute(query)).scalars().first()


class EmployerCases:
    """Open = filed until resolved, closed or declined; a closed case never reopens here."""

    def __init__(self, session: AsyncSession, tables: ModelWorkerTables) -> None:
        self._s, self._t, self._insert = session, tables.employer_cases, _insert_for(session)

    async def seen(
        self,
        *,
        case_id: str,
        employer_key: str,
        credit_code: str | None,
        category: str,
        station_code: str,
        at: datetime,
        open_: bool,
    ) -> None:
        stmt = self._insert(self._t).values(
            case_id=case_id,
            employer_key=employer_key,
            employer_credit_code=credit_code,
            category=category,
            station_code=station_code,
            open=open_,
            filed_at=at,
        )
        await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["case_id"]))
        if not open_:
            await self._s.execute(
                update(self._t).where(self._t.c.case_id == case_id).values(open=False)
            )

    async def open_cases(self, credit_codes: list[str]) -> dict[str, list[dict]]:
        """Open cases by credit code (the grievance employer key is the code when known)."""
        if not credit_codes:
            return {}
        query = select(self._t).where(
            self._t.c.open,
            or_(
                self._t.c.employer_credit_code.in_(credit_codes),
                self._t.c.employer_key.in_(credit_codes),
            ),
        )
        found: dict[str, list[dict]] = {}
        for r in await self._s.execute(query.order_by(self._t.c.filed_at)):
            code = r.employer_credit_code or r.employer_key
            found.setdefault(code, []).append(
                {"case_id": r.case_id, "category": r.category, "filed_at": r.filed_at}
            )
        return found

    async def flagged_codes(self) -> list[str]:
        query = select(self._t.c.employer_credit_code, self._t.c.employer_key).where(self._t.c.open)
        return sorted({r[0] or r[1] for r in await self._s.execute(query)})
