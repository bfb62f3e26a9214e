"""Contracts of the ``grievance`` topic: workers' rights cases (维权) step by step.

Events carry the category, the station and the employer (its credit code, or a key derived from
its name) so the federation can supervise the channel and spot employers with many complaints;
never the worker's name, ID number or phone, and not the description.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from unionfed.common.events.contract import IntegrationEvent, event_contract

Category = Literal[
    "unpaid_wages", "social_insurance", "labour_contract", "dismissal", "working_hours",
    "work_injury", "occupational_safety", "women_workers", "suggestion", "other",
]  # fmt: skip
Channel = Literal["walk_in", "hotline_12351", "online", "referral"]


class CaseFacts(IntegrationEvent):
    """What every case event says about the case."""

    case_id: str
    station_code: str
    category: Category
    employer_key: str = Field(description="The credit code, or a hash of the employer's name")
    employer_credit_code: str | None = None
    workers_affected: int = Field(ge=1)
    collective: bool = Field(description="群体性: 10 or more workers")
    at: datetime


@event_contract("grievance.case.filed.v1")
class CaseFiled(CaseFacts):
    """A complaint was received at a station (by staff or online)."""

    channel: Channel
    member_id: str | None = Field(default=None, description="When the worker is a member")
    amount_claimed: Decimal | None = None
    accept_by: date


@event_contract("grievance.case.accepted.v1")
class CaseAccepted(CaseFacts):
    """The station accepted the case."""

    mediation_by: date


@event_contract("grievance.case.declined.v1")
class CaseDeclined(CaseFacts):
    """The station declined the case (the worker was told why)."""


@event_contract("grievance.case.assigned.v1")
class CaseAssigned(CaseFacts):
    """A handler was assigned."""


@event_contract("grievance.case.mediation_started.v1")
class MediationStarted(CaseFacts):
    """Mediation (劳动争议调解) began."""


@event_contract("grievance.case.legal_aid_started.v1")
class LegalAidStarted(CaseFacts):
    """Legal aid (法律援助) began."""


@event_contract("grievance.case.referred.v1")
class CaseReferred(CaseFacts):
    """Referred to labour arbitration, labour inspection, a court or another department."""

    target: Literal["labour_arbitration", "labour_inspection", "court", "other_department"]


@event_contract("grievance.case.escalated.v1")
class CaseEscalated(CaseFacts):
    """Brought to the federation: a collective case, or one past a deadline."""

    reason: Literal["collective", "overdue"]


@event_contract("grievance.case.overdue.v1")
class CaseOverdue(CaseFacts):
    """A deadline passed without the step it waits for."""

    deadline: Literal["accept_by", "mediation_by"]
    due_on: date


@event_contract("grievance.case.resolved.v1")
class CaseResolved(CaseFacts):
    """The case was resolved, settled or not."""

    outcome: Literal["settled", "partly_settled", "not_settled", "withdrawn"]
    amount_recovered: Decimal = Decimal(0)
    filed_at: datetime


@event_contract("grievance.case.feedback_recorded.v1")
class FeedbackRecorded(CaseFacts):
    """The worker's feedback (回访): satisfaction 1 to 5."""

    satisfaction: int = Field(ge=1, le=5)


@event_contract("grievance.case.closed.v1")
class CaseClosed(CaseFacts):
    """The case was closed."""


@event_contract("grievance.cluster.detected.v1")
class ClusterDetected(IntegrationEvent):
    """Several cases against one employer within a window, across all stations (early warning)."""

    cluster_id: str
    employer_key: str
    employer_credit_code: str | None = None
    case_ids: list[str]
    station_codes: list[str]
    window_days: int
    detected_at: datetime


CONTRACTS = (
    CaseFiled, CaseAccepted, CaseDeclined, CaseAssigned, MediationStarted, LegalAidStarted,
    CaseReferred, CaseEscalated, CaseOverdue, CaseResolved, FeedbackRecorded, CaseClosed,
    ClusterDetected,
)  # fmt: skip
