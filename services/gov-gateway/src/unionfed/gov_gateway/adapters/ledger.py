"""What the gateway keeps from other services' events: the grants paid (a county-wide aid
ledger by person key, for partners' questions) and the cases referred to labour inspection."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.gov_gateway.adapters.sql import aware, insert_for
from unionfed.gov_gateway.adapters.tables import GatewayTables


class AidLedger:
    def __init__(self, session: AsyncSession, tables: GatewayTables):
        self._s, self._t = session, tables.aid_ledger

    async def record(self, **grant) -> None:
        stmt = insert_for(self._s)(self._t).values(**grant)
        await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["grant_id"]))

    async def received(self, person_key: str, since: date, until: date) -> list[dict]:
        t = self._t
        query = (
            select(t.c.program_kind, t.c.period, t.c.amount, t.c.disbursed_on)
            .where(t.c.person_key == person_key, t.c.disbursed_on.between(since, until))
            .order_by(t.c.disbursed_on, t.c.grant_id)
        )
        rows = await self._s.execute(query)
        return [dict(r._mapping) | {"amount": Decimal(r.amount)} for r in rows]


class Referrals:
    def __init__(self, session: AsyncSession, tables: GatewayTables):
        self._s, self._t, self._u = session, tables.referrals, tables.referral_updates

    async def add(self, **referral) -> bool:
        stmt = insert_for(self._s)(self._t).values(**referral)
        result = await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
        return result.rowcount == 1

    async def get(self, referral_id: str) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == referral_id))).first()
        return None if row is None else _read(row)

    async def set_status(self, referral_id: str, *, at: datetime, **values) -> None:
        values = {k: v for k, v in values.items() if v is not None}
        await self._s.execute(
            update(self._t).where(self._t.c.id == referral_id).values(updated_at=at, **values)
        )

    async def add_update(self, **update_row) -> bool:
        """``False`` when this update id was received before (a repeated callback)."""
        stmt = insert_for(self._s)(self._u).values(**update_row)
        result = await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["update_id"]))
        return result.rowcount == 1

    async def history(self, referral_id: str) -> list[dict]:
        query = (
            select(self._u.c.status, self._u.c.outcome, self._u.c.at, self._u.c.applied)
            .where(self._u.c.referral_id == referral_id)
            .order_by(self._u.c.at)
        )
        return [dict(r._mapping) | {"at": aware(r.at)} for r in await self._s.execute(query)]

    async def listing(
        self, *, department: str | None, stations, status: str | None, offset: int, limit: int
    ) -> tuple[list[dict], int]:
        query = select(self._t)
        if department is not None:
            query = query.where(self._t.c.department == department)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        if status is not None:
            query = query.where(self._t.c.status == status)
        total = (
            await self._s.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = await self._s.execute(
            query.order_by(self._t.c.created_at.desc()).offset(offset).limit(limit)
        )
        return [_read(r) for r in rows], total


def _read(row) -> dict:
    data = dict(row._mapping)
    data["created_at"], data["updated_at"] = aware(data["created_at"]), aware(data["updated_at"])
    return data
