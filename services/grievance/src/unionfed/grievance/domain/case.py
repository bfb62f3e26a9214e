"""A grievance case (维权案件) and the steps it may take.

received → accepted | declined → assigned → mediation (调解) | legal aid (法律援助) | referred
(labour arbitration, labour inspection, court, another department) → resolved → the worker's
feedback (回访) → closed. Every step records who, when and a note; the timeline is the case's
history. A step that is not allowed names the steps that are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from unionfed.common.errors import Conflict

COLLECTIVE_THRESHOLD = 10  # 群体性: this many workers or more


class Category(StrEnum):
    unpaid_wages = "unpaid_wages"  # 欠薪
    social_insurance = "social_insurance"
    labour_contract = "labour_contract"
    dismissal = "dismissal"
    working_hours = "working_hours"  # 工时与加班
    work_injury = "work_injury"
    occupational_safety = "occupational_safety"
    women_workers = "women_workers"  # 女职工权益
    suggestion = "suggestion"  # 意见建议
    other = "other"


class Channel(StrEnum):
    walk_in = "walk_in"
    hotline_12351 = "hotline_12351"
    online = "online"
    referral = "referral"


class Status(StrEnum):
    received = "received"
    accepted = "accepted"
    declined = "declined"
    assigned = "assigned"
    in_mediation = "in_mediation"
    in_legal_aid = "in_legal_aid"
    referred = "referred"
    resolved = "resolved"
    feedback_recorded = "feedback_recorded"
    closed = "closed"


class ReferralTarget(StrEnum):
    labour_arbitration = "labour_arbitration"  # 劳动仲裁
    labour_inspection = "labour_inspection"  # 劳动监察
    court = "court"
    other_department = "other_department"


class Outcome(StrEnum):
    settled = "settled"
    partly_settled = "partly_settled"
    not_settled = "not_settled"
    withdrawn = "withdrawn"


# Which step may follow which: the state machine, in one table.
STEPS: dict[Status, dict[str, Status]] = {
    Status.received: {"accept": Status.accepted, "decline": Status.declined},
    Status.accepted: {"assign": Status.assigned},
    Status.assigned: {
        "assign": Status.assigned,
        "mediate": Status.in_mediation,
        "legal_aid": Status.in_legal_aid,
        "refer": Status.referred,
        "resolve": Status.resolved,
    },
    Status.in_mediation: {"refer": Status.referred, "resolve": Status.resolved},
    Status.in_legal_aid: {"refer": Status.referred, "resolve": Status.resolved},
    Status.referred: {"resolve": Status.resolved},
    Status.resolved: {"record_feedback": Status.feedback_recorded},
    Status.feedback_recorded: {"close": Status.closed},
    Status.declined: {"close": Status.closed},
    Status.closed: {},
}


class StepRefused(Conflict):
    """A step the case's status does not allow (409), naming those it does."""

    def __init__(self, status: Status, step: str) -> None:
        allowed = sorted(STEPS[status])
        super().__init__(
            "step",
            "allowed_from_status",
            f"a case that is {status} cannot '{step}'; allowed: {', '.join(allowed) or 'none'}",
            status=status.value,
            allowed=",".join(allowed),
        )
        self.allowed = allowed


@dataclass(frozen=True)
class Step:
    """One entry of the timeline."""

    action: str
    status: Status
    at: datetime
    by: str
    note: str = ""
    details: dict = field(default_factory=dict)
