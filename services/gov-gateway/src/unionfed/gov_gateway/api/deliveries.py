"""Tell and refer, as staff see them: deliveries to the government and their state."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from unionfed.common.errors import Conflict, NotFound
from unionfed.gov_gateway.api.deps import (
    FederationDep,
    GatewayDep,
    PageDep,
    SizeDep,
    StaffDep,
    UowDep,
)

router = APIRouter(tags=["tell and refer"])


@router.get("/deliveries", summary="Reports and referrals sent to the government, and their state")
async def list_deliveries(
    uow: UowDep,
    who: StaffDep,
    gateway: GatewayDep,
    status: Literal["pending", "sent", "failed"] | None = None,
    kind: Literal["aid_report", "referral"] | None = None,
    station: str | None = None,
    identity: Literal["identified", "identity_unknown"] | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    """Newest first: pending (attempts so far, next try, last error), sent (the receipt) or
    failed (refused by the receiver; the federation may queue it again)."""
    filters = {"status": status, "kind": kind, "station_code": station, "identity": identity}
    async with uow:
        rows, total = await uow.deliveries.listing(
            stations=who.visible_stations(), filters=filters, offset=(page - 1) * size, limit=size
        )
        counts = await uow.deliveries.counts() if who.is_federation else None
    return {
        "items": rows,
        "total": total,
        "page": page,
        "size": size,
        "counts": counts,
        "circuits": gateway.government.breaker_states(),
    }


@router.post("/deliveries/{delivery_id}/retry", summary="Queue a failed delivery again")
async def retry(delivery_id: int, uow: UowDep, gateway: GatewayDep, who: FederationDep) -> dict:
    async with uow:
        if await uow.deliveries.get(delivery_id) is None:
            raise NotFound("delivery")
        if not await uow.deliveries.requeue(delivery_id, gateway.clock()):
            raise Conflict("status", "failed_only", "only a failed delivery can be queued again")
        await uow.commit()
        return await uow.deliveries.get(delivery_id)


@router.get("/referrals", summary="Cases referred to labour inspection and their status")
async def list_referrals(
    uow: UowDep, who: StaffDep, status: str | None = None, page: PageDep = 1, size: SizeDep = 50
) -> dict:
    async with uow:
        rows, total = await uow.referrals.listing(
            department=None, stations=who.visible_stations(), status=status,
            offset=(page - 1) * size, limit=size,
        )  # fmt: skip
    return {"items": rows, "total": total, "page": page, "size": size}
