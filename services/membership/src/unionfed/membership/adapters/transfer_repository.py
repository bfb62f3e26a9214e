"""Transfers, both those this deployment started and those addressed to its stations."""

from __future__ import annotations

import json

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.membership.adapters.repositories import count
from unionfed.membership.adapters.tables import MembershipTables
from unionfed.membership.domain.transfer import DeclineReason, Transfer, TransferStatus


class Transfers:
    def __init__(self, session: AsyncSession, tables: MembershipTables) -> None:
        self._s, self._t = session, tables.transfers

    async def get(self, transfer_id: str) -> tuple[Transfer, dict] | None:
        """The transfer and the member's non-identifying facts it carries."""
        row = (await self._s.execute(select(self._t).where(self._t.c.id == transfer_id))).first()
        return None if row is None else (_transfer(row), json.loads(row.facts))

    async def open_for_member(self, member_id: str) -> bool:
        query = select(self._t.c.id).where(
            self._t.c.from_member_id == member_id,
            self._t.c.status == TransferStatus.requested.value,
        )
        return (await self._s.execute(query)).first() is not None

    async def add(self, transfer: Transfer, facts: dict) -> None:
        await self._s.execute(
            insert(self._t).values(**_row(transfer), facts=json.dumps(facts, default=str))
        )

    async def save(self, transfer: Transfer) -> None:
        row = _row(transfer)
        del row["id"]
        await self._s.execute(update(self._t).where(self._t.c.id == transfer.id).values(**row))

    async def listing(
        self, *, stations: frozenset[str] | None, status: str | None, offset: int, limit: int
    ) -> tuple[list[Transfer], int]:
        query = select(self._t)
        if stations is not None:
            codes = sorted(stations)
            query = query.where(
                or_(self._t.c.from_station_code.in_(codes), self._t.c.to_station_code.in_(codes))
            )
        if status:
            query = query.where(self._t.c.status == status)
        total = await count(self._s, query)
        rows = await self._s.execute(
            query.order_by(self._t.c.requested_on, self._t.c.id).offset(offset).limit(limit)
        )
        return [_transfer(r) for r in rows], total


def _transfer(row) -> Transfer:
    return Transfer(
        id=row.id,
        person_key=row.person_key,
        from_member_id=row.from_member_id,
        from_station_code=row.from_station_code,
        from_union_id=row.from_union_id,
        to_station_code=row.to_station_code,
        to_union_id=row.to_union_id,
        joined_on=row.joined_on,
        requested_on=row.requested_on,
        status=TransferStatus(row.status),
        decided_on=row.decided_on,
        decline_reason=DeclineReason(row.decline_reason) if row.decline_reason else None,
        to_member_id=row.to_member_id,
    )


def _row(t: Transfer) -> dict:
    return {
        "id": t.id,
        "person_key": t.person_key,
        "from_member_id": t.from_member_id,
        "from_station_code": t.from_station_code,
        "from_union_id": t.from_union_id,
        "to_station_code": t.to_station_code,
        "to_union_id": t.to_union_id,
        "joined_on": t.joined_on,
        "requested_on": t.requested_on,
        "status": t.status.value,
        "decided_on": t.decided_on,
        "decline_reason": t.decline_reason.value if t.decline_reason else None,
        "to_member_id": t.to_member_id,
    }
