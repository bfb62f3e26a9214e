"""Membership transfers (会籍转移): request at the origin, accept or decline at the destination."""

from __future__ import annotations

from fastapi import APIRouter, Query

from unionfed.membership.api.deps import DeploymentDep, PageDep, StaffDep, UowDep, paged
from unionfed.membership.api.schemas import (
    MemberRead,
    TransferAccept,
    TransferCreate,
    TransferDecline,
    TransferRead,
)
from unionfed.membership.service import queries, transfers

router = APIRouter(tags=["transfers"])


@router.post("/members/{member_id}/transfers", status_code=201, response_model=TransferRead)
async def request_transfer(
    member_id: str, body: TransferCreate, uow: UowDep, who: StaffDep, dep: DeploymentDep
):
    transfer = await transfers.request_transfer(
        uow, principal=who, deployment=dep, member_id=member_id, to_union_id=body.to_union_id
    )
    return TransferRead.of(transfer)


@router.get("/transfers")
async def list_transfers(
    uow: UowDep,
    who: StaffDep,
    page: PageDep,
    status: str | None = Query(default=None, pattern="^(requested|accepted|declined)$"),
) -> dict:
    """Transfers from or to your stations."""
    items, total = await queries.list_transfers(
        uow, who, status=status, offset=page.offset, limit=page.size
    )
    return paged([TransferRead.of(t) for t in items], total, page)


@router.post("/transfers/{transfer_id}/accept", response_model=MemberRead)
async def accept(
    transfer_id: str, body: TransferAccept, uow: UowDep, who: StaffDep, dep: DeploymentDep
):
    """Accept at the destination; the new membership keeps the original join date."""
    real_name = transfers.RealName(**body.real_name.model_dump()) if body.real_name else None
    member = await transfers.accept_transfer(
        uow, principal=who, deployment=dep, transfer_id=transfer_id, real_name=real_name
    )
    return MemberRead.of(member)


@router.post("/transfers/{transfer_id}/decline", response_model=TransferRead)
async def decline(
    transfer_id: str, body: TransferDecline, uow: UowDep, who: StaffDep, dep: DeploymentDep
):
    transfer = await transfers.decline_transfer(
        uow, principal=who, deployment=dep, transfer_id=transfer_id, reason=body.reason
    )
    return TransferRead.of(transfer)
