"""What this service learns from other topics: members from ``membership`` (so that a nominee
is named by member id), and from ``grievance`` the employers with an open unpaid-wages or
social-insurance case, whose nominees are flagged to the reviewers (read models compute the
flag from this table, so a nominee is flagged also when the case arrives after nomination)."""

from __future__ import annotations

from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import grievance, membership
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork

FLAGGED_CATEGORIES = frozenset({"unpaid_wages", "social_insurance"})
CLOSING = (grievance.CaseResolved, grievance.CaseClosed, grievance.CaseDeclined)
CASE_EVENTS = (
    grievance.CaseFiled,
    grievance.CaseAccepted,
    grievance.CaseAssigned,
    grievance.MediationStarted,
    grievance.LegalAidStarted,
    grievance.CaseReferred,
    grievance.CaseEscalated,
    grievance.CaseOverdue,
    grievance.FeedbackRecorded,
    *CLOSING,
)


def grievance_handlers() -> dict:
    async def case_event(env: EventEnvelope, uow: ModelWorkerUnitOfWork) -> None:
        data: grievance.CaseFacts = env.data
        if data.category not in FLAGGED_CATEGORIES:
            return
        await uow.employer_cases.seen(
            case_id=data.case_id,
            employer_key=data.employer_key,
            credit_code=data.employer_credit_code,
            category=data.category,
            station_code=data.station_code,
            at=data.at,
            open_=not isinstance(data, CLOSING),
        )

    return {event.event_type: case_event for event in CASE_EVENTS}


def member_handlers() -> dict:
    async def joined(env: EventEnvelope, uow: ModelWorkerUnitOfWork) -> None:
        d = env.data
        await uow.members.record(d.member_id, d.person_key, d.station_code, active=True)

    async def left(env: EventEnvelope, uow: ModelWorkerUnitOfWork) -> None:
        d = env.data
        await uow.members.record(d.member_id, d.person_key, d.station_code, active=False)

    async def transferred(env: EventEnvelope, uow: ModelWorkerUnitOfWork) -> None:
        d = env.data
        await uow.members.record(d.from_member_id, d.person_key, d.from_station_code, active=False)
        await uow.members.record(d.member_id, d.person_key, d.station_code, active=True)

    return {
        membership.MemberJoined.event_type: joined,
        membership.MemberUpdated.event_type: joined,
        membership.MemberLeft.event_type: left,
        membership.MemberTransferred.event_type: transferred,
    }
