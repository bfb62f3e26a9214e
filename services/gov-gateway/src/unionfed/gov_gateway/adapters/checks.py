"""Checks asked of the government (查询), the consents behind them and the ID numbers received
with consent (for the civil-affairs report of aid paid to the same person)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.identifiers import mask_resident_id
from unionfed.common.personal_data import FieldCipher
from unionfed.gov_gateway.adapters.sql import aware, insert_for
from unionfed.gov_gateway.adapters.tables import GatewayTables
from unionfed.gov_gateway.domain.consent import Consent

ID_CONTEXT = "check.id_number"
ANSWER_CONTEXT = "check.answer"


class Checks:
    def __init__(self, session: AsyncSession, tables: GatewayTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.checks, cipher

    async def by_idempotency_key(self, key: str) -> dict | None:
        row = (
            await self._s.execute(select(self._t).where(self._t.c.idempotency_key == key))
        ).first()
        return None if row is None else self._read(row)

    async def get(self, query_id: str) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == query_id))).first()
        return None if row is None else self._read(row)

    async def add(self, *, id_number: str, **values) -> None:
        enc = self._c.encrypt(id_number, context=ID_CONTEXT)
        await self._s.execute(self._t.insert().values(id_number_enc=enc, outcome="asked", **values))

    async def restart(self, query_id: str, *, asked_by: str, asked_at: datetime) -> None:
        values = {"outcome": "asked", "asked_by": asked_by, "asked_at": asked_at}
        await self._s.execute(update(self._t).where(self._t.c.id == query_id).values(**values))

    async def finish(
        self, query_id: str, *, outcome: str, answer: dict | None, answered_at: datetime
    ) -> None:
        sealed = (
            None if answer is None else self._c.encrypt(json.dumps(answer), context=ANSWER_CONTEXT)
        )
        await self._s.execute(
            update(self._t)
            .where(self._t.c.id == query_id)
            .values(outcome=outcome, answer_enc=sealed, answered_at=answered_at)
        )

    async def listing(
        self, *, stations: frozenset[str] | None, filters: dict, since, until, offset, limit
    ) -> tuple[list[dict], int]:
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        for name, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[name] == value)
        if since is not None:
            query = query.where(self._t.c.asked_at >= since)
        if until is not None:
            query = query.where(self._t.c.asked_at < until)
        total = (
            await self._s.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = await self._s.execute(
            query.order_by(self._t.c.asked_at.desc(), self._t.c.id).offset(offset).limit(limit)
        )
        return [self._read(r) for r in rows], total

    def _read(self, row) -> dict:
        data = dict(row._mapping)
        number = self._c.decrypt(data.pop("id_number_enc"), context=ID_CONTEXT)
        sealed = data.pop("answer_enc")
        data["id_number_masked"] = mask_resident_id(number)
        data["answer"] = (
            None if sealed is None else json.loads(self._c.decrypt(sealed, context=ANSWER_CONTEXT))
        )
        data["asked_at"], data["answered_at"] = aware(data["asked_at"]), aware(data["answered_at"])
        return data


class Consents:
    def __init__(self, session: AsyncSession, tables: GatewayTables):
        self._s, self._t = session, tables.consents

    async def store(self, consent: Consent, *, person_key: str, case: dict, at: datetime) -> None:
        """Kept as first recorded: a consent id names one consent, used by several checks."""
        stmt = insert_for(self._s)(self._t).values(
            consent_id=consent.consent_id,
            person_key=person_key,
            given_by=consent.given_by,
            given_at=consent.given_at,
            purpose=consent.purpose,
            valid_until=consent.valid_until,
            scopes=list(consent.scopes),
            recorded_by=consent.recorded_by,
            case_service=case["service"],
            case_reference=case["reference"],
            station_code=case["station_code"],
            stored_at=at,
        )
        await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["consent_id"]))

    async def get(self, consent_id: str) -> dict | None:
        query = select(self._t).where(self._t.c.consent_id == consent_id)
        row = (await self._s.execute(query)).first()
        return None if row is None else dict(row._mapping)


class Identities:
    """person_key → the ID number, encrypted; only what a consented check brought in."""

    def __init__(self, session: AsyncSession, tables: GatewayTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.identities, cipher

    async def remember(self, person_key: str, id_number: str, consent_id: str, at: datetime):
        enc = self._c.encrypt(id_number, context="identity.id_number")
        stmt = insert_for(self._s)(self._t).values(
            person_key=person_key, id_number_enc=enc, consent_id=consent_id, updated_at=at
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["person_key"],
                set_={"id_number_enc": enc, "consent_id": consent_id, "updated_at": at},
            )
        )

    async def id_number_of(self, person_key: str) -> str | None:
        query = select(self._t.c.id_number_enc).where(self._t.c.person_key == person_key)
        sealed = (await self._s.execute(query)).scalar_one_or_none()
        return None if sealed is None else self._c.decrypt(sealed, context="identity.id_number")
