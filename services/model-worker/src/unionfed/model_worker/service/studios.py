"""Innovation studios (劳模创新工作室): led by a model worker whose title is in force, with
members (member ids) and achievements recorded year by year."""

from __future__ import annotations

from datetime import date

from unionfed.common.auth import Principal, ensure_station_access
from unionfed.common.errors import Conflict, NotFound
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.selection import new_id
from unionfed.model_worker.service.titles import title_for
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork as Uow


async def register(
    uow: Uow,
    office: Office,
    principal: Principal,
    *,
    name: str,
    station_code: str,
    lead_title_id: str,
    field: str,
    member_ids: list[str],
) -> dict:
    ensure_station_access(principal, station_code)
    async with uow:
        lead = await title_for(uow, principal, lead_title_id)
        if not lead.in_force:
            raise Conflict("lead_title_id", "title_in_force", f"the title is {lead.status.value}")
        studio = {
            "id": new_id("std"),
            "name": name,
            "station_code": station_code,
            "lead_title_id": lead.id,
            "field": field,
            "member_ids": sorted(set(member_ids)),
            "achievements": [],
            "registered_on": office.today(),
        }
        await uow.studios.add(studio)
        await uow.commit()
    return studio


async def _studio(uow: Uow, principal: Principal, studio_id: str) -> dict:
    studio = await uow.studios.get(studio_id)
    if studio is None or not principal.can_act_for(studio["station_code"]):
        raise NotFound("studio")
    return studio


async def add_achievement(
    uow: Uow,
    principal: Principal,
    studio_id: str,
    *,
    year: int,
    title: str,
    kind: str,
    on: date | None,
) -> dict:
    async with uow:
        studio = await _studio(uow, principal, studio_id)
        entry = {"year": year, "title": title, "kind": kind, "on": on and on.isoformat()}
        studio["achievements"] = [*studio["achievements"], entry]
        await uow.studios.save(studio)
        await uow.commit()
    return studio


async def set_members(uow: Uow, principal: Principal, studio_id: str, member_ids: list[str]):
    async with uow:
        studio = await _studio(uow, principal, studio_id)
        studio["member_ids"] = sorted(set(member_ids))
        await uow.studios.save(studio)
        await uow.commit()
    return studio


async def read(uow: Uow, principal: Principal, studio_id: str) -> dict:
    async with uow:
        return await _studio(uow, principal, studio_id)
