"""Dependency aliases shared by the routers, and the verification of signed requests."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from unionfed.common.auth import AnyStaff, FederationStaff, Principal, Role, require_roles
from unionfed.gov_gateway import signing
from unionfed.gov_gateway.service.context import Gateway
from unionfed.gov_gateway.service.partner import audit_call
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork
from unionfed.gov_gateway.settings import PartnerCredential

log = logging.getLogger(__name__)


def get_uow(request: Request) -> GatewayUnitOfWork:
    return request.app.state.runtime.uow()


def get_gateway(request: Request) -> Gateway:
    return request.app.state.runtime.gateway


UowDep = Annotated[GatewayUnitOfWork, Depends(get_uow)]
GatewayDep = Annotated[Gateway, Depends(get_gateway)]
StaffDep = AnyStaff
AuditorDep = Annotated[Principal, Depends(require_roles(Role.station_admin, Role.federation_admin))]
FederationDep = FederationStaff
PageDep = Annotated[int, Query(ge=1)]
SizeDep = Annotated[int, Query(ge=1, le=500)]


async def verified(request: Request, gateway: Gateway, secret_for) -> signing.SignedRequest:
    """Signature, freshness, then the nonce (spent only by a correctly signed request)."""
    body = await request.body()
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    target = signing.request_target(raw_path.decode(), request.scope.get("query_string", b""))
    try:
        signed = signing.verify(
            method=request.method,
            target=target,
            headers=request.headers,
            body=body,
            secret_for=secret_for,
            max_skew=gateway.max_skew,
        )
        async with request.app.state.runtime.uow() as uow:
            fresh = await uow.nonces.claim(
                signed.key_id, signed.nonce, signing.nonce_expiry(signed, gateway.max_skew)
            )
            await uow.commit()
        if not fresh:
            raise signing.SignatureRefused("replayed_nonce", "nonce already used")
    except signing.SignatureRefused as exc:
        log.warning("signed request to %s refused: %s", request.url.path, exc.reason)
        raise HTTPException(401, f"signature refused: {exc.reason}") from exc
    return signed


async def bureau_callback(request: Request, gateway: GatewayDep) -> str:
    """A callback signed with the bureau's key (a partner's key is not accepted here)."""
    return (await verified(request, gateway, gateway.callback_keys.get)).key_id


@dataclass(frozen=True)
class PartnerCaller:
    key_id: str
    credential: PartnerCredential


def partner_scope(scope: str):
    """A signed partner request holding ``scope``, within its rate limit; refusals audited."""

    action = "partner." + scope.replace(".", "_")  # as the answered calls are named

    async def caller(request: Request, gateway: GatewayDep) -> PartnerCaller:
        signed = await verified(request, gateway, gateway.partner_secret)
        partner = gateway.partners[signed.key_id]
        wait = gateway.bucket(signed.key_id).take()
        refusal = None
        if wait > 0:
            refusal = HTTPException(
                429, "rate limit exceeded", headers={"Retry-After": str(math.ceil(wait))}
            )
        elif scope not in partner.scopes:
            refusal = HTTPException(403, f"requires scope {scope}")
        if refusal is not None:
            async with request.app.state.runtime.uow() as uow:
                outcome = "rate_limited" if refusal.status_code == 429 else "refused_scope"
                await audit_call(
                    uow, gateway, signed.key_id, partner, action=action, record_id=None,
                    outcome=outcome, summary={"path": request.url.path},
                )  # fmt: skip
                await uow.commit()
            raise refusal
        return PartnerCaller(signed.key_id, partner)

    return caller


AidReceivedCaller = Annotated[PartnerCaller, Depends(partner_scope("aid.received"))]
ReferralStatusCaller = Annotated[PartnerCaller, Depends(partner_scope("referral.status"))]
BureauDep = Annotated[str, Depends(bureau_callback)]
