"""How current the view is, and the names of the codes (for the dashboard)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from unionfed.federation.api.deps import StaffDep, UowDep
from unionfed.federation.domain.labels import LABELS
from unionfed.federation.service.freshness_view import freshness

router = APIRouter(prefix="/v1", tags=["freshness"])


@router.get("/freshness", summary="Per topic: last event folded in, events, consumer lag")
async def topics(request: Request, uow: UowDep, _: StaffDep) -> dict:
    runtime = request.app.state.runtime
    return await freshness(uow, getattr(runtime, "lag_probe", None), list(runtime.settings.topics))


@router.get("/labels", summary="Chinese and English names of the codes in the figures")
async def labels() -> dict:
    return {code: {"zh": zh, "en": en} for code, (zh, en) in LABELS.items()}
