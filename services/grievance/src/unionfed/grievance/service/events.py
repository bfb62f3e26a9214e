"""Case events from cases: the facts every event carries, and one event per step."""

from __future__ import annotations

from datetime import datetime

from unionfed.common.events.contracts import grievance as contracts
from unionfed.grievance.domain.grievance import Grievance

# The event each step publishes (filing and deadlines have their own).
STEP_EVENTS = {
    "accept": contracts.CaseAccepted,
    "decline": contracts.CaseDeclined,
    "assign": contracts.CaseAssigned,
    "mediate": contracts.MediationStarted,
    "legal_aid": contracts.LegalAidStarted,
    "refer": contracts.CaseReferred,
    "resolve": contracts.CaseResolved,
    "record_feedback": contracts.FeedbackRecorded,
    "close": contracts.CaseClosed,
}


def facts(case: Grievance, at: datetime) -> dict:
    return {
        "case_id": case.id,
        "station_code": case.station_code,
        "category": case.category.value,
        "employer_key": case.employer.key,
        "employer_credit_code": case.employer.credit_code,
        "workers_affected": case.workers_affected,
        "collective": case.collective,
        "at": at,
    }


def step_event(case: Grievance, step: str, at: datetime) -> contracts.CaseFacts:
    extra: dict = {}
    if step == "accept":
        extra["mediation_by"] = case.deadlines["mediation_by"]
    elif step == "refer":
        extra["target"] = case.referral.value
    elif step == "resolve":
        extra |= {
            "outcome": case.outcome.value,
            "filed_at": case.filed_at,
            "amount_recovered": case.amount_recovered or 0,
        }
    elif step == "record_feedback":
        extra["satisfaction"] = case.satisfaction
    return STEP_EVENTS[step](**facts(case, at), **extra)
