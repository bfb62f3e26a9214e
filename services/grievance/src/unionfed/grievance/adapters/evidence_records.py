"""Which evidence files belong to which case (the files themselves are in the evidence store)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.personal_data import FieldCipher
from unionfed.grievance.adapters.tables import GrievanceTables


class EvidenceRecords:
    """Which evidence files belong to which case (the files are in the evidence store)."""

    def __init__(self, session: AsyncSession, tables: GrievanceTables, cipher: FieldCipher):
        self._s, self._t, self._c = session, tables.evidence, cipher

    async def add(self, case_id: str, stored, *, by: str, at) -> int:
        result = await self._s.execute(
            insert(self._t)
            .values(
                case_id=case_id,
                storage_key=stored.key,
                sha256=stored.sha256,
                size=stored.size,
                content_type=stored.content_type,
                uploaded_by=by,
                uploaded_at=at,
                original_name_enc=self._c.encrypt(stored.original_name, context="evidence.name"),
            )
            .returning(self._t.c.id)
        )
        return result.scalar_one()

    async def of_case(self, case_id: str) -> list[dict]:
        rows = await self._s.execute(
            select(self._t).where(self._t.c.case_id == case_id).order_by(self._t.c.id)
        )
        return [self._read(r) for r in rows]

    async def get(self, case_id: str, evidence_id: int) -> dict | None:
        row = (
            await self._s.execute(
                select(self._t).where(self._t.c.case_id == case_id, self._t.c.id == evidence_id)
            )
        ).first()
        return None if row is None else self._read(row)

    def _read(self, r) -> dict:
        return {
            "id": r.id,
            "case_id": r.case_id,
            "storage_key": r.storage_key,
            "sha256": r.sha256,
            "size": r.size,
            "content_type": r.content_type,
            "name": self._c.decrypt(r.original_name_enc, context="evidence.name"),
            "uploaded_by": r.uploaded_by,
            "uploaded_at": r.uploaded_at,
        }
