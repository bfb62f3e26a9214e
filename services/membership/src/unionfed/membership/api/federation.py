"""For the federation: enrolment conflicts to resolve, and the personal-data audit log."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from unionfed.membership.api.deps import AdminDep, FederationDep, PageDep, UowDep, paged
from unionfed.membership.service import personal_data, queries

router = APIRouter(tags=["federation"])


class ConflictResolve(BaseModel):
    resolution: str = Field(min_length=4, max_length=500, description="What was done about it")


@router.get("/conflicts")
async def conflicts(uow: UowDep, _: FederationDep, page: PageDep, open: bool = True) -> dict:
    """People enrolled twice at about the same time in two deployments."""
    items, total = await queries.list_conflicts(
        uow, open_only=open, offset=page.offset, limit=page.size
    )
    return paged(items, total, page)


@router.post("/conflicts/{conflict_id}/resolve", status_code=204)
async def resolve(conflict_id: int, body: ConflictResolve, uow: UowDep, who: FederationDep):
    """Record how a conflict was resolved (end one membership first: leave or transfer)."""
    await queries.resolve_conflict(uow, who, conflict_id, body.resolution)


@router.get("/audit")
async def audit(uow: UowDep, who: AdminDep, page: PageDep, member_id: str | None = None) -> dict:
    """Who saw which member's ID and phone in full, when, and why (station administrators:
    their stations' members only)."""
    rows, total = await personal_data.audit_entries(
        uow, principal=who, member_id=member_id, offset=page.offset, limit=page.size
    )
    return paged(rows, total, page)
