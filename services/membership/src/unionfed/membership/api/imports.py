"""Bulk import of members from a spreadsheet, as a background job with progress."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from unionfed.membership.api.deps import DeploymentDep, PageDep, StaffDep, UowDep, paged
from unionfed.membership.domain.errors import NotFound, RuleBroken
from unionfed.membership.service import imports

router = APIRouter(tags=["members"])
MAX_BYTES = 10 * 1024 * 1024


@router.post("/imports", status_code=202)
async def import_file(
    request: Request,
    uow: UowDep,
    who: StaffDep,
    dep: DeploymentDep,
    file: Annotated[UploadFile, File(description="CSV or .xlsx; header row with 姓名, 身份证号…")],
    union_id: Annotated[str | None, Form(description="Union for rows without 工会编号")] = None,
) -> JSONResponse:
    """Start importing members. A file that cannot be read is refused at once (422); otherwise
    the answer is the job (202): follow ``GET /imports/{id}`` for progress and the report,
    where every bad row is listed with its row number, field and reason."""
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RuleBroken("file", "max_size", "the file is larger than 10 MiB; split it")
    sheet = imports.open_sheet(data, file.filename or "")
    job_id = await imports.start_import(
        uow, principal=who, sheet=sheet, filename=file.filename or "upload", union_id=union_id
    )
    runtime = request.app.state.runtime
    task = asyncio.create_task(
        imports.run_import(
            runtime.uow,
            job_id=job_id,
            principal=who,
            deployment=dep,
            sheet=sheet,
            union_id=union_id,
        ),
        name=f"import {job_id}",
    )
    running = request.app.state.__dict__.setdefault("import_tasks", {})
    running[job_id] = task
    task.add_done_callback(lambda _: running.pop(job_id, None))
    job = await _job(request, uow, who, job_id)
    return JSONResponse(job, status_code=202, headers={"Location": f"/imports/{job_id}"})


@router.get("/imports")
async def list_imports(uow: UowDep, who: StaffDep, page: PageDep) -> dict:
    """Your imports (federation staff: everyone's), newest first."""
    async with uow:
        jobs, total = await uow.import_jobs.listing(
            created_by=None if who.is_federation else who.subject,
            offset=page.offset,
            limit=page.size,
        )
    return paged([_encodable(j) for j in jobs], total, page)


@router.get("/imports/{job_id}")
async def get_import(job_id: str, request: Request, uow: UowDep, who: StaffDep) -> dict:
    return await _job(request, uow, who, job_id)


async def _job(request: Request, uow, who, job_id: str) -> dict:
    # Whether it runs is noted before the row is read: a job that finishes in between is then
    # seen as running (or done), never as interrupted.
    alive = job_id in request.app.state.__dict__.get("import_tasks", {})
    async with uow:
        job = await uow.import_jobs.get(job_id)
    if job is None or not (who.is_federation or job["created_by"] == who.subject):
        raise NotFound("import")
    if job["status"] == "running" and not alive:
        job["status"] = "interrupted"  # the process that ran it stopped; upload the file again
    return _encodable(job)


def _encodable(job: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in job.items()}
