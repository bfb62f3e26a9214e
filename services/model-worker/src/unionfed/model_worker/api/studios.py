"""Innovation studios (劳模创新工作室)."""

from __future__ import annotations

from fastapi import APIRouter

from unionfed.model_worker.api import schemas
from unionfed.model_worker.api.deps import OfficeDep, PageDep, SizeDep, StaffDep, UowDep
from unionfed.model_worker.service import studios

router = APIRouter(prefix="/v1", tags=["studios"])


@router.post("/studios", status_code=201)
async def register(
    body: schemas.StudioCreate, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """Register a studio led by a model worker whose title is in force."""
    return await studios.register(uow, office, who, **body.model_dump())


@router.get("/studios")
async def list_studios(
    uow: UowDep, who: StaffDep, q: str | None = None, page: PageDep = 1, size: SizeDep = 50
) -> dict:
    async with uow:
        items, total = await uow.studios.listing(
            stations=who.visible_stations(), search=q, offset=(page - 1) * size, limit=size
        )
    return {"items": items, "total": total, "page": page, "size": size}


@router.get("/studios/{studio_id}")
async def read_studio(studio_id: str, uow: UowDep, who: StaffDep) -> dict:
    return await studios.read(uow, who, studio_id)


@router.post("/studios/{studio_id}/achievements", status_code=201)
async def add_achievement(
    studio_id: str, body: schemas.AchievementBody, uow: UowDep, who: StaffDep
) -> dict:
    return await studios.add_achievement(uow, who, studio_id, **body.model_dump())


@router.put("/studios/{studio_id}/members")
async def set_members(
    studio_id: str, body: schemas.StudioMembers, uow: UowDep, who: StaffDep
) -> dict:
    return await studios.set_members(uow, who, studio_id, body.member_ids)
