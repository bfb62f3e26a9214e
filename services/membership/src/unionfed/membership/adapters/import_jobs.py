"""Import jobs: a spreadsheet import's progress and report, kept so the station can look back."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.membership.adapters.repositories import count
from unionfed.membership.adapters.tables import MembershipTables


class ImportJobs:
    def __init__(self, session: AsyncSession, tables: MembershipTables) -> None:
        self._s, self._t = session, tables.import_jobs

    async def add(
        self,
        *,
        job_id: str,
        filename: str,
        union_id: str | None,
        created_by: str,
        total_rows: int,
        ignored_columns: list[str],
    ) -> None:
        await self._s.execute(
            insert(self._t).values(
                id=job_id,
                filename=filename[:200],
                union_id=union_id,
                created_by=created_by,
                created_at=datetime.now(UTC),
                status="running",
                total_rows=total_rows,
                processed_rows=0,
                imported=0,
                already_members=0,
                errors="[]",
                ignored_columns=json.dumps(ignored_columns, ensure_ascii=False),
            )
        )

    async def progress(
        self,
        job_id: str,
        report,
        *,
        processed: int,
        status: str = "running",
        failure: str | None = None,
    ) -> None:
        values = {
            "processed_rows": processed,
            "imported": report.imported,
            "already_members": report.already_members,
            "status": status,
            "errors": json.dumps([asdict(e) for e in report.errors], ensure_ascii=False),
        }
        if status != "running":
            values |= {"finished_at": datetime.now(UTC), "failure": failure}
        await self._s.execute(update(self._t).where(self._t.c.id == job_id).values(**values))

    async def get(self, job_id: str) -> dict | None:
        row = (await self._s.execute(select(self._t).where(self._t.c.id == job_id))).first()
        return None if row is None else _job(row)

    async def listing(self, *, created_by: str | None, offset: int, limit: int):
        query = select(self._t)
        if created_by is not None:
            query = query.where(self._t.c.created_by == created_by)
        total = await count(self._s, query)
        rows = await self._s.execute(
            query.order_by(self._t.c.created_at.desc()).offset(offset).limit(limit)
        )
        return [_job(r) for r in rows], total


def _job(row) -> dict:
    job = dict(row._mapping)
    job["errors"] = json.loads(job["errors"])
    job["ignored_columns"] = json.loads(job["ignored_columns"])
    return job
