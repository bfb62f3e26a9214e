"""Conflicts for federation staff: list them, mark one resolved with a note."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from unionfed.federation.api.deps import FederationDep, PageDep, SizeDep, UowDep
from unionfed.federation.service import conflicts

router = APIRouter(prefix="/v1/conflicts", tags=["conflicts"])


class Resolution(BaseModel):
    note: str = Field(min_length=1, max_length=2000, description="How it was settled")


@router.get("", summary="Crossed enrolments and double grants (federation roles)")
async def list_conflicts(
    uow: UowDep,
    _: FederationDep,
    state: Annotated[Literal["open", "resolved", "all"], Query()] = "open",
    kind: Annotated[Literal["crossed_enrolment", "double_grant"] | None, Query()] = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    items, total = await conflicts.list_conflicts(
        uow, state=state, kind=kind, offset=(page - 1) * size, limit=size
    )
    return {"items": items, "total": total, "page": page, "size": size}


@router.post("/{conflict_key}/resolution", summary="Mark a conflict resolved, with a note")
async def resolve(conflict_key: str, body: Resolution, uow: UowDep, principal: FederationDep):
    return await conflicts.resolve(
        uow, principal=principal, conflict_key=conflict_key, note=body.note
    )
