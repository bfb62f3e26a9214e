"""Grants: application, review, approval, publicity, objections, payment, decline, cancel;
consent and the government check."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, HTTPException, Response

from unionfed.aid.api import schemas
from unionfed.aid.api.deps import (
    ApproverDep,
    FederationDep,
    OfficeDep,
    PageDep,
    SizeDep,
    StaffDep,
    TokenDep,
    UowDep,
    xlsx,
)
from unionfed.aid.domain.grant import GrantStatus, allowed_actions
from unionfed.aid.domain.program import from_fen
from unionfed.aid.service import checks, grants, publicity
from unionfed.aid.service.checks import Consent, GovernmentUnavailable
from unionfed.aid.service.grants import Application
from unionfed.aid.service.publicity import Payment

router = APIRouter(tags=["grants"])


def view(g) -> dict:
    answer = asdict(g) | {"status": g.status.value, "allowed_actions": allowed_actions(g.status)}
    answer.pop("person_key")
    answer["amount"] = from_fen(answer.pop("amount_fen"))
    paid = answer.pop("disbursed_fen")
    answer["disbursed_amount"] = None if paid is None else from_fen(paid)
    return answer


@router.post("/grants", status_code=201, summary="Apply for a grant of a program")
async def apply(body: schemas.GrantIn, uow: UowDep, office: OfficeDep, who: StaffDep) -> dict:
    """Eligibility is checked (member status, hardship file and level, documents, model
    worker, cap, education stages); a grant of the same program kind and period to the same
    person anywhere in the county answers 409 naming it."""
    a = Application(**body.model_dump())
    return view(await grants.apply(uow, office, who, a))


@router.get("/grants", summary="Grants (station staff: their stations')")
async def list_grants(
    uow: UowDep,
    who: StaffDep,
    program_id: str | None = None,
    status: GrantStatus | None = None,
    station: str | None = None,
    member_id: str | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    filters = {
        "program_id": program_id,
        "status": status and status.value,
        "station_code": station,
        "member_id": member_id,
    }
    async with uow:
        found, total = await uow.grants.listing(
            stations=who.visible_stations(),
            filters=filters,
            offset=(page - 1) * size,
            limit=size,
        )
    return {"items": [view(g) for g in found], "total": total, "page": page, "size": size}


@router.get("/grants/{grant_id}", summary="A grant with its history, objections and checks")
async def get_grant(grant_id: str, uow: UowDep, who: StaffDep) -> dict:
    async with uow:
        g = await grants.load(uow, who, grant_id)
        detail = await uow.grants.detail(g.id)
        objections = await uow.objections.of_grant(g.id)
        consents = await uow.consents.of_grant(g.id)
        answers = await uow.answers.of_grant(g.id)
    return (
        view(g)
        | detail
        | {
            "objections": objections,
            "consents": consents,
            "government_checks": answers,
        }
    )


@router.post("/grants/{grant_id}/review", summary="The station reviewed the application")
async def review(
    grant_id: str, body: schemas.Note, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    return view(await grants.review(uow, office, who, grant_id, body.note))


@router.post("/grants/{grant_id}/approval", summary="Approve within the budget")
async def approve(
    grant_id: str, body: schemas.Approval, uow: UowDep, office: OfficeDep, who: ApproverDep
) -> dict:
    """Station administrators or the federation. 409 ``budget_available`` when the budget
    cannot cover it; 409 ``already_granted`` when another grant of this help comes first."""
    g = await grants.approve(
        uow, office, who, grant_id, approved_on=body.approved_on, note=body.note
    )
    return view(g)


@router.post("/grants/{grant_id}/decline", summary="Decline with a reason")
async def decline(
    grant_id: str, body: schemas.Ending, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    return view(
        await grants.end(
            uow, office, who, grant_id, cancel=False, reason=body.reason, note=body.note
        )
    )


@router.post("/grants/{grant_id}/cancel", summary="Cancel an approved grant with a reason")
async def cancel(
    grant_id: str, body: schemas.Ending, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    return view(
        await grants.end(
            uow, office, who, grant_id, cancel=True, reason=body.reason, note=body.note
        )
    )


@router.post("/grants/publicity", summary="Publicise approved grants (公示)")
async def publicise(body: schemas.Publicity, uow: UowDep, office: OfficeDep, who: StaffDep) -> dict:
    """For the program's number of days from ``publicity_from`` (default today)."""
    done = await publicity.publicise(
        uow, office, who, body.grant_ids, publicity_from=body.publicity_from
    )
    return {"items": [view(g) for g in done]}


@router.post("/grants/{grant_id}/objections", status_code=201, summary="Record an objection")
async def raise_objection(
    grant_id: str, body: schemas.ObjectionIn, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    return await publicity.raise_objection(
        uow, office, who, grant_id, summary=body.summary, raised_on=body.raised_on
    )


@router.post("/objections/{objection_id}/decision", summary="Decide an objection (federation)")
async def decide(
    objection_id: str, body: schemas.Decision, uow: UowDep, office: OfficeDep, who: FederationDep
) -> dict:
    """Upheld: the grant is declined (``objection_upheld``) and its amount released."""
    return await publicity.decide_objection(
        uow, office, who, objection_id, upheld=body.upheld, note=body.note
    )


@router.post("/grants/{grant_id}/disbursement", summary="Record the payment (发放)")
async def disburse(
    grant_id: str, body: schemas.PaymentIn, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """After the notice is over and every objection is decided; at most the approved amount."""
    return view(await publicity.disburse(uow, office, who, grant_id, Payment(**body.model_dump())))


@router.post("/grants/{grant_id}/consent", status_code=201, summary="Record the consent")
async def consent(
    grant_id: str, body: schemas.ConsentIn, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """The worker's (or guardian's) consent to ask government systems, with its scopes."""
    return await checks.record_consent(uow, office, who, grant_id, Consent(**body.model_dump()))


@router.post(
    "/grants/{grant_id}/government-checks",
    status_code=201,
    summary="Ask civil affairs or social security, with consent",
)
async def government_check(
    grant_id: str,
    body: schemas.CheckIn,
    uow: UowDep,
    office: OfficeDep,
    who: StaffDep,
    token: TokenDep,
) -> dict:
    """The ID number must be the member's (its keyed hash); it is not stored. Without a
    consent covering the kind: 422 ``consent`` and no query. 503 when the government side is
    unavailable."""
    try:
        return await checks.check(
            uow,
            office,
            who,
            grant_id,
            kind=body.kind,
            id_number=body.id_number,
            name=body.name,
            bearer_token=token,
        )
    except GovernmentUnavailable as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None


@router.get("/grants.xlsx", response_class=Response, summary="Grants as a spreadsheet")
async def export(uow: UowDep, who: StaffDep, program_id: str | None = None) -> Response:
    async with uow:
        found, _ = await uow.grants.listing(
            stations=who.visible_stations(),
            filters={"program_id": program_id},
            offset=0,
            limit=100_000,
        )
    columns = [
        "id",
        "program_id",
        "station_code",
        "member_id",
        "union_id",
        "amount",
        "status",
        "applied_on",
        "approved_on",
        "publicity_from",
        "publicity_until",
        "disbursed_amount",
        "disbursed_on",
        "method",
        "payment_reference",
        "end_reason",
    ]
    return xlsx("grants", columns, [view(g) for g in found], "grants.xlsx")
