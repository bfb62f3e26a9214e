"""Callbacks from the government: the labour-inspection bureau's referral status updates."""

from __future__ import annotations

from fastapi import APIRouter

from unionfed.gov_gateway.api import schemas
from unionfed.gov_gateway.api.deps import BureauDep, GatewayDep, UowDep
from unionfed.gov_gateway.service.callbacks import StatusUpdate, apply_status_update

router = APIRouter(tags=["callbacks"])


@router.post(
    "/callbacks/referrals/{referral_id}/status",
    summary="A referral's status at the bureau (signed by the bureau)",
    responses={401: {"description": "signature, timestamp or nonce refused"}},
)
async def referral_status(
    referral_id: str,
    body: schemas.StatusCallback,
    key_id: BureauDep,
    uow: UowDep,
    gateway: GatewayDep,
) -> dict:
    """received → investigating → concluded (with an outcome), or rejected. Idempotent by
    ``update_id``; an update older than the status known changes nothing."""
    update = StatusUpdate(body.update_id, body.status, body.outcome, body.bureau_reference, body.at)
    return await apply_status_update(
        uow, gateway, referral_id=referral_id, key_id=key_id, update=update
    )
