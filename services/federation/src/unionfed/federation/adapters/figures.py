"""Counting the read models: SQL group-bys over the aggregate rows, limited to a scope (the
county, some stations, or one union's members and its employer's cases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Table, and_, case, distinct, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.federation.domain.figures import (
    COMMITTED_GRANT_STATUSES,
    MEDIATION_PENDING_STATUSES,
    OPEN_CASE_STATUSES,
)
from unionfed.federation.projection import tables as n


@dataclass(frozen=True)
class Scope:
    """What a report covers: ``stations`` None is the whole county."""

    stations: frozenset[str] | None = None
    union_id: str | None = None
    employer_credit_code: str | None = None

    def where(self, table: Table, *, members: bool = False, cases: bool = False):
        conditions = []
        if self.stations is not None:
            conditions.append(table.c.station_code.in_(sorted(self.stations)))
        if self.union_id is not None and members:
            conditions.append(table.c.union_id == self.union_id)
        if self.union_id is not None and cases:
            code = self.employer_credit_code
            # The employer key is the credit code whenever grievance knew it.
            by_code = or_(table.c.employer_credit_code == code, table.c.employer_key == code)
            conditions.append(by_code if code else false())
        return and_(*conditions) if conditions else true()


PAGE_LIST_LIMIT = 200
"""Case lists (overdue, collective) on a page show this many; an export shows them all."""


class Figures:
    def __init__(
        self,
        session: AsyncSession,
        tables: dict[str, Table],
        today: date,
        list_limit: int | None = PAGE_LIST_LIMIT,
    ) -> None:
        self._s, self.t, self.today, self.list_limit = session, tables, today, list_limit

    async def _all(self, query) -> list[dict]:
        return [{k: _plain(v) for k, v in r._mapping.items()} for r in await self._s.execute(query)]

    # members and unions -------------------------------------------------------------------
    def active_members(self, scope: Scope):
        m = self.t[n.MEMBERS]
        return and_(
            m.c.started_at.is_not(None), m.c.ended_at.is_(None), scope.where(m, members=True)
        )

    async def members_by(self, column: str, scope: Scope) -> dict:
        m = self.t[n.MEMBERS]
        query = (
            select(m.c[column].label("k"), func.count().label("n"))
            .where(self.active_members(scope))
            .group_by(m.c[column])
        )
        return {r["k"]: r["n"] for r in await self._all(query)}

    async def members_joined_this_year(self, scope: Scope) -> int:
        m = self.t[n.MEMBERS]
        query = select(func.count()).where(
            self.active_members(scope), m.c.joined_on >= date(self.today.year, 1, 1)
        )
        return (await self._s.execute(query)).scalar_one()

    async def unions(self, scope: Scope) -> list[dict]:
        u = self.t[n.UNIONS]
        query = select(u).where(
            scope.where(u),
            u.c.status == "active" if scope.union_id is None else u.c.union_id == scope.union_id,
        )
        return await self._all(query.order_by(u.c.station_code, u.c.employer_name))

    async def union_names_by_credit_code(self) -> dict[str, str]:
        """The grassroots union of each employer that has one (dissolved ones too)."""
        u = self.t[n.UNIONS]
        query = select(u.c.employer_credit_code, u.c.employer_name, u.c.status).where(
            u.c.employer_credit_code.is_not(None)
        )
        names: dict[str, str] = {}
        for r in sorted(await self._all(query), key=lambda r: r["status"] != "active"):
            names.setdefault(r["employer_credit_code"], r["employer_name"])
        return names

    async def union(self, union_id: str) -> dict | None:
        u = self.t[n.UNIONS]
        rows = await self._all(select(u).where(u.c.union_id == union_id))
        return rows[0] if rows else None

    async def stations(self) -> dict[str, dict]:
        s = self.t[n.STATIONS]
        return {r["station_code"]: r for r in await self._all(select(s))}

    # grievances ---------------------------------------------------------------------------
    def _open(self, c: Table):
        return c.c.status.in_(OPEN_CASE_STATUSES)

    def late(self, c: Table):
        """Went past a deadline (announced by grievance), or is past one now and still open."""
        past_accept = and_(c.c.status == "filed", c.c.accept_by < self.today)
        past_mediation = and_(
            c.c.status.in_(MEDIATION_PENDING_STATUSES), c.c.mediation_by < self.today
        )
        return or_(c.c.overdue, past_accept, past_mediation)

    async def cases_by(self, column: str, scope: Scope) -> list[dict]:
        c = self.t[n.CASES]
        query = (
            select(
                c.c[column].label("k"),
                func.count().label("cases"),
                func.sum(case((self._open(c), 1), else_=0)).label("open"),
                func.sum(case((and_(self._open(c), self.late(c)), 1), else_=0)).label("overdue"),
                func.sum(case((c.c.status.in_(("resolved", "closed")), 1), else_=0)).label(
                    "resolved"
                ),
                func.sum(case((c.c.collective, 1), else_=0)).label("collective"),
                func.sum(c.c.amount_recovered_fen).label("recovered_fen"),
                func.sum(c.c.satisfaction).label("satisfaction_sum"),
                func.count(c.c.satisfaction).label("feedback"),
                func.sum(case((self.late(c), 1), else_=0)).label("late"),
                func.sum(case((c.c.status != "declined", 1), else_=0)).label("due"),
            )
            .where(scope.where(c, cases=True), c.c.status.is_not(None))
            .group_by(c.c[column])
            .order_by(c.c[column])
        )
        return await self._all(query)

    async def resolution_times(self, scope: Scope) -> list[dict]:
        c = self.t[n.CASES]
        query = select(c.c.filed_at, c.c.resolved_at).where(
            scope.where(c, cases=True), c.c.filed_at.is_not(None), c.c.resolved_at.is_not(None)
        )
        return await self._all(query)

    async def open_overdue(self, scope: Scope) -> list[dict]:
        c = self.t[n.CASES]
        query = select(c).where(scope.where(c, cases=True), self._open(c), self.late(c))
        return await self._all(query.order_by(c.c.filed_at).limit(self.list_limit))

    async def collective_cases(self, scope: Scope) -> list[dict]:
        c = self.t[n.CASES]
        query = select(c).where(scope.where(c, cases=True), c.c.collective)
        return await self._all(query.order_by(c.c.filed_at.desc()).limit(self.list_limit))

    async def clusters(self, scope: Scope) -> list[dict]:
        k = self.t[n.CLUSTERS]
        query = select(k).order_by(k.c.detected_at.desc())
        rows = await self._all(query)
        if scope.union_id is not None:  # a union's page: the alerts on its own employer
            code = scope.employer_credit_code
            return [
                r for r in rows if code and code in (r["employer_credit_code"], r["employer_key"])
            ]
        if scope.stations is None:
            return rows
        return [r for r in rows if set((r["station_codes"] or "").split(",")) & scope.stations]

    # aid ----------------------------------------------------------------------------------
    def _grant_sums(self, g: Table):
        committed = g.c.status.in_(COMMITTED_GRANT_STATUSES)
        disbursed = g.c.status == "disbursed"
        return (
            func.count().label("grants"),
            func.sum(case((committed, g.c.amount_fen), else_=0)).label("committed_fen"),
            func.sum(case((disbursed, g.c.amount_fen), else_=0)).label("disbursed_fen"),
            func.count(distinct(case((disbursed, g.c.person_key)))).label("people"),
        )

    def _grants_in(self, g: Table, scope: Scope):
        """A scope's grants; for a union, the grants to its members."""
        if scope.union_id is None:
            return scope.where(g)
        m = self.t[n.MEMBERS]
        of_union = select(m.c.member_id).where(m.c.union_id == scope.union_id)
        return and_(scope.where(g), g.c.member_id.in_(of_union))

    async def grants_by(self, column: str, scope: Scope) -> list[dict]:
        g = self.t[n.GRANTS]
        query = (
            select(g.c[column].label("k"), *self._grant_sums(g))
            .where(self._grants_in(g, scope), g.c.status.is_not(None))
            .group_by(g.c[column])
            .order_by(g.c[column])
        )
        return await self._all(query)

    async def grants_by_program(self, scope: Scope) -> dict[tuple[str, str], dict]:
        """Per program kind and period: a program is opened at every aid deployment, and what
        the county runs is one program (the grant ledger counts it the same way)."""
        g = self.t[n.GRANTS]
        query = (
            select(g.c.program_kind, g.c.period, *self._grant_sums(g))
            .where(self._grants_in(g, scope), g.c.status.is_not(None))
            .group_by(g.c.program_kind, g.c.period)
        )
        return {(r["program_kind"], r["period"]): r for r in await self._all(query)}

    async def people_helped(self, scope: Scope) -> int:
        g = self.t[n.GRANTS]
        query = select(func.count(distinct(g.c.person_key))).where(
            self._grants_in(g, scope), g.c.status == "disbursed"
        )
        return (await self._s.execute(query)).scalar_one()

    async def budgets_by(self, column: str, scope: Scope) -> dict:
        """Budget in fen by the value of ``column``."""
        return {r[column]: r["fen"] or 0 for r in await self._budgets((column,), scope)}

    async def budgets_by_program(self, scope: Scope) -> dict[tuple[str, str], int]:
        """Budget in fen per program kind and period (as :meth:`grants_by_program`)."""
        rows = await self._budgets(("program_kind", "period"), scope)
        return {(r["program_kind"], r["period"]): r["fen"] or 0 for r in rows}

    async def _budgets(self, columns: tuple[str, ...], scope: Scope) -> list[dict]:
        b = self.t[n.BUDGETS]
        keys = [b.c[c] for c in columns]
        query = select(*keys, func.sum(b.c.amount_fen).label("fen"))
        if scope.stations is not None:
            query = query.where(b.c.station_code.in_(sorted(scope.stations)))
        return await self._all(query.group_by(*keys))

    async def programs(self) -> dict[str, dict]:
        p = self.t[n.PROGRAMS]
        return {r["program_id"]: r for r in await self._all(select(p))}

    async def hardship_files_by_level(self, scope: Scope) -> dict:
        h = self.t[n.HARDSHIP_FILES]
        query = (
            select(h.c.level.label("k"), func.count().label("n"))
            .where(scope.where(h), h.c.status != "closed")
            .group_by(h.c.level)
        )
        return {r["k"]: r["n"] for r in await self._all(query)}

    # model workers and government ---------------------------------------------------------
    async def titles(self, scope: Scope) -> list[dict]:
        t, a = self.t[n.TITLES], self.t[n.ASSESSMENTS]
        assessed = (select(a.c.title_id).where(a.c.year == self.today.year)).scalar_subquery()
        query = select(t, t.c.title_id.in_(assessed).label("assessed_this_year")).where(
            scope.where(t), t.c.status.is_not(None)
        )
        return await self._all(query)

    async def nominees_by_status(self, scope: Scope) -> dict:
        x = self.t[n.NOMINEES]
        query = select(x.c.status.label("k"), func.count().label("n")).where(scope.where(x))
        return {r["k"]: r["n"] for r in await self._all(query.group_by(x.c.status))}

    async def referrals_by_status(self, scope: Scope) -> dict:
        r = self.t[n.REFERRALS]
        query = select(r.c.status.label("k"), func.count().label("n")).where(scope.where(r))
        return {x["k"]: x["n"] for x in await self._all(query.group_by(r.c.status))}

    async def aid_reports(self, scope: Scope) -> int:
        r = self.t[n.AID_REPORTS]
        return (await self._s.execute(select(func.count()).where(scope.where(r)))).scalar_one()

    async def freshness(self) -> list[dict]:
        f = self.t[n.FRESHNESS]
        return await self._all(select(f).order_by(f.c.topic))


def _plain(value):
    """PostgreSQL sums integers as numeric: back to int (fen and counts are whole)."""
    return int(value) if isinstance(value, Decimal) else value
