"""Bulk import of members from a spreadsheet."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from unionfed.membership.api.deps import DeploymentDep, StaffDep
from unionfed.membership.domain.errors import RuleBroken
from unionfed.membership.service.imports import import_members

router = APIRouter(tags=["members"])
MAX_BYTES = 10 * 1024 * 1024


@router.post("/imports")
async def import_file(
    request: Request,
    who: StaffDep,
    dep: DeploymentDep,
    file: Annotated[UploadFile, File(description="CSV or .xlsx; header row with 姓名, 身份证号…")],
    union_id: Annotated[str | None, Form(description="Union for rows without 工会编号")] = None,
) -> dict:
    """Import members; every bad row is reported with its row number, field and reason."""
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RuleBroken("file", "max_size", "the file is larger than 10 MiB; split it")
    report = await import_members(
        request.app.state.runtime.uow,
        principal=who,
        deployment=dep,
        data=data,
        filename=file.filename or "",
        union_id=union_id,
    )
    return asdict(report)
