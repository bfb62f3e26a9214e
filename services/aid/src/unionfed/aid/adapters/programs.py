"""Repositories of aid programs and their budgets (per station and the federation's own)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.aid.adapters.members import insert_for
from unionfed.aid.adapters.tables import AidTables
from unionfed.aid.domain.program import Eligibility, Program, from_fen, to_fen


class Programs:
    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t = session, tables.programs

    async def add(self, p: Program, *, at: datetime) -> None:
        await self._s.execute(insert(self._t).values(**self._row(p), created_at=at))

    async def get(self, program_id: str) -> Program | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == program_id))).first()
        return None if row is None else self._program(row)

    async def find(self, kind: str, period: str) -> Program | None:
        query = select(self._t).where(self._t.c.kind == kind, self._t.c.period == period)
        row = (await self._s.execute(query)).first()
        return None if row is None else self._program(row)

    async def listing(self, *, year: int | None, kind: str | None) -> list[Program]:
        query = select(self._t)
        if year is not None:
            query = query.where(self._t.c.year == year)
        if kind is not None:
            query = query.where(self._t.c.kind == kind)
        rows = await self._s.execute(query.order_by(self._t.c.year.desc(), self._t.c.period))
        return [self._program(r) for r in rows]

    @staticmethod
    def _row(p: Program) -> dict:
        rules = asdict(p.eligibility)
        rules["stage_amounts"] = {k: str(v) for k, v in rules["stage_amounts"].items()}
        rules["levels"], rules["documents"] = list(rules["levels"]), list(rules["documents"])
        return {
            "id": p.id,
            "kind": p.kind,
            "period": p.period,
            "year": p.year,
            "title": p.title,
            "per_person_cap_fen": to_fen(p.per_person_cap),
            "eligibility": rules,
            "publicity_days": p.publicity_days,
            "status": p.status,
            "government_check_required": p.government_check_required,
        }

    @staticmethod
    def _program(r) -> Program:
        rules = dict(r.eligibility)
        eligibility = Eligibility(
            hardship_file_required=rules["hardship_file_required"],
            levels=tuple(rules["levels"]),
            member_status=rules["member_status"],
            documents=tuple(rules["documents"]),
            model_worker_only=rules["model_worker_only"],
            stage_amounts={k: Decimal(v) for k, v in rules["stage_amounts"].items()},
        )
        return Program(
            id=r.id,
            kind=r.kind,
            period=r.period,
            year=r.year,
            title=r.title,
            per_person_cap=from_fen(r.per_person_cap_fen),
            eligibility=eligibility,
            publicity_days=r.publicity_days,
            status=r.status,
            government_check_required=r.government_check_required,
        )


class Budgets:
    """Committing is one conditional UPDATE: under concurrent approvals each statement sees the
    row as the last committed one left it (PostgreSQL re-checks the WHERE on the locked row;
    SQLite serialises writers), so ``committed`` never passes ``amount``."""

    def __init__(self, session: AsyncSession, tables: AidTables) -> None:
        self._s, self._t, self._insert = session, tables.budgets, insert_for(session)

    async def set(self, program_id: str, holder: str, amount_fen: int) -> bool:
        """Set the amount; False when it would fall below what is already committed."""
        stmt = self._insert(self._t).values(
            program_id=program_id,
            holder=holder,
            amount_fen=amount_fen,
            committed_fen=0,
            paid_fen=0,
        )
        await self._s.execute(stmt.on_conflict_do_nothing(index_elements=["program_id", "holder"]))
        result = await self._s.execute(
            update(self._t)
            .where(self._key(program_id, holder), self._t.c.committed_fen <= amount_fen)
            .values(amount_fen=amount_fen)
        )
        return result.rowcount == 1

    async def get(self, program_id: str, holder: str) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._key(program_id, holder)))).first()
        return None if row is None else dict(row._mapping)

    async def of_program(self, program_id: str, holders=None) -> list[dict]:
        query = select(self._t).where(self._t.c.program_id == program_id)
        if holders is not None:
            query = query.where(self._t.c.holder.in_(sorted(holders)))
        return [dict(r._mapping) for r in await self._s.execute(query.order_by(self._t.c.holder))]

    async def all(self) -> list[dict]:
        return [dict(r._mapping) for r in await self._s.execute(select(self._t))]

    async def commit(self, program_id: str, holder: str, fen: int) -> bool:
        c = self._t.c
        result = await self._s.execute(
            update(self._t)
            .where(self._key(program_id, holder), c.committed_fen + fen <= c.amount_fen)
            .values(committed_fen=c.committed_fen + fen)
        )
        return result.rowcount == 1

    async def release(self, program_id: str, holder: str, fen: int) -> None:
        c = self._t.c
        await self._s.execute(
            update(self._t)
            .where(self._key(program_id, holder))
            .values(committed_fen=c.committed_fen - fen)
        )

    async def pay(self, program_id: str, holder: str, *, committed_fen: int, paid_fen: int):
        """Paid may be less than approved: the difference goes back to the budget."""
        c = self._t.c
        await self._s.execute(
            update(self._t)
            .where(self._key(program_id, holder))
            .values(
                committed_fen=c.committed_fen - committed_fen + paid_fen,
                paid_fen=c.paid_fen + paid_fen,
            )
        )

    def _key(self, program_id: str, holder: str):
        return (self._t.c.program_id == program_id) & (self._t.c.holder == holder)
