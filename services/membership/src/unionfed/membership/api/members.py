"""Members: enrol, find, read (masked, or revealed and audited), correct, leave."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Response

from unionfed.membership.api.deps import DeploymentDep, PageDep, StaffDep, UowDep, paged
from unionfed.membership.api.schemas import (
    MemberCorrect,
    MemberCreate,
    MemberLeave,
    MemberLookup,
    MemberRead,
)
from unionfed.membership.domain.member import MemberStatus, WorkerType
from unionfed.membership.service import members, personal_data, queries

router = APIRouter(tags=["members"])
EXPORT_LIMIT = 100_000
EXPORT_HEADER = [
    "会员证号",
    "姓名",
    "身份证号",
    "手机号",
    "性别",
    "出生日期",
    "职工类型",
    "服务站",
    "工会编号",
    "入会日期",
    "状态",
]


@router.post("/members", status_code=201, response_model=MemberRead)
async def enrol(body: MemberCreate, uow: UowDep, who: StaffDep, dep: DeploymentDep):
    """Enrol a worker (入会). Refused, saying where, if they are a member anywhere in the county."""
    data = members.Enrolment(**body.model_dump())
    return MemberRead.of(await members.enrol(uow, principal=who, deployment=dep, data=data))


@router.get("/members")
async def list_members(
    uow: UowDep,
    who: StaffDep,
    page: PageDep,
    station: str | None = None,
    union: str | None = None,
    worker_type: WorkerType | None = None,
    status: MemberStatus | None = None,
    q: Annotated[str | None, Query(max_length=50, description="Search by name")] = None,
) -> dict:
    items, total = await queries.list_members(
        uow,
        who,
        station=station,
        union=union,
        worker_type=worker_type.value if worker_type else None,
        status=status.value if status else None,
        name=q,
        offset=page.offset,
        limit=page.size,
    )
    return paged([MemberRead.of(m) for m in items], total, page)


@router.get("/members/export.csv", response_class=Response)
async def export_members(
    uow: UowDep,
    who: StaffDep,
    station: str | None = None,
    union: str | None = None,
    status: MemberStatus | None = None,
) -> Response:
    """The member list as CSV for Excel (UTF-8 with BOM), ID and phone masked."""
    items, _ = await queries.list_members(
        uow,
        who,
        station=station,
        union=union,
        worker_type=None,
        status=status.value if status else None,
        name=None,
        offset=0,
        limit=EXPORT_LIMIT,
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADER)
    for m in map(MemberRead.of, items):
        writer.writerow(
            [
                m.card_number,
                m.name,
                m.resident_id,
                m.mobile,
                m.gender.value,
                m.birth_date,
                m.worker_type.value,
                m.station_code,
                m.union_id,
                m.joined_on,
                m.status.value,
            ]
        )
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="members.csv"'},
    )


@router.post("/members/lookup", response_model=MemberRead)
async def lookup(body: MemberLookup, uow: UowDep, who: StaffDep, dep: DeploymentDep):
    """Find a member by exact resident ID number (sent in the body, never in the URL); audited."""
    member = await personal_data.lookup_by_resident_id(
        uow, principal=who, deployment=dep, resident_id=body.resident_id, purpose=body.purpose
    )
    return MemberRead.of(member)


@router.get("/members/{member_id}", response_model=MemberRead)
async def read_member(
    member_id: str,
    uow: UowDep,
    who: StaffDep,
    reveal: Annotated[bool, Query(description="Show ID and phone in full (audited)")] = False,
    purpose: Annotated[str | None, Query(max_length=500)] = None,
):
    member = await personal_data.read_member(
        uow, principal=who, member_id=member_id, reveal=reveal, purpose=purpose
    )
    return MemberRead.of(member, reveal=reveal)


@router.patch("/members/{member_id}", response_model=MemberRead)
async def correct(
    member_id: str, body: MemberCorrect, uow: UowDep, who: StaffDep, dep: DeploymentDep
):
    """Correct a member's record; the old values are kept in the history."""
    changes = body.model_dump(exclude_none=True, exclude={"reason"})
    member = await members.correct(
        uow,
        principal=who,
        deployment=dep,
        member_id=member_id,
        changes=changes,
        reason=body.reason,
    )
    return MemberRead.of(member)


@router.get("/members/{member_id}/corrections")
async def corrections(member_id: str, uow: UowDep, who: StaffDep) -> list[dict]:
    """The record's history; old and new values of ID and phone stay hidden."""
    history = await queries.member_history(uow, who, member_id)
    hidden = {"resident_id", "mobile"}
    return [
        {
            "field": c.field,
            "old": "(hidden)" if c.field in hidden else c.old,
            "new": "(hidden)" if c.field in hidden else c.new,
            "reason": c.reason,
            "corrected_by": c.corrected_by,
            "corrected_at": c.corrected_at,
        }
        for c in history
    ]


@router.post("/members/{member_id}/leave", response_model=MemberRead)
async def leave(member_id: str, body: MemberLeave, uow: UowDep, who: StaffDep):
    """End a membership: the member left (退会) or died."""
    member = await members.leave(
        uow, principal=who, member_id=member_id, reason=body.reason, on=body.on
    )
    return MemberRead.of(member)
