"""What this deployment learns from the ``grievance`` events of every deployment: cases by
employer county-wide, and the cluster alerts (预警) raised when too many meet in a window.

From the ``gov`` topic: the status of a case referred to labour inspection, as the bureau
reports it through the government gateway, goes on the case's timeline (in the deployment that
holds the case; the others do not know the case and skip it).

In a county with several grievance deployments, one of them (the federation's) raises the
alerts (``raise_cluster_alerts``); the others only keep the picture. The cluster id is the same
wherever it is computed, so an alert raised twice is still one alert.
"""

from __future__ import annotations

from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import gov, membership
from unionfed.common.events.contracts import grievance as contracts
from unionfed.grievance.domain.clusters import ClusterRule, cluster_id, is_cluster
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork


def handlers(rule: ClusterRule, *, raise_alerts: bool) -> dict:
    async def case_filed(env: EventEnvelope, uow: GrievanceUnitOfWork) -> None:
        data: contracts.CaseFiled = env.data
        await uow.clusters.remember(
            case_id=data.case_id,
            employer_key=data.employer_key,
            credit_code=data.employer_credit_code,
            station_code=data.station_code,
            filed_at=data.at,
        )
        if not raise_alerts:
            return
        since = rule.window_start(data.at)
        cases = await uow.clusters.cases_since(data.employer_key, since)
        if not is_cluster(rule, cases) or await uow.clusters.alerted_since(
            data.employer_key, since
        ):
            return
        cid = cluster_id(data.employer_key, cases[0].case_id)
        await uow.clusters.add_alert(
            cluster_id=cid,
            employer_key=data.employer_key,
            credit_code=data.employer_credit_code,
            cases=cases,
            detected_at=data.at,
        )
        uow.publish(
            contracts.ClusterDetected(
                cluster_id=cid,
                employer_key=data.employer_key,
                employer_credit_code=data.employer_credit_code,
                case_ids=[c.case_id for c in cases],
                station_codes=sorted({c.station_code for c in cases}),
                window_days=rule.window_days,
                detected_at=data.at,
            ),
            subject=data.employer_key,
        )

    return {contracts.CaseFiled.event_type: case_filed}


def member_handlers() -> dict:
    """Which member ids exist and are active, so that a case can name a member."""

    async def joined(env: EventEnvelope, uow: GrievanceUnitOfWork) -> None:
        await uow.members.record(env.data.member_id, env.data.station_code, active=True)

    async def left(env: EventEnvelope, uow: GrievanceUnitOfWork) -> None:
        await uow.members.record(env.data.member_id, env.data.station_code, active=False)

    async def transferred(env: EventEnvelope, uow: GrievanceUnitOfWork) -> None:
        await uow.members.record(env.data.from_member_id, env.data.from_station_code, active=False)
        await uow.members.record(env.data.member_id, env.data.station_code, active=True)

    return {
        membership.MemberJoined.event_type: joined,
        membership.MemberLeft.event_type: left,
        membership.MemberTransferred.event_type: transferred,
    }


def gov_handlers() -> dict:
    async def referral_status(env: EventEnvelope, uow: GrievanceUnitOfWork) -> None:
        data: gov.ReferralStatusChanged = env.data
        case = await uow.cases.get(data.case_id)
        if case is None:  # another deployment's case
            return
        if case.note_referral_status(
            referral_id=data.referral_id,
            status=data.status,
            outcome=data.outcome,
            bureau_reference=data.bureau_reference,
            at=data.at,
            by="labour_inspection",
        ):
            await uow.cases.save(case)

    return {gov.ReferralStatusChanged.event_type: referral_status}
