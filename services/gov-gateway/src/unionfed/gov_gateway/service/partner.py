"""Be asked (协查): government partners' narrow read-only questions, each one audited.

``aid.received``: did this person receive union aid in this period, and how much — the partner
sends the ID number, the gateway turns it into the person key and answers from the ledger of
grants paid. ``referral.status``: the status of a case referred to the partner's department.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from unionfed.common.errors import NotFound, RuleViolation
from unionfed.common.identifiers import parse_resident_id
from unionfed.gov_gateway.service.context import Gateway
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork
from unionfed.gov_gateway.settings import PartnerCredential


async def audit_call(uow, gateway, key_id, partner, *, action, record_id, outcome, summary=None):
    await uow.audit.record(
        actor=key_id,
        actor_kind="partner",
        actor_roles=",".join(sorted(partner.scopes)),
        action=action,
        record_type="partner_call",
        record_id=record_id,
        purpose=partner.department or partner.name,
        outcome=outcome,
        summary=summary or {},
        at=gateway.clock(),
    )


async def aid_received(
    uow: GatewayUnitOfWork,
    gateway: Gateway,
    *,
    key_id: str,
    partner: PartnerCredential,
    id_number: str,
    since: date,
    until: date,
) -> dict:
    if until < since:
        raise RuleViolation("to", "after_from", "the period ends before it starts")
    number = parse_resident_id(id_number.strip().upper(), field="id_number").number
    person_key = gateway.keyer.person_key(number)
    async with uow:
        grants = await uow.ledger.received(person_key, since, until)
        total = sum((g["amount"] for g in grants), Decimal(0))
        await audit_call(
            uow,
            gateway,
            key_id,
            partner,
            action="partner.aid_received",
            record_id=person_key[:16],
            outcome="answered",
            summary={"from": since.isoformat(), "to": until.isoformat(), "grants": len(grants)},
        )
        await uow.commit()
    return {
        "received": bool(grants),
        "total_amount": f"{total:.2f}",
        "grants": [
            {
                "program_kind": g["program_kind"],
                "period": g["period"],
                "amount": f"{g['amount']:.2f}",
                "disbursed_on": g["disbursed_on"],
            }
            for g in grants
        ],
    }


async def referral_status(
    uow: GatewayUnitOfWork,
    gateway: Gateway,
    *,
    key_id: str,
    partner: PartnerCredential,
    referral_id: str,
) -> dict:
    async with uow:
        referral = await uow.referrals.get(referral_id)
        mine = referral is not None and referral["department"] == partner.department
        await audit_call(
            uow,
            gateway,
            key_id,
            partner,
            action="partner.referral_status",
            record_id=referral_id,
            outcome="answered" if mine else "not_found",
        )
        await uow.commit()
        if not mine:  # another department's referral answers like a missing one
            raise NotFound("referral")
        history = await uow.referrals.history(referral_id)
    return partner_view(referral) | {"history": history}


async def referral_list(
    uow: GatewayUnitOfWork, gateway: Gateway, *, key_id, partner, status, offset, limit
) -> tuple[list[dict], int]:
    async with uow:
        rows, total = await uow.referrals.listing(
            department=partner.department, stations=None, status=status, offset=offset, limit=limit
        )
        await audit_call(
            uow, gateway, key_id, partner, action="partner.referral_list", record_id=None,
            outcome="answered", summary={"count": len(rows)},
        )  # fmt: skip
        await uow.commit()
    return [partner_view(r) for r in rows], total


def partner_view(referral: dict) -> dict:
    keys = ("id", "case_id", "station_code", "category", "employer_credit_code",
            "workers_affected", "collective", "status", "outcome", "bureau_reference",
            "created_at", "updated_at")  # fmt: skip
    return {k: referral[k] for k in keys}
