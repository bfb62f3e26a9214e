"""Conflicts for the federation to settle (待处理冲突): one person enrolled twice at the same
time (重复入会, seen in the membership events) and one person granted the same help twice
(重复帮扶, reported by aid). Federation staff mark one resolved with a note."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from unionfed.common.auth import Principal
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.federation.projection.tables import CONFLICTS
from unionfed.federation.service.unit_of_work import FederationUnitOfWork


async def list_conflicts(
    uow: FederationUnitOfWork, *, state: str, kind: str | None, offset: int, limit: int
) -> tuple[list[dict], int]:
    async with uow:
        c, r = uow.tables.read_models[CONFLICTS], uow.tables.resolutions
        query = select(c, r.c.resolved_by, r.c.note, r.c.resolved_at).join(
            r, r.c.conflict_key == c.c.conflict_key, isouter=True
        )
        if kind:
            query = query.where(c.c.kind == kind)
        if state == "open":
            query = query.where(r.c.conflict_key.is_(None))
        elif state == "resolved":
            query = query.where(r.c.conflict_key.is_not(None))
        total = (
            await uow.session.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        page = query.order_by(c.c.detected_at.desc(), c.c.conflict_key).offset(offset).limit(limit)
        rows = [_shown(dict(row._mapping)) for row in await uow.session.execute(page)]
        return rows, total


def _shown(row: dict) -> dict:
    row["station_codes"] = [s for s in (row["station_codes"] or "").split(",") if s]
    row["refs"] = [s for s in (row["refs"] or "").split(",") if s]
    row["resolved"] = row["resolved_by"] is not None
    return row


async def resolve(
    uow: FederationUnitOfWork, *, principal: Principal, conflict_key: str, note: str
) -> dict:
    note = note.strip()
    if not note:
        raise RuleViolation("note", "required", "say how the conflict was settled")
    async with uow:
        c = uow.tables.read_models[CONFLICTS]
        found = (
            await uow.session.execute(select(c).where(c.c.conflict_key == conflict_key))
        ).first()
        if found is None:
            raise NotFound("conflict")
        if await uow.resolutions.get(conflict_key) is not None:
            raise Conflict("conflict_key", "already_resolved", "this conflict is already resolved")
        at = datetime.now(UTC)
        await uow.resolutions.add(conflict_key, by=principal.subject, note=note, at=at)
        await uow.commit()
        return _shown(
            {**found._mapping, "resolved_by": principal.subject, "note": note, "resolved_at": at}
        )
