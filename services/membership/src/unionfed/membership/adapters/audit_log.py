"""The audit log of unmasked reads of personal data: who, when, which member, why."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.auth import Principal
from unionfed.membership.adapters.repositories import count
from unionfed.membership.adapters.tables import MembershipTables


class AuditLog:
    def __init__(self, session: AsyncSession, tables: MembershipTables) -> None:
        self._s, self._t, self._members = session, tables.pii_audit, tables.members

    async def record(
        self,
        principal: Principal,
        *,
        action: str,
        member_id: str | None,
        fields: list[str],
        purpose: str,
    ) -> None:
        await self._s.execute(
            insert(self._t).values(
                at=datetime.now(UTC),
                actor=principal.subject,
                actor_roles=",".join(sorted(principal.roles)),
                action=action,
                member_id=member_id,
                fields=",".join(fields),
                purpose=purpose,
            )
        )

    async def entries(
        self, *, stations: frozenset[str] | None, member_id: str | None, offset: int, limit: int
    ):
        """Newest first; for a station administrator, only reads of their stations' members."""
        query = select(self._t)
        if stations is not None:
            mine = select(self._members.c.id).where(
                self._members.c.station_code.in_(sorted(stations))
            )
            query = query.where(self._t.c.member_id.in_(mine))
        if member_id:
            query = query.where(self._t.c.member_id == member_id)
        total = await count(self._s, query)
        query = query.order_by(self._t.c.id.desc()).offset(offset).limit(limit)
        rows = await self._s.execute(query)
        return list(rows), total
