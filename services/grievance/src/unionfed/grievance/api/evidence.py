"""Evidence attachments of a case (PDF and images, checked from their content)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from unionfed.grievance.api.cases import DeskDep, StaffDep, UowDep
from unionfed.grievance.service import evidence

router = APIRouter(tags=["cases"])


@router.post("/cases/{case_id}/evidence", status_code=201)
async def upload(
    case_id: str,
    request: Request,
    uow: UowDep,
    who: StaffDep,
    desk: DeskDep,
    file: Annotated[UploadFile, File(description="PDF, PNG, JPEG or WEBP; at most 10 MiB")],
) -> dict:
    return await evidence.add_evidence(
        uow,
        principal=who,
        desk=desk,
        store=request.app.state.runtime.evidence_store,
        case_id=case_id,
        data=_chunks(file),
        filename=file.filename or "",
        claimed_type=file.content_type,
    )


@router.get("/cases/{case_id}/evidence")
async def list_evidence(case_id: str, uow: UowDep, who: StaffDep) -> list[dict]:
    return await evidence.list_evidence(uow, principal=who, case_id=case_id)


@router.get("/cases/{case_id}/evidence/{evidence_id}")
async def download(
    case_id: str, evidence_id: int, request: Request, uow: UowDep, who: StaffDep
) -> Response:
    record, data = await evidence.read_evidence(
        uow,
        principal=who,
        store=request.app.state.runtime.evidence_store,
        case_id=case_id,
        evidence_id=evidence_id,
    )
    disposition = f"attachment; filename*=UTF-8''{quote(record['name'])}"
    return Response(
        data, media_type=record["content_type"], headers={"Content-Disposition": disposition}
    )


async def _chunks(file: UploadFile, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    while chunk := await file.read(size):
        yield chunk
