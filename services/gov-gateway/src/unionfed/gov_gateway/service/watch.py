"""What the gateway does with other services' events.

``aid``: each grant paid (``aid.grant.disbursed.v1``) goes into the ledger partners may ask
about, and a report to civil affairs (民政) is queued — with the person's ID number when a
consented check brought it here, otherwise by the union's grant reference and person key only
(``identity_unknown``). ``grievance``: a case referred to labour inspection for unpaid wages or
social insurance queues a referral (移送) to the bureau. Both are queued in the consumer's own
transaction, so an event is never applied without its delivery or the other way round.
"""

from __future__ import annotations

from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import aid, grievance
from unionfed.gov_gateway.domain.delivery import AID_REPORT, REFERRAL, aid_report_key
from unionfed.gov_gateway.domain.referral import DEPARTMENT, is_referrable, referral_id
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork

AID_REPORT_PATH = "/mca/v1/aid-reports"
REFERRAL_PATH = "/hrss/v1/labour-inspection/referrals"


def aid_handlers(clock) -> dict:
    async def disbursed(env: EventEnvelope, uow: GatewayUnitOfWork) -> None:
        d: aid.GrantDisbursed = env.data
        await uow.ledger.record(
            grant_id=d.grant_id,
            person_key=d.person_key,
            program_kind=d.program_kind,
            period=d.period,
            year=d.year,
            station_code=d.station_code,
            amount=d.amount,
            disbursed_on=d.disbursed_on,
        )
        id_number = await uow.identities.id_number_of(d.person_key)
        identity = "identified" if id_number else "identity_unknown"
        await uow.deliveries.enqueue(
            kind=AID_REPORT,
            subject_id=d.grant_id,
            station_code=d.station_code,
            idempotency_key=aid_report_key(d.grant_id),
            path=AID_REPORT_PATH,
            payload={
                "grant_id": d.grant_id,
                "union_grant_reference": f"{d.station_code}/{d.grant_id}",
                "person_key": d.person_key,
                "id_number": id_number,
                "identity_status": identity,
                "program_kind": d.program_kind,
                "period": d.period,
                "year": d.year,
                "amount": str(d.amount),
                "method": d.method,
                "disbursed_on": d.disbursed_on.isoformat(),
                "station_code": d.station_code,
            },
            identity=identity,
            now=clock(),
        )

    return {aid.GrantDisbursed.event_type: disbursed}


def grievance_handlers(clock) -> dict:
    async def referred(env: EventEnvelope, uow: GatewayUnitOfWork) -> None:
        d: grievance.CaseReferred = env.data
        if not is_referrable(d.target, d.category):
            return
        rid = referral_id(d.case_id)
        new = await uow.referrals.add(
            id=rid,
            case_id=d.case_id,
            station_code=d.station_code,
            department=DEPARTMENT,
            category=d.category,
            employer_credit_code=d.employer_credit_code,
            workers_affected=d.workers_affected,
            collective=d.collective,
            status="queued",
            created_at=d.at,
            updated_at=d.at,
        )
        if not new:
            return
        await uow.deliveries.enqueue(
            kind=REFERRAL,
            subject_id=rid,
            station_code=d.station_code,
            idempotency_key=f"referral:{rid}",
            path=REFERRAL_PATH,
            payload={
                "referral_id": rid,
                "case_id": d.case_id,
                "station_code": d.station_code,
                "category": d.category,
                "employer_credit_code": d.employer_credit_code,
                "workers_affected": d.workers_affected,
                "collective": d.collective,
                "referred_at": d.at.isoformat(),
            },
            identity=None,
            now=clock(),
        )

    return {grievance.CaseReferred.event_type: referred}
