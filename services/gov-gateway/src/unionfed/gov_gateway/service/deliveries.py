"""Tell and refer, the sending side: the delivery job (报送任务) that works off the deliveries
table — due rows are claimed, sent with their Idempotency-Key, and on acknowledgement marked
sent and announced on the ``gov`` topic in the same transaction."""

from __future__ import annotations

import logging
from datetime import timedelta

from unionfed.common.events.contracts import gov
from unionfed.gov_gateway.adapters.government import GovernmentRefused, GovernmentUnavailable
from unionfed.gov_gateway.domain.delivery import AID_REPORT, REFERRAL, next_attempt
from unionfed.gov_gateway.domain.referral import moves_forward
from unionfed.gov_gateway.service.context import Gateway
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork

log = logging.getLogger(__name__)


async def deliver_due(make_uow, gateway: Gateway) -> int:
    """Send what is due; the number acknowledged. Stops early while a circuit is open."""
    now = gateway.clock()
    policy = gateway.delivery
    async with make_uow() as uow:
        due = await uow.deliveries.claim_due(
            now, lease_until=now + timedelta(seconds=policy.lease), limit=policy.batch
        )
        await uow.commit()
    acknowledged = 0
    for position, delivery in enumerate(due):
        try:
            receipt = await gateway.government.post(
                delivery["path"],
                delivery["payload"],
                idempotency_key=delivery["idempotency_key"],
                retry=False,
            )
        except GovernmentRefused as exc:
            await _refused(make_uow(), gateway, delivery, exc)
        except GovernmentUnavailable as exc:
            await _later(make_uow(), gateway, delivery, exc.reason)
            if exc.reason == "circuit_open":
                for rest in due[position + 1 :]:  # not tried: they keep their place
                    async with make_uow() as uow:
                        await uow.deliveries.release(rest["id"])
                        await uow.commit()
                break
        else:
            await _acknowledged(make_uow(), gateway, delivery, receipt)
            acknowledged += 1
    return acknowledged


async def purge_nonces(make_uow, gateway: Gateway) -> None:
    async with make_uow() as uow:
        await uow.nonces.purge(gateway.clock())
        await uow.commit()


async def _acknowledged(uow: GatewayUnitOfWork, gateway: Gateway, delivery: dict, receipt):
    now = gateway.clock()
    async with uow:
        await uow.deliveries.sent(delivery["id"], receipt=receipt, now=now)
        if delivery["kind"] == AID_REPORT:
            uow.publish(
                gov.AidReportDelivered(
                    grant_id=delivery["subject_id"],
                    station_code=delivery["station_code"],
                    receipt_reference=str(receipt.get("receipt_reference", "")),
                    at=now,
                ),
                subject=delivery["subject_id"],
                station=delivery["station_code"],
            )
        elif delivery["kind"] == REFERRAL:
            await _referral_moved(uow, delivery, "received", receipt.get("bureau_reference"), now)
        await uow.commit()


async def _refused(uow: GatewayUnitOfWork, gateway: Gateway, delivery: dict, exc):
    log.error("delivery %s refused by the government: %s", delivery["id"], exc)
    async with uow:
        attempts = delivery["attempts"] + 1
        await uow.deliveries.failed(delivery["id"], attempts=attempts, error=str(exc))
        if delivery["kind"] == REFERRAL:
            await _referral_moved(uow, delivery, "rejected", None, gateway.clock())
        await uow.commit()


async def _later(uow: GatewayUnitOfWork, gateway: Gateway, delivery: dict, reason: str):
    policy = gateway.delivery
    attempts = delivery["attempts"] + 1
    at = next_attempt(
        gateway.clock(),
        attempts,
        base=policy.backoff_base,
        cap=policy.backoff_cap,
        jitter=gateway.rng.random(),
    )
    async with uow:
        await uow.deliveries.retry_later(delivery["id"], attempts=attempts, at=at, error=reason)
        await uow.commit()


async def _referral_moved(uow: GatewayUnitOfWork, delivery, status, bureau_reference, now):
    referral = await uow.referrals.get(delivery["subject_id"])
    if referral is None:
        return
    if not moves_forward(referral["status"], status):  # a callback got there first
        await uow.referrals.set_status(referral["id"], bureau_reference=bureau_reference, at=now)
        return
    await uow.referrals.set_status(
        referral["id"], status=status, bureau_reference=bureau_reference, at=now
    )
    uow.publish(
        gov.ReferralStatusChanged(
            referral_id=referral["id"],
            case_id=referral["case_id"],
            station_code=referral["station_code"],
            status=status,
            bureau_reference=bureau_reference,
            at=now,
        ),
        subject=referral["case_id"],
        station=referral["station_code"],
    )
