"""Repositories of campaigns and nominations (with department clearances and objections)."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.personal_data import FieldCipher
from unionfed.model_worker.adapters.tables import ModelWorkerTables
from unionfed.model_worker.domain.selection import (
    Campaign,
    CampaignStatus,
    Nominee,
    NomineeStatus,
)

_CAMPAIGN_FIELDS = [f.name for f in fields(Campaign)]


class Campaigns:
    def __init__(self, session: AsyncSession, tables: ModelWorkerTables) -> None:
        self._s, self._t = session, tables.campaigns

    async def add(self, campaign: Campaign, created_at: datetime) -> None:
        await self._s.execute(insert(self._t).values(**asdict(campaign), created_at=created_at))

    async def get(self, campaign_id: str, *, for_update: bool = False) -> Campaign | None:
        query = select(self._t).where(self._t.c.id == campaign_id)
        row = (await self._s.execute(query.with_for_update() if for_update else query)).first()
        return None if row is None else self._campaign(row)

    async def save(self, campaign: Campaign) -> None:
        await self._s.execute(
            update(self._t).where(self._t.c.id == campaign.id).values(**asdict(campaign))
        )

    async def listing(self, *, year: int | None, offset: int, limit: int):
        query = select(self._t)
        if year is not None:
            query = query.where(self._t.c.year == year)
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        rows = await self._s.execute(
            query.order_by(self._t.c.created_at.desc()).offset(offset).limit(limit)
        )
        return [self._campaign(r) for r in rows], total

    @staticmethod
    def _campaign(row) -> Campaign:
        values = {name: getattr(row, name) for name in _CAMPAIGN_FIELDS}
        values["status"] = CampaignStatus(values["status"])
        return Campaign(**values)


class Nominations:
    """Nominees; the name is encrypted at rest, clearances and objections kept beside."""

    def __init__(self, session: AsyncSession, tables: ModelWorkerTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.nominations, cipher
        self._clear, self._obj = tables.clearances, tables.objections
        self._stored: dict[str, set[str]] = {}  # id -> departments already stored

    async def add(self, nominee: Nominee, nominated_at: datetime) -> None:
        await self._s.execute(
            insert(self._t).values(**self._row(nominee), nominated_at=nominated_at)
        )
        self._stored[nominee.id] = set()

    async def exists(self, campaign_id: str, person_key: str) -> bool:
        query = select(self._t.c.id).where(
            self._t.c.campaign_id == campaign_id, self._t.c.person_key == person_key
        )
        return (await self._s.execute(query)).first() is not None

    async def get(self, nomination_id: str) -> Nominee | None:
        rows = await self._load(self._t.c.id == nomination_id)
        return rows[0] if rows else None

    async def of_campaign(self, campaign_id: str, statuses=None) -> list[Nominee]:
        where = [self._t.c.campaign_id == campaign_id]
        if statuses is not None:
            where.append(self._t.c.status.in_([s.value for s in statuses]))
        return await self._load(*where)

    async def save(self, nominee: Nominee) -> None:
        row = self._row(nominee)
        await self._s.execute(update(self._t).where(self._t.c.id == nominee.id).values(**row))
        stored = self._stored.setdefault(nominee.id, set())
        for department, d in nominee.clearances.items():
            if department in stored:
                continue
            await self._s.execute(
                insert(self._clear).values(
                    nomination_id=nominee.id,
                    department=department,
                    veto=d["veto"],
                    reason_enc=self._c.encrypt(d["reason"], context="clearance.reason"),
                    decided_on=d["on"],
                    recorded_by=d["by"],
                )
            )
            stored.add(department)

    async def listing(self, *, stations, filters: dict, search: str | None, offset, limit):
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
                    self._t.c.achievements.like(like),
                    self._t.c.id == search,
                )
            )
        total = (await self._s.execute(select(func.count()).select_from(query.subquery()))).scalar()
        ids = (
            await self._s.execute(
                query.with_only_columns(self._t.c.id)
                .order_by(self._t.c.nominated_at, self._t.c.id)
                .offset(offset)
                .limit(limit)
            )
        ).scalars()
        ids = list(ids)
        found = {n.id: n for n in await self._load(self._t.c.id.in_(ids))} if ids else {}
        return [found[i] for i in ids], total

    # Objections (异议) raised during publicity.
    async def add_objection(self, objection_id: str, nominee: Nominee, summary: str, on: date):
        await self._s.execute(
            insert(self._obj).values(
                id=objection_id,
                nomination_id=nominee.id,
                campaign_id=nominee.campaign_id,
                summary_enc=self._c.encrypt(summary, context="objection.summary"),
                received_on=on,
            )
        )

    async def objection(self, objection_id: str) -> dict | None:
        row = (
            await self._s.execute(select(self._obj).where(self._obj.c.id == objection_id))
        ).first()
        return None if row is None else self._objection(row)

    async def decide_objection(self, objection_id: str, decision: str, finding: str, on: date):
        await self._s.execute(
            update(self._obj)
            .where(self._obj.c.id == objection_id)
            .values(
                decision=decision,
                finding_enc=self._c.encrypt(finding, context="objection.finding"),
                decided_on=on,
            )
        )

    async def objections(self, nomination_ids: list[str]) -> list[dict]:
        query = select(self._obj).where(self._obj.c.nomination_id.in_(nomination_ids))
        rows = await self._s.execute(query.order_by(self._obj.c.received_on, self._obj.c.id))
        return [self._objection(r) for r in rows]

    async def undecided_objections(self, campaign_id: str) -> int:
        query = select(func.count()).where(
            self._obj.c.campaign_id == campaign_id, self._obj.c.decision.is_(None)
        )
        return (await self._s.execute(query)).scalar()

    def _objection(self, row) -> dict:
        return {
            "id": row.id,
            "nomination_id": row.nomination_id,
            "summary": self._c.decrypt(row.summary_enc, context="objection.summary"),
            "received_on": row.received_on,
            "decision": row.decision,
            "finding": row.finding_enc
            and self._c.decrypt(row.finding_enc, context="objection.finding"),
            "decided_on": row.decided_on,
        }

    async def _load(self, *where) -> list[Nominee]:
        query = select(self._t).where(*where).order_by(self._t.c.nominated_at, self._t.c.id)
        rows = (await self._s.execute(query)).all()
        ids = [r.id for r in rows]
        decisions: dict[str, dict] = {i: {} for i in ids}
        if ids:
            query = select(self._clear).where(self._clear.c.nomination_id.in_(ids))
            for c in await self._s.execute(query):
                decisions[c.nomination_id][c.department] = {
                    "veto": c.veto,
                    "reason": self._c.decrypt(c.reason_enc, context="clearance.reason"),
                    "on": c.decided_on,
                    "by": c.recorded_by,
                }
        result = []
        for r in rows:
            self._stored[r.id] = set(decisions[r.id])
            result.append(
                Nominee(
                    id=r.id,
                    campaign_id=r.campaign_id,
                    station_code=r.station_code,
                    person_key=r.person_key,
                    member_id=r.member_id,
                    name=self._c.decrypt(r.name_enc, context="nominee.name"),
                    employer_credit_code=r.employer_credit_code,
                    employer_name=r.employer_name,
                    sector=r.sector,
                    front_line=r.front_line,
                    achievements=r.achievements,
                    congress_endorsed_on=r.congress_endorsed_on,
                    nominated_by_union_id=r.nominated_by_union_id,
                    status=NomineeStatus(r.status),
                    clearances=decisions[r.id],
                    votes_for=r.votes_for,
                    votes_cast=r.votes_cast,
                )
            )
        return result

    def _row(self, n: Nominee) -> dict:
        row = asdict(n)
        del row["clearances"], row["name"]
        row["status"] = n.status.value
        row["name_enc"] = self._c.encrypt(n.name, context="nominee.name")
        return row
