"""What this service learns from other topics: members from ``membership`` (so that a nominee
is named by member id), and from ``grievance`` the employers with an open unpaid-wages or
social-insurance case, whose nominees are flagged to the reviewers (read models compute the
flag from this table, so a nominee is flagged also when the case arrives after nomination)."""

from __future__ import annotations

from unionfed.common.events import EventEnvelope
from unionfed.common.events.contracts import aid, grievance, membership
from unionfed.common.events.contracts import model_worker as contracts
from unionfed.model_worker.service.events import title_facts
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


def aid_handlers() -> dict:
    """Hardship relief for model workers is granted by aid's ``model_worker_relief`` program:
    a disbursed grant is recorded as the year's ``hardship_relief`` of the person's title(s)
    in force (a grant to someone without a title in force is not ours to record)."""

    async def disbursed(env: EventEnvelope, uow: ModelWorkerUnitOfWork) -> None:
        d: aid.GrantDisbursed = env.data
        if d.program_kind != "model_worker_relief":
            return
        for title in await uow.titles.held_by(d.person_key):
            if (
                not title.in_force
                or not title.awarded_on.year <= d.year <= title.managed_until.year
            ):
                continue
            done = await uow.titles.delivered([title.id], d.year)
            if any(x["benefit"] == "hardship_relief" for x in done):
                continue
            await uow.titles.add_delivery(
                title.id,
                d.year,
                "hardship_relief",
                on=d.disbursed_on,
                note=f"aid grant {d.grant_id}",
                by="aid",
            )
            uow.publish(
                contracts.BenefitDelivered(
                    **title_facts(title, d.at),
                    benefit="hardship_relief",
                    year=d.year,
                    delivered_on=d.disbursed_on,
                ),
                subject=title.id,
                station=title.station_code,
            )

    return {aid.GrantDisbursed.event_type: disbursed}
