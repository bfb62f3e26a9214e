"""Repositories of grants, their objections (异议), consents and government checks."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.aid.adapters.tables import AidTables
from unionfed.aid.domain.grant import Grant, GrantStatus
from unionfed.common.personal_data import FieldCipher

_FIELDS = [f.name for f in fields(Grant)]


class Grants:
    def __init__(self, session: AsyncSession, tables: AidTables, cipher: FieldCipher) -> None:
        self._s, self._t, self._c = session, tables.grants, cipher

    async def add(
        self,
        g: Grant,
        *,
        name: str,
        reason: str,
        documents: list[str],
        children: list[str],
        history: list[dict],
    ) -> None:
        await self._s.execute(
            insert(self._t).values(
                **self._row(g),
                name_enc=self._c.encrypt(name, context="grant.name"),
                reason_enc=self._c.encrypt(reason, context="grant.reason"),
                documents=documents,
                children=children,
                history=_json(history),
            )
        )

    async def get(self, grant_id: str, stations=None) -> Grant | None:
        query = select(self._t).where(self._t.c.id == grant_id)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        row = (await self._s.execute(query)).first()
        return None if row is None else self._grant(row)

    async def move(self, g: Grant, before: GrantStatus, entry: dict) -> bool:
        """Save ``g`` if it is still ``before`` (two concurrent approvals: one wins)."""
        row = (await self._s.execute(select(self._t.c.history).where(self._t.c.id == g.id))).one()
        result = await self._s.execute(
            update(self._t)
            .where(self._t.c.id == g.id, self._t.c.status == before.value)
            .values(**self._row(g), history=[*row.history, _json(entry)])
        )
        return result.rowcount == 1

    async def detail(self, grant_id: str) -> dict:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == grant_id))).one()
        return {
            "name": self._c.decrypt(row.name_enc, context="grant.name"),
            "reason": self._c.decrypt(row.reason_enc, context="grant.reason"),
            "documents": row.documents,
            "children": row.children,
            "history": row.history,
        }

    async def listing(self, *, stations, filters: dict, offset: int, limit: int):
        query = self._scoped(select(self._t), stations, filters)
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        rows = await self._s.execute(
            query.order_by(self._t.c.applied_on.desc(), self._t.c.id).offset(offset).limit(limit)
        )
        return [self._grant(r) for r in rows], total

    async def publicised(self, program_id: str, stations) -> list[tuple[Grant, str]]:
        """The public list: grants publicised (or already paid after their notice)."""
        query = self._scoped(select(self._t), stations, {"program_id": program_id}).where(
            self._t.c.publicity_from.is_not(None),
            self._t.c.status.in_([GrantStatus.publicised, GrantStatus.disbursed]),
        )
        rows = await self._s.execute(query.order_by(self._t.c.station_code, self._t.c.id))
        return [(self._grant(r), self._c.decrypt(r.name_enc, context="grant.name")) for r in rows]

    async def disbursed_between(self, start: date, end: date, stations) -> list[Grant]:
        query = self._scoped(select(self._t), stations, {"status": GrantStatus.disbursed}).where(
            self._t.c.disbursed_on >= start, self._t.c.disbursed_on < end
        )
        return [self._grant(r) for r in await self._s.execute(query)]

    def _scoped(self, query, stations, filters: dict):
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        for column, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[column] == value)
        return query

    @staticmethod
    def _row(g: Grant) -> dict:
        row = {name: getattr(g, name) for name in _FIELDS}
        row["status"] = g.status.value
        return row

    @staticmethod
    def _grant(r) -> Grant:
        g = Grant(**{name: getattr(r, name) for name in _FIELDS})
        g.status = GrantStatus(r.status)
        return g


class Objections:
    def __init__(self, session: AsyncSession, tables: AidTables, cipher: FieldCipher) -> None:
        self._s, self._t, self._c = session, tables.objections, cipher

    async def add(
        self, objection_id: str, grant_id: str, *, summary: str, raised_on: date, by: str
    ) -> None:
        await self._s.execute(
            insert(self._t).values(
                id=objection_id,
                grant_id=grant_id,
                raised_on=raised_on,
                recorded_by=by,
                summary_enc=self._c.encrypt(summary, context="objection.summary"),
            )
        )

    async def get(self, objection_id: str) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == objection_id))).first()
        return None if row is None else dict(row._mapping)

    async def decide(self, objection_id: str, *, upheld: bool, note: str, by: str, at) -> bool:
        result = await self._s.execute(
            update(self._t)
            .where(self._t.c.id == objection_id, self._t.c.upheld.is_(None))
            .values(
                upheld=upheld,
                decided_by=by,
                decided_at=at,
                decision_enc=self._c.encrypt(note, context="objection.decision"),
            )
        )
        return result.rowcount == 1

    async def of_grant(self, grant_id: str) -> list[dict]:
        query = select(self._t).where(self._t.c.grant_id == grant_id).order_by(self._t.c.raised_on)
        return [
            {
                "id": r.id,
                "raised_on": r.raised_on,
                "recorded_by": r.recorded_by,
                "summary": self._c.decrypt(r.summary_enc, context="objection.summary"),
                "upheld": r.upheld,
                "decided_by": r.decided_by,
                "decided_at": r.decided_at,
            }
            for r in await self._s.execute(query)
        ]

    async def undecided(self, grant_id: str) -> int:
        query = select(func.count()).where(
            self._t.c.grant_id == grant_id, self._t.c.upheld.is_(None)
        )
        return (await self._s.execute(query)).scalar_one()


class Consents:
    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t = session, tables.consents

    async def add(self, **values) -> None:
        await self._s.execute(insert(self._t).values(**values))

    async def of_grant(self, grant_id: str) -> list[dict]:
        query = select(self._t).where(self._t.c.grant_id == grant_id)
        return [dict(r._mapping) for r in await self._s.execute(query.order_by(self._t.c.given_at))]


class GovernmentAnswers:
    """What the government systems answered, with the time; encrypted (assistance status)."""

    def __init__(self, session: AsyncSession, tables: AidTables, cipher: FieldCipher) -> None:
        self._s, self._t, self._c = session, tables.checks, cipher

    async def add(self, *, answer: dict, **values) -> None:
        sealed = self._c.encrypt(json.dumps(answer, default=str), context="check.answer")
        await self._s.execute(insert(self._t).values(answer_enc=sealed, **values))

    async def of_grant(self, grant_id: str) -> list[dict]:
        query = select(self._t).where(self._t.c.grant_id == grant_id).order_by(self._t.c.asked_at)
        return [
            {
                "id": r.id,
                "kind": r.kind,
                "query_id": r.query_id,
                "asked_at": r.asked_at,
                "answered_at": r.answered_at,
                "asked_by": r.asked_by,
                "answer": json.loads(self._c.decrypt(r.answer_enc, context="check.answer")),
            }
            for r in await self._s.execute(query)
        ]


def _json(value):
    return json.loads(json.dumps(value, default=str))
