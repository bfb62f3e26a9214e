"""The repository of grievance cases: rows to aggregates and back, sensitive text encrypted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.errors import Conflict
from unionfed.common.personal_data import FieldCipher
from unionfed.grievance.adapters.tables import GrievanceTables
from unionfed.grievance.domain.case import (
    Category,
    Channel,
    Outcome,
    ReferralTarget,
    Status,
    Step,
)
from unionfed.grievance.domain.grievance import Employer, Grievance, Worker


class CaseChanged(Conflict):
    def __init__(self, case_id: str) -> None:
        super().__init__(
            "version",
            "unchanged_since_read",
            "the case was changed by someone else meanwhile; reload and try again",
            case_id=case_id,
        )


class Cases:
    def __init__(self, session: AsyncSession, tables: GrievanceTables, cipher: FieldCipher):
        self._s, self._t, self._steps, self._c = session, tables.cases, tables.steps, cipher
        self._loaded: dict[str, tuple[int, int]] = {}  # id -> (version, steps stored)

    async def get(self, case_id: str) -> Grievance | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == case_id))).first()
        if row is None:
            return None
        steps = (
            await self._s.execute(
                select(self._steps)
                .where(self._steps.c.case_id == case_id)
                .order_by(self._steps.c.id)
            )
        ).all()
        self._loaded[case_id] = (row.version, len(steps))
        return self._case(row, steps)

    async def add(self, case: Grievance) -> None:
        await self._s.execute(insert(self._t).values(**self._row(case), version=1))
        self._loaded[case.id] = (1, 0)
        await self._append_steps(case)

    async def save(self, case: Grievance) -> None:
        version, _ = self._loaded[case.id]
        row = self._row(case)
        del row["id"]
        result = await self._s.execute(
            update(self._t)
            .where(self._t.c.id == case.id, self._t.c.version == version)
            .values(**row, version=version + 1)
        )
        if result.rowcount != 1:
            raise CaseChanged(case.id)
        self._loaded[case.id] = (version + 1, self._loaded[case.id][1])
        await self._append_steps(case)

    async def listing(
        self, *, stations: frozenset[str] | None, filters: dict, offset: int, limit: int
    ) -> tuple[list[Grievance], int]:
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
            query.order_by(self._t.c.filed_at.desc()).offset(offset).limit(limit)
        )
        return [self._case(r, []) for r in rows], total

    async def open_ids(self, statuses: list[Status]) -> list[str]:
        query = select(self._t.c.id).where(self._t.c.status.in_([s.value for s in statuses]))
        return list((await self._s.execute(query)).scalars())

    async def _append_steps(self, case: Grievance) -> None:
        version, stored = self._loaded[case.id]
        new = case.timeline[stored:]
        if new:
            await self._s.execute(
                insert(self._steps),
                [
                    {
                        "case_id": case.id,
                        "action": s.action,
                        "status": s.status.value,
                        "at": s.at,
                        "by": s.by,
                        "note_enc": self._c.encrypt(s.note, context="case.note"),
                        "details": s.details,
                    }
                    for s in new
                ],
            )
        self._loaded[case.id] = (version, len(case.timeline))

    def _row(self, c: Grievance) -> dict:
        enc = self._c.encrypt
        return {
            "id": c.id,
            "station_code": c.station_code,
            "channel": c.channel.value,
            "category": c.category.value,
            "description_enc": enc(c.description, context="case.description"),
            "workers_affected": c.workers_affected,
            "amount_claimed": c.amount_claimed,
            "employer_key": c.employer.key,
            "employer_credit_code": c.employer.credit_code,
            "employer_name": c.employer.name,
            "worker_name_enc": enc(c.worker.name, context="case.worker_name"),
            "worker_phone_enc": enc(c.worker.phone, context="case.worker_phone"),
            "member_id": c.worker.member_id,
            "filed_at": c.filed_at,
            "status": c.status.value,
            "handler": c.handler,
            "referral": c.referral.value if c.referral else None,
            "outcome": c.outcome.value if c.outcome else None,
            "amount_recovered": c.amount_recovered,
            "satisfaction": c.satisfaction,
            "escalated": c.escalated,
            "deadlines": {k: v.isoformat() for k, v in c.deadlines.items()},
            "overdue": sorted(c.overdue),
        }

    def _case(self, r, steps) -> Grievance:
        dec = self._c.decrypt
        return Grievance(
            id=r.id,
            station_code=r.station_code,
            channel=Channel(r.channel),
            category=Category(r.category),
            description=dec(r.description_enc, context="case.description"),
            workers_affected=r.workers_affected,
            amount_claimed=Decimal(r.amount_claimed) if r.amount_claimed is not None else None,
            employer=Employer(r.employer_credit_code, r.employer_name),
            worker=Worker(
                dec(r.worker_name_enc, context="case.worker_name"),
                dec(r.worker_phone_enc, context="case.worker_phone"),
                r.member_id,
            ),
            filed_at=r.filed_at,
            status=Status(r.status),
            handler=r.handler,
            referral=ReferralTarget(r.referral) if r.referral else None,
            outcome=Outcome(r.outcome) if r.outcome else None,
            amount_recovered=Decimal(r.amount_recovered)
            if r.amount_recovered is not None
            else None,
            satisfaction=r.satisfaction,
            escalated=r.escalated,
            deadlines={k: date.fromisoformat(v) for k, v in r.deadlines.items()},
            overdue=set(r.overdue),
            timeline=[
                Step(
                    s.action,
                    Status(s.status),
                    s.at,
                    s.by,
                    dec(s.note_enc, context="case.note"),
                    s.details,
                )
                for s in steps
            ],
        )
