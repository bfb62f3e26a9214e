"""Repository of hardship files (困难职工档案) and their review steps."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.aid.adapters.tables import AidTables
from unionfed.aid.domain.hardship import FileStatus, HardshipFile
from unionfed.common.personal_data import FieldCipher

PRIVATE = ("income", "cause_details", "evidence")


class HardshipFiles:
    def __init__(self, session: AsyncSession, tables: AidTables, cipher: FieldCipher) -> None:
        self._s, self._t, self._steps, self._c = session, tables.files, tables.file_steps, cipher

    def _private(self, *, income: Decimal, cause_details: str, evidence: str) -> dict:
        return {
            "income_enc": self._c.encrypt(str(income), context="file.income"),
            "cause_details_enc": self._c.encrypt(cause_details, context="file.cause_details"),
            "evidence_enc": self._c.encrypt(evidence, context="file.evidence"),
        }

    async def add(self, f: HardshipFile, *, income: Decimal, cause_details: str, evidence: str):
        await self._s.execute(
            insert(self._t).values(
                **self._row(f),
                **self._private(income=income, cause_details=cause_details, evidence=evidence),
            )
        )

    async def save(self, f: HardshipFile, **private) -> None:
        values = self._row(f) | (self._private(**private) if private else {})
        await self._s.execute(update(self._t).where(self._t.c.id == f.id).values(**values))

    async def get(self, file_id: str, stations=None, *, for_update: bool = False):
        query = select(self._t).where(self._t.c.id == file_id)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        if for_update:
            query = query.with_for_update()
        row = (await self._s.execute(query)).first()
        return None if row is None else self._file(row)

    async def open_of_member(self, member_id: str) -> HardshipFile | None:
        query = select(self._t).where(
            self._t.c.member_id == member_id,
            self._t.c.status.not_in([FileStatus.closed, FileStatus.rejected]),
        )
        row = (await self._s.execute(query)).first()
        return None if row is None else self._file(row)

    async def private(self, file_id: str) -> dict:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == file_id))).one()
        return {
            "monthly_household_income": Decimal(
                self._c.decrypt(row.income_enc, context="file.income")
            ),
            "cause_details": self._c.decrypt(row.cause_details_enc, context="file.cause_details"),
            "evidence": self._c.decrypt(row.evidence_enc, context="file.evidence"),
        }

    async def add_step(
        self, file_id: str, step: str, status: str, *, by: str, at: datetime, note: str
    ) -> None:
        await self._s.execute(
            insert(self._steps).values(
                file_id=file_id,
                step=step,
                status=status,
                by=by,
                at=at,
                note_enc=self._c.encrypt(note, context="file.step_note"),
            )
        )

    async def steps(self, file_id: str) -> list[dict]:
        query = select(self._steps).where(self._steps.c.file_id == file_id)
        return [
            {
                "step": r.step,
                "status": r.status,
                "by": r.by,
                "at": r.at,
                "note": self._c.decrypt(r.note_enc, context="file.step_note"),
            }
            for r in await self._s.execute(query.order_by(self._steps.c.id))
        ]

    async def listing(self, *, stations, filters: dict, offset: int, limit: int):
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        for column, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[column] == value)
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        rows = await self._s.execute(
            query.order_by(self._t.c.opened_on.desc(), self._t.c.id).offset(offset).limit(limit)
        )
        return [self._file(r) for r in rows], total

    async def past_reverification(self, today: date) -> list[HardshipFile]:
        query = select(self._t).where(
            self._t.c.status == FileStatus.on_file,
            self._t.c.reverify_by < today,
            self._t.c.overdue.is_(False),
        )
        return [self._file(r) for r in await self._s.execute(query)]

    @staticmethod
    def _row(f: HardshipFile) -> dict:
        return {
            "id": f.id,
            "station_code": f.station_code,
            "member_id": f.member_id,
            "person_key": f.person_key,
            "union_id": f.union_id,
            "level": f.level,
            "causes": json.loads(json.dumps(list(f.causes))),
            "household_size": f.household_size,
            "status": f.status.value,
            "opened_on": f.opened_on,
            "approved_on": f.approved_on,
            "reverify_by": f.reverify_by,
            "overdue": f.overdue,
            "closed_on": f.closed_on,
            "close_reason": f.close_reason,
        }

    @staticmethod
    def _file(r) -> HardshipFile:
        return HardshipFile(
            id=r.id,
            station_code=r.station_code,
            member_id=r.member_id,
            person_key=r.person_key,
            union_id=r.union_id,
            level=r.level,
            causes=list(r.causes),
            household_size=r.household_size,
            status=FileStatus(r.status),
            opened_on=r.opened_on,
            approved_on=r.approved_on,
            reverify_by=r.reverify_by,
            overdue=r.overdue,
            closed_on=r.closed_on,
            close_reason=r.close_reason,
        )
