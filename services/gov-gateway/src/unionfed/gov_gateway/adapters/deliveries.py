"""The deliveries table: an outbox of state-changing HTTP calls to the government systems.

Rows are written in the transaction of the event that causes them; the delivery job claims due
rows with a lease (so two gateway processes do not send one row at once, and a process that
dies mid-call leaves the row to be sent again after the lease — the receiver's idempotency key
makes that harmless), and records the outcome.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.personal_data import FieldCipher
from unionfed.gov_gateway.adapters.sql import aware, insert_for
from unionfed.gov_gateway.adapters.tables import GatewayTables
from unionfed.gov_gateway.domain.delivery import FAILED, PENDING, SENT

CONTEXT = "delivery.payload"
_SHOWN = ("id", "kind", "subject_id", "station_code", "identity", "status", "attempts",
          "next_attempt_at", "last_error", "created_at", "sent_at", "receipt")  # fmt: skip


class Deliveries:
    def __init__(self, session: AsyncSession, tables: GatewayTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.deliveries, cipher

    async def enqueue(
        self,
        *,
        kind: str,
        subject_id: str,
        station_code: str,
        idempotency_key: str,
        path: str,
        payload: dict,
        identity: str | None,
        now: datetime,
    ) -> bool:
        """``False`` when a delivery with this key is already there (the event came again)."""
        sealed = self._c.encrypt(json.dumps(payload, ensure_ascii=False), context=CONTEXT)
        stmt = insert_for(self._s)(self._t).values(
            kind=kind,
            subject_id=subject_id,
            station_code=station_code,
            idempotency_key=idempotency_key,
            path=path,
            payload_enc=sealed,
            identity=identity,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        result = await self._s.execute(
            stmt.on_conflict_do_nothing(index_elements=["idempotency_key"])
        )
        return result.rowcount == 1

    async def claim_due(self, now: datetime, *, lease_until: datetime, limit: int) -> list[dict]:
        t = self._t
        free = or_(t.c.claimed_until.is_(None), t.c.claimed_until < now)
        due = and_(t.c.status == PENDING, t.c.next_attempt_at <= now, free)
        # Longest waiting first: rows that keep failing move back, the others get their turn.
        order = (t.c.next_attempt_at, t.c.id)
        ids = list(
            (await self._s.execute(select(t.c.id).where(due).order_by(*order).limit(limit)))
            .scalars()
            .all()
        )
        claimed = []
        for delivery_id in ids:  # one by one: another process may take some meanwhile
            result = await self._s.execute(
                update(t).where(t.c.id == delivery_id, due).values(claimed_until=lease_until)
            )
            if result.rowcount == 1:
                claimed.append(delivery_id)
        if not claimed:
            return []
        rows = {r.id: r for r in await self._s.execute(select(t).where(t.c.id.in_(claimed)))}
        return [self._with_payload(rows[i]) for i in claimed]  # in the order claimed

    async def sent(self, delivery_id: int, *, receipt: dict, now: datetime) -> None:
        await self._set(delivery_id, status=SENT, sent_at=now, receipt=receipt, last_error=None)

    async def retry_later(self, delivery_id: int, *, attempts: int, at: datetime, error: str):
        await self._set(delivery_id, attempts=attempts, next_attempt_at=at, last_error=error[:300])

    async def failed(self, delivery_id: int, *, attempts: int, error: str) -> None:
        await self._set(delivery_id, status=FAILED, attempts=attempts, last_error=error[:300])

    async def release(self, delivery_id: int) -> None:
        await self._set(delivery_id)

    async def requeue(self, delivery_id: int, now: datetime) -> bool:
        t = self._t
        result = await self._s.execute(
            update(t)
            .where(t.c.id == delivery_id, t.c.status == FAILED)
            .values(status=PENDING, next_attempt_at=now, claimed_until=None)
        )
        return result.rowcount == 1

    async def get(self, delivery_id: int) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == delivery_id))).first()
        return None if row is None else self._shown(row)

    async def listing(
        self, *, stations: frozenset[str] | None, filters: dict, offset: int, limit: int
    ) -> tuple[list[dict], int]:
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        for name, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[name] == value)
        total = (
            await self._s.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = await self._s.execute(
            query.order_by(self._t.c.id.desc()).offset(offset).limit(limit)
        )
        return [self._shown(r) for r in rows], total

    async def oldest_pending_since(self):
        """When the oldest delivery still waiting to go out was queued (None: none waits)."""
        oldest = select(func.min(self._t.c.created_at)).where(self._t.c.status == PENDING)
        return aware((await self._s.execute(oldest)).scalar_one())

    async def counts(self) -> dict[str, int]:
        rows = await self._s.execute(
            select(self._t.c.status, func.count()).group_by(self._t.c.status)
        )
        return {status: n for status, n in rows}

    async def _set(self, delivery_id: int, **values) -> None:
        await self._s.execute(
            update(self._t).where(self._t.c.id == delivery_id).values(claimed_until=None, **values)
        )

    def _with_payload(self, row) -> dict:
        data = self._shown(row)
        data["idempotency_key"], data["path"] = row.idempotency_key, row.path
        data["payload"] = json.loads(self._c.decrypt(row.payload_enc, context=CONTEXT))
        return data

    @staticmethod
    def _shown(row) -> dict:
        data = {name: row._mapping[name] for name in _SHOWN}
        for name in ("next_attempt_at", "created_at", "sent_at"):
            data[name] = aware(data[name])
        return data
