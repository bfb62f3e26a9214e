"""Ask: ``POST /checks`` (人社, 民政 with consent); the record of queries and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException

from unionfed.common.errors import NotFound
from unionfed.gov_gateway.adapters.government import GovernmentTimeout, GovernmentUnavailable
from unionfed.gov_gateway.api import schemas
from unionfed.gov_gateway.api.deps import (
    AuditorDep,
    GatewayDep,
    PageDep,
    SizeDep,
    StaffDep,
    UowDep,
)
from unionfed.gov_gateway.domain.consent import Consent
from unionfed.gov_gateway.service import checks

router = APIRouter(tags=["ask"])


@router.post(
    "/checks",
    response_model=schemas.CheckAnswer,
    summary="Ask 人社 or 民政 about one person, with their consent",
    responses={
        422: {"description": "consent missing or not covering the query; nothing was asked"},
        503: {"description": "the government side is unavailable (circuit open, retries used)"},
        504: {"description": "the government side did not answer in time"},
    },
)
async def ask(
    body: schemas.CheckBody,
    uow: UowDep,
    gateway: GatewayDep,
    who: StaffDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> dict:
    """Social-insurance contribution status (人社) or civil-affairs assistance status (民政:
    低保, 特困, 临时救助). The consent is checked first: without one covering this kind of check
    and purpose, today, the answer is 422 and no query is made. Every query is audited."""
    consent = None
    if body.consent is not None:
        c = body.consent
        consent = Consent(
            c.consent_id, c.given_by, c.given_at, c.purpose, c.valid_until, tuple(c.scopes),
            c.recorded_by,
        )  # fmt: skip
    request = checks.CheckRequest(
        kind=body.kind,
        id_number=body.id_number,
        name=body.name,
        person_key=body.person_key,
        purpose=body.purpose,
        case=body.case.model_dump(),
        consent=consent,
        idempotency_key=idempotency_key,
    )
    try:
        return await checks.ask(uow, gateway, who, request)
    except GovernmentTimeout as exc:
        raise HTTPException(504, "the government system did not answer in time") from exc
    except GovernmentUnavailable as exc:
        retry = {"Retry-After": str(max(1, round(exc.retry_after)))} if exc.retry_after else {}
        raise HTTPException(
            503, f"the government system is unavailable ({exc.reason})", retry
        ) from exc
    except checks.GovernmentRefused as exc:
        raise HTTPException(502, f"the government system refused the query: {exc.detail}") from exc


@router.get("/queries", summary="Queries asked (station staff: their stations')")
async def list_queries(
    uow: UowDep,
    who: StaffDep,
    kind: schemas.CheckKind | None = None,
    station: str | None = None,
    case_reference: str | None = None,
    outcome: str | None = None,
    asked_by: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    """Newest first; the ID number masked, the answer as it came back."""
    filters = {
        "kind": kind, "station_code": station, "case_reference": case_reference,
        "outcome": outcome, "asked_by": asked_by,
    }  # fmt: skip
    async with uow:
        rows, total = await uow.checks.listing(
            stations=who.visible_stations(), filters=filters, since=since, until=until,
            offset=(page - 1) * size, limit=size,
        )  # fmt: skip
    return {"items": [_shown(r) for r in rows], "total": total, "page": page, "size": size}


@router.get("/queries/{query_id}", summary="One query with its consent")
async def read_query(query_id: str, uow: UowDep, who: StaffDep) -> dict:
    async with uow:
        row = await uow.checks.get(query_id)
        if row is None or not who.can_act_for(row["station_code"]):
            raise NotFound("query")
        consent = await uow.consents.get(row["consent_id"])
    return _shown(row) | {"consent": consent}


@router.get("/audit", summary="The audit trail (federation admins: all; station admins: theirs)")
async def audit(
    uow: UowDep,
    who: AuditorDep,
    action: str | None = None,
    actor: str | None = None,
    station: str | None = None,
    record_id: str | None = None,
    outcome: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    """Every query asked (who, when, for which case, what came back in summary), every partner
    call and every bureau callback. Partner calls concern no station: the federation's only."""
    filters = {
        "action": action, "actor": actor, "station_code": station, "record_id": record_id,
        "outcome": outcome,
    }  # fmt: skip
    async with uow:
        rows, total = await uow.audit.entries(
            stations=who.visible_stations(), filters=filters, since=since, until=until,
            offset=(page - 1) * size, limit=size,
        )  # fmt: skip
    return {"items": rows, "total": total, "page": page, "size": size}


def _shown(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("person_key", "idempotency_key")}
