"""Members as this deployment knows them from the membership events (ids only)."""

from __future__ import annotations

from fastapi import APIRouter

from unionfed.aid.api.deps import StaffDep, UowDep
from unionfed.common.errors import NotFound

router = APIRouter(prefix="/members", tags=["members"])


@router.get("/{member_id}", summary="Whether a member is known here, active, a model worker")
async def known_member(member_id: str, uow: UowDep, who: StaffDep) -> dict:
    """Members arrive from the ``membership`` events of every deployment; this tells staff
    whether one has arrived yet (no name, no ID number: membership holds those)."""
    async with uow:
        member = await uow.members.get(member_id)
        if member is None or not who.can_act_for(member["station_code"]):
            raise NotFound("member")
        model_worker = await uow.titles.in_force(member["person_key"])
        file = await uow.files.open_of_member(member_id)
    return {
        "member_id": member_id,
        "station_code": member["station_code"],
        "union_id": member["union_id"],
        "active": member["active"],
        "model_worker": model_worker,
        "hardship_file": None if file is None else {"id": file.id, "status": file.status.value},
    }
