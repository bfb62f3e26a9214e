"""The partner API (``/partner/...``): government partners' signed, scoped, read-only calls."""

from __future__ import annotations

from fastapi import APIRouter

from unionfed.gov_gateway.api import schemas
from unionfed.gov_gateway.api.deps import (
    AidReceivedCaller,
    GatewayDep,
    PageDep,
    ReferralStatusCaller,
    SizeDep,
    UowDep,
)
from unionfed.gov_gateway.service import partner

router = APIRouter(prefix="/partner", tags=["partners"])
REFUSALS = {
    401: {"description": "signature, timestamp or nonce refused"},
    403: {"description": "the credential lacks the scope (named in the answer)"},
    429: {"description": "rate limit; see Retry-After"},
}


@router.post(
    "/aid-received",
    summary="Did this person receive union aid in a period (aid.received)",
    responses=REFUSALS,
)
async def aid_received(
    body: schemas.AidReceivedQuery, caller: AidReceivedCaller, uow: UowDep, gateway: GatewayDep
) -> dict:
    """The ID number in the body (never in the URL); the grants paid between ``from`` and
    ``to`` (disbursement dates, inclusive) with program, period and amount, and the total."""
    return await partner.aid_received(
        uow, gateway, key_id=caller.key_id, partner=caller.credential,
        id_number=body.id_number, since=body.from_, until=body.to,
    )  # fmt: skip


@router.get(
    "/referrals", summary="Referrals to your department (referral.status)", responses=REFUSALS
)
async def referrals(
    caller: ReferralStatusCaller,
    uow: UowDep,
    gateway: GatewayDep,
    status: str | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    rows, total = await partner.referral_list(
        uow, gateway, key_id=caller.key_id, partner=caller.credential, status=status,
        offset=(page - 1) * size, limit=size,
    )  # fmt: skip
    return {"items": rows, "total": total, "page": page, "size": size}


@router.get(
    "/referrals/{referral_id}",
    summary="One referral to your department (referral.status)",
    responses=REFUSALS,
)
async def referral(
    referral_id: str, caller: ReferralStatusCaller, uow: UowDep, gateway: GatewayDep
) -> dict:
    """Only referrals to the credential's department; any other answers 404."""
    return await partner.referral_status(
        uow, gateway, key_id=caller.key_id, partner=caller.credential, referral_id=referral_id
    )
