"""Evidence for a case: stored in the evidence store, listed with the case, read back by the
case's station only."""

from __future__ import annotations

from collections.abc import AsyncIterator

from unionfed.common.auth import Principal
from unionfed.common.errors import NotFound
from unionfed.grievance.adapters.evidence import EvidenceStore
from unionfed.grievance.service.cases import visible_case
from unionfed.grievance.service.context import Desk
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork


async def add_evidence(
    uow: GrievanceUnitOfWork,
    *,
    principal: Principal,
    desk: Desk,
    store: EvidenceStore,
    case_id: str,
    data: AsyncIterator[bytes],
    filename: str,
    claimed_type: str | None,
) -> dict:
    async with uow:
        case = await visible_case(uow, principal, case_id)
        # Checked (type, size) while it streams in; refused files leave nothing behind.
        stored = await store.save(data, filename=filename, claimed_type=claimed_type)
        now = desk.clock()
        case.add_evidence(name=stored.original_name, size=stored.size, at=now, by=principal.subject)
        evidence_id = await uow.evidence.add(case.id, stored, by=principal.subject, at=now)
        await uow.cases.save(case)
        await uow.commit()
        return await uow.evidence.get(case.id, evidence_id)


async def list_evidence(uow: GrievanceUnitOfWork, *, principal: Principal, case_id: str):
    async with uow:
        case = await visible_case(uow, principal, case_id)
        return await uow.evidence.of_case(case.id)


async def read_evidence(
    uow: GrievanceUnitOfWork,
    *,
    principal: Principal,
    store: EvidenceStore,
    case_id: str,
    evidence_id: int,
) -> tuple[dict, bytes]:
    async with uow:
        case = await visible_case(uow, principal, case_id)
        record = await uow.evidence.get(case.id, evidence_id)
        if record is None:
            raise NotFound("evidence")
        await uow.audit.record(
            principal,
            action="download",
            record_type="case",
            record_id=case.id,
            station_code=case.station_code,
            fields=[f"evidence:{evidence_id}"],
            purpose="case handling",
        )
        await uow.commit()
    return record, await store.open(record["storage_key"])
