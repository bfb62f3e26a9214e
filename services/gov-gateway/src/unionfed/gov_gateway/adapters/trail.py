"""The audit trail of every exchange with the government (查询留痕), and the nonces of signed
requests already seen (a replay is refused)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.gov_gateway.adapters.sql import aware, insert_for
from unionfed.gov_gateway.adapters.tables import GatewayTables


class AuditTrail:
    def __init__(self, session: AsyncSession, tables: GatewayTables):
        self._s, self._t = session, tables.audit

    async def record(
        self,
        *,
        actor: str,
        actor_kind: str,
        actor_roles: str,
        action: str,
        record_type: str,
        record_id: str | None,
        outcome: str,
        at: datetime,
        station_code: str | None = None,
        case_reference: str | None = None,
        purpose: str = "",
        summary: dict | None = None,
    ) -> None:
        await self._s.execute(
            insert(self._t).values(
                at=at,
                actor=actor,
                actor_kind=actor_kind,
                actor_roles=actor_roles,
                action=action,
                station_code=station_code,
                record_type=record_type,
                record_id=record_id,
                case_reference=case_reference,
                purpose=purpose,
                outcome=outcome,
                summary=summary or {},
            )
        )

    async def entries(
        self, *, stations: frozenset[str] | None, filters: dict, since, until, offset, limit
    ) -> tuple[list[dict], int]:
        """Newest first; limited to ``stations`` unless None (then partner calls show too)."""
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        for name, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[name] == value)
        if since is not None:
            query = query.where(self._t.c.at >= since)
        if until is not None:
            query = query.where(self._t.c.at < until)
        total = (
            await self._s.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = await self._s.execute(
            query.order_by(self._t.c.id.desc()).offset(offset).limit(limit)
        )
        return [dict(r._mapping) | {"at": aware(r.at)} for r in rows], total


class SeenNonces:
    def __init__(self, session: AsyncSession, tables: GatewayTables):
        self._s, self._t = session, tables.nonces

    async def claim(self, key_id: str, nonce: str, expires_at: float) -> bool:
        """``True`` the first time; ``False`` for a nonce this key used before (a replay)."""
        until = datetime.fromtimestamp(expires_at, UTC)
        stmt = insert_for(self._s)(self._t).values(key_id=key_id, nonce=nonce, expires_at=until)
        result = await self._s.execute(stmt.on_conflict_do_nothing())
        return result.rowcount == 1

    async def purge(self, now: datetime) -> int:
        result = await self._s.execute(delete(self._t).where(self._t.c.expires_at < now))
        return result.rowcount
