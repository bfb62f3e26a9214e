"""Repositories of titles, their yearly assessments, benefits delivered, and studios."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.personal_data import FieldCipher
from unionfed.model_worker.adapters.tables import ModelWorkerTables
from unionfed.model_worker.domain.title import ModelWorkerTitle, TitleStatus


class Titles:
    def __init__(self, session: AsyncSession, tables: ModelWorkerTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.titles, cipher
        self._a, self._b = tables.assessments, tables.benefits
        self._names: dict[str, str] = {}

    async def add(self, title: ModelWorkerTitle, *, name: str, employer_name: str | None) -> None:
        row = asdict(title) | {
            "status": title.status.value,
            "name_enc": self._c.encrypt(name, context="title.name"),
            "employer_name": employer_name,
        }
        await self._s.execute(insert(self._t).values(**row))

    async def get(self, title_id: str) -> ModelWorkerTitle | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == title_id))).first()
        return None if row is None else self._title(row)

    async def save(self, title: ModelWorkerTitle) -> None:
        row = asdict(title) | {"status": title.status.value}
        await self._s.execute(update(self._t).where(self._t.c.id == title.id).values(**row))

    async def held_by(self, person_key: str) -> list[ModelWorkerTitle]:
        rows = await self._s.execute(select(self._t).where(self._t.c.person_key == person_key))
        return [self._title(r) for r in rows]

    async def due_to_expire(self, today: date) -> list[str]:
        query = select(self._t.c.id).where(
            self._t.c.status.in_([TitleStatus.active, TitleStatus.revocation_proposed]),
            self._t.c.managed_until < today,
        )
        return list((await self._s.execute(query)).scalars())

    async def listing(self, *, stations, filters: dict, search: str | None, offset, limit):
        """Rows for the list and the export: the title, the holder's name, the employer."""
        query = select(self._t)
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        for column, value in filters.items():
            if value is not None:
                query = query.where(self._t.c[column] == value)
        if search:
            like = f"%{search}%"
            query = query.where(
                or_(
                    self._t.c.employer_name.like(like),
                    self._t.c.employer_credit_code.like(like),
                    self._t.c.member_id == search,
                    self._t.c.id == search,
                )
            )
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        rows = await self._s.execute(
            query.order_by(self._t.c.awarded_on.desc(), self._t.c.id).offset(offset).limit(limit)
        )
        return [self.row(r) for r in rows], total

    def row(self, r) -> dict:
        return asdict(self._title(r)) | {
            "name": self._c.decrypt(r.name_enc, context="title.name"),
            "employer_name": r.employer_name,
        }

    async def in_force_during(self, year: int, stations) -> list[dict]:
        query = select(self._t).where(
            self._t.c.status.in_([TitleStatus.active, TitleStatus.revocation_proposed]),
            func.extract("year", self._t.c.awarded_on) <= year,
            func.extract("year", self._t.c.managed_until) >= year,
        )
        if stations is not None:
            query = query.where(self._t.c.station_code.in_(sorted(stations)))
        rows = await self._s.execute(query.order_by(self._t.c.station_code, self._t.c.id))
        return [self.row(r) for r in rows]

    # Yearly assessments (年度考核) with the employer.
    async def assessed_in(self, title_ids: list[str], year: int) -> set[str]:
        query = select(self._a.c.title_id).where(
            self._a.c.title_id.in_(title_ids), self._a.c.year == year
        )
        return set((await self._s.execute(query)).scalars())

    async def assessment_exists(self, title_id: str, year: int) -> bool:
        query = select(self._a.c.year).where(self._a.c.title_id == title_id, self._a.c.year == year)
        return (await self._s.execute(query)).first() is not None

    async def add_assessment(
        self,
        title_id: str,
        year: int,
        *,
        passed: bool,
        reasons: str,
        employer_opinion: str,
        on: date,
        by: str,
    ) -> None:
        await self._s.execute(
            insert(self._a).values(
                title_id=title_id,
                year=year,
                passed=passed,
                reasons_enc=self._c.encrypt(reasons, context="assessment.reasons"),
                employer_opinion_enc=self._c.encrypt(employer_opinion, context="assessment.emp"),
                assessed_on=on,
                recorded_by=by,
            )
        )

    async def assessments(self, title_id: str) -> list[dict]:
        query = select(self._a).where(self._a.c.title_id == title_id).order_by(self._a.c.year)
        return [
            {
                "year": r.year,
                "passed": r.passed,
                "reasons": self._c.decrypt(r.reasons_enc, context="assessment.reasons"),
                "employer_opinion": self._c.decrypt(
                    r.employer_opinion_enc, context="assessment.emp"
                ),
                "assessed_on": r.assessed_on,
            }
            for r in await self._s.execute(query)
        ]

    # Benefits delivered (待遇落实).
    async def delivered(self, title_ids: list[str], year: int | None = None) -> list[dict]:
        query = select(self._b).where(self._b.c.title_id.in_(title_ids))
        if year is not None:
            query = query.where(self._b.c.year == year)
        rows = await self._s.execute(query.order_by(self._b.c.year, self._b.c.id))
        return [
            {k: getattr(r, k) for k in ("title_id", "year", "benefit", "delivered_on", "note")}
            for r in rows
        ]

    async def add_delivery(
        self, title_id: str, year: int, benefit: str, *, on: date, note: str, by: str
    ) -> None:
        await self._s.execute(
            insert(self._b).values(
                title_id=title_id,
                year=year,
                benefit=benefit,
                delivered_on=on,
                note=note,
                recorded_by=by,
            )
        )

    @staticmethod
    def _title(r) -> ModelWorkerTitle:
        return ModelWorkerTitle(
            id=r.id,
            person_key=r.person_key,
            member_id=r.member_id,
            station_code=r.station_code,
            level=r.level,
            employer_credit_code=r.employer_credit_code,
            sector=r.sector,
            awarded_on=r.awarded_on,
            managed_until=r.managed_until,
            campaign_id=r.campaign_id,
            nomination_id=r.nomination_id,
            status=TitleStatus(r.status),
            revocation_reason=r.revocation_reason,
            ended_on=r.ended_on,
            document_number=r.document_number,
            revocation_document_number=r.revocation_document_number,
        )
