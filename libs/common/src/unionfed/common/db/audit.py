"""The audit log of personal data read in full: who, when, which record, why.

Every service that shows an ID number, a phone or a worker's details unmasked writes here in
the same transaction as the read's other effects. Station administrators see the entries of
their stations' records; the federation sees all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.auth.principal import Principal
from unionfed.common.db.tables import SEQ_TYPE


def audit_table(metadata: MetaData) -> Table:
    return Table(
        "pii_audit",
        metadata,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("actor", String(100), nullable=False),
        Column("actor_roles", String(200), nullable=False),
        Column("action", String(20), nullable=False),  # reveal | lookup | download
        Column("record_type", String(20), nullable=False),  # member | case | ...
        Column("record_id", String(40), index=True),  # None: looked up, nothing visible found
        Column("station_code", String(32), index=True),
        Column("fields", String(200), nullable=False),
        Column("purpose", String(500), nullable=False),
    )


class AuditLog:
    def __init__(self, session: AsyncSession, table: Table) -> None:
        self._s, self._t = session, table

    async def record(
        self,
        principal: Principal,
        *,
        action: str,
        record_type: str,
        record_id: str | None,
        station_code: str | None,
        fields: list[str],
        purpose: str,
    ) -> None:
        await self._s.execute(
            insert(self._t).values(
                at=datetime.now(UTC),
                actor=principal.subject,
                actor_roles=",".join(sorted(principal.roles)),
                action=action,
                record_type=record_type,
                record_id=record_id,
                station_code=station_code,
                fields=",".join(fields),
                purpose=purpose,
            )
        )

    async def entries(
        self, *, stations: frozenset[str] | None, record_id: str | None, offset: int, limit: int
    ) -> tuple[list[dict], int]:
        """Newest first; limited to ``stations`` unless it is None (the federation)."""
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        if record_id:
            query = query.where(self._t.c.record_id == record_id)
        total = (
            await self._s.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = await self._s.execute(
            query.order_by(self._t.c.id.desc()).offset(offset).limit(limit)
        )
        return [dict(r._mapping) for r in rows], total
