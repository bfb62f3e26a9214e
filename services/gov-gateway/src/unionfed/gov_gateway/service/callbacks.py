"""Status updates from the labour-inspection bureau (回执), arriving as signed callbacks:
each update id is applied once; a later status moves the referral on and is announced on the
``gov`` topic, for the grievance case's timeline; a repeat or an older one changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from unionfed.common.errors import NotFound, RuleViolation
from unionfed.common.events.contracts import gov
from unionfed.gov_gateway.domain.referral import moves_forward
from unionfed.gov_gateway.service.context import Gateway
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork


@dataclass(frozen=True)
class StatusUpdate:
    update_id: str
    status: str
    outcome: str | None
    bureau_reference: str | None
    at: datetime


async def apply_status_update(
    uow: GatewayUnitOfWork, gateway: Gateway, *, referral_id: str, key_id: str, update: StatusUpdate
) -> dict:
    if update.status == "concluded" and update.outcome is None:
        raise RuleViolation("outcome", "required", "a concluded referral needs its outcome")
    now = gateway.clock()
    async with uow:
        referral = await uow.referrals.get(referral_id)
        if referral is None:
            raise NotFound("referral")
        applies = moves_forward(referral["status"], update.status)
        first = await uow.referrals.add_update(
            update_id=update.update_id,
            referral_id=referral_id,
            status=update.status,
            outcome=update.outcome,
            bureau_reference=update.bureau_reference,
            at=update.at,
            applied=applies,
            received_at=now,
        )
        if not first:
            return {"referral_id": referral_id, "status": referral["status"], "duplicate": True}
        if applies:
            await uow.referrals.set_status(
                referral_id,
                status=update.status,
                outcome=update.outcome,
                bureau_reference=update.bureau_reference,
                at=now,
            )
            uow.publish(
                gov.ReferralStatusChanged(
                    referral_id=referral_id,
                    case_id=referral["case_id"],
                    station_code=referral["station_code"],
                    status=update.status,
                    outcome=update.outcome,
                    bureau_reference=update.bureau_reference or referral["bureau_reference"],
                    at=update.at,
                ),
                subject=referral["case_id"],
                station=referral["station_code"],
            )
        await uow.audit.record(
            actor=key_id,
            actor_kind="government",
            actor_roles="bureau",
            action="callback.referral_status",
            record_type="referral",
            record_id=referral_id,
            station_code=referral["station_code"],
            purpose="referral status",
            outcome="applied" if applies else "ignored_older",
            summary={"status": update.status, "outcome": update.outcome},
            at=now,
        )
        await uow.commit()
    status = update.status if applies else referral["status"]
    return {"referral_id": referral_id, "status": status, "duplicate": False, "applied": applies}
