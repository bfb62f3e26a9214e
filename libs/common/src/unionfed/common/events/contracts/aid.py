"""Contracts of the ``aid`` topic: help for workers in difficulty (帮扶).

A person is the member id in the deployment that holds the file or grant and the membership
keyed hash (``person_key``); never a name, ID number, phone, income figure or the health details
behind a cause. Every aid deployment builds a county-wide grant ledger from these events, keyed
by ``(person_key, program_kind, period)``, so the same help is never paid twice.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from unionfed.common.events.contract import IntegrationEvent, event_contract

HardshipLevel = Literal["deep", "relative", "accident"]
"""深度困难, 相对困难, 意外致困."""
HardshipCause = Literal[
    "serious_illness", "disability", "disaster", "accident", "single_parent",
    "children_in_school", "unemployment_in_family", "other",
]  # fmt: skip
ProgramKind = Literal[
    "winter_visit", "summer_relief", "education_aid", "serious_illness_relief",
    "emergency_relief", "model_worker_relief",
]  # fmt: skip
"""送温暖, 送清凉, 金秋助学, 大病救助, 意外致困救助, 劳模困难帮扶."""
CloseReason = Literal["out_of_hardship", "no_longer_member", "moved_away", "deceased", "other"]
DeclineReason = Literal[
    "not_eligible", "over_cap", "budget_exhausted", "already_granted", "objection_upheld",
    "government_check", "other",
]  # fmt: skip
CancelReason = Literal["applicant_withdrew", "duplicate_detected", "entered_in_error", "other"]
PaymentMethod = Literal["bank_transfer", "cash", "in_kind"]


class HardshipFileFacts(IntegrationEvent):
    """What every hardship-file (困难职工档案) event says about the file."""

    file_id: str
    station_code: str
    member_id: str
    person_key: str
    level: HardshipLevel
    causes: list[HardshipCause] = Field(min_length=1)
    household_size: int = Field(ge=1)
    at: datetime


@event_contract("aid.hardship_file.opened.v1")
class HardshipFileOpened(HardshipFileFacts):
    """A hardship file was applied for at a station."""


@event_contract("aid.hardship_file.approved.v1")
class HardshipFileApproved(HardshipFileFacts):
    """The federation approved the file; the family is on file (建档) until re-verification."""

    reverify_by: date


@event_contract("aid.hardship_file.reverified.v1")
class HardshipFileReverified(HardshipFileFacts):
    """The yearly re-verification confirmed the family is still in hardship."""

    reverify_by: date


@event_contract("aid.hardship_file.closed.v1")
class HardshipFileClosed(HardshipFileFacts):
    """The family left the file (解困脱困), or the file was closed for another reason."""

    reason: CloseReason
    closed_on: date


@event_contract("aid.program.opened.v1")
class ProgramOpened(IntegrationEvent):
    """A deployment opened an aid program for a period (e.g. 2027 Spring Festival visits)."""

    program_id: str
    program_kind: ProgramKind
    period: str = Field(description="County-wide period code, e.g. '2027-spring-festival'")
    year: int
    title: str = Field(description="The program's public title")
    per_person_cap: Decimal
    at: datetime


@event_contract("aid.budget.set.v1")
class BudgetSet(IntegrationEvent):
    """A program's budget for one station, or for the federation's own desk, was set."""

    program_id: str
    program_kind: ProgramKind
    period: str
    year: int
    station_code: str | None = Field(description="None: the federation's own budget")
    amount: Decimal = Field(ge=0)
    at: datetime


class GrantFacts(IntegrationEvent):
    """What every grant event says about the grant."""

    grant_id: str
    program_id: str
    program_kind: ProgramKind
    period: str
    year: int
    station_code: str
    member_id: str
    person_key: str
    amount: Decimal = Field(ge=0)
    at: datetime


@event_contract("aid.grant.applied.v1")
class GrantApplied(GrantFacts):
    """Someone applied for a grant of a program."""


@event_contract("aid.grant.approved.v1")
class GrantApproved(GrantFacts):
    """The grant was approved; its amount is committed against the budget."""


@event_contract("aid.grant.publicised.v1")
class GrantPublicised(GrantFacts):
    """The grant is on the public list (公示) with the person's data masked."""

    publicity_from: date
    publicity_until: date


@event_contract("aid.grant.objection_raised.v1")
class GrantObjectionRaised(GrantFacts):
    """An objection to a publicised grant was recorded."""

    objection_id: str


@event_contract("aid.grant.objection_decided.v1")
class GrantObjectionDecided(GrantFacts):
    """An objection was decided: upheld (the grant is declined) or dismissed."""

    objection_id: str
    upheld: bool


@event_contract("aid.grant.disbursed.v1")
class GrantDisbursed(GrantFacts):
    """The money (or goods) reached the person."""

    method: PaymentMethod
    disbursed_on: date
    payment_reference: str


@event_contract("aid.grant.declined.v1")
class GrantDeclined(GrantFacts):
    """The grant was declined."""

    reason: DeclineReason


@event_contract("aid.grant.cancelled.v1")
class GrantCancelled(GrantFacts):
    """The grant was cancelled after approval."""

    reason: CancelReason


@event_contract("aid.grant.duplicate_detected.v1")
class DuplicateGrantDetected(IntegrationEvent):
    """Two stations granted the same program in the same period to one person (a race)."""

    person_key: str
    program_kind: ProgramKind
    period: str
    grant_ids: list[str] = Field(min_length=2)
    station_codes: list[str]
    detected_at: datetime


CONTRACTS = (
    HardshipFileOpened, HardshipFileApproved, HardshipFileReverified, HardshipFileClosed,
    ProgramOpened, BudgetSet, GrantApplied, GrantApproved, GrantPublicised, GrantObjectionRaised,
    GrantObjectionDecided, GrantDisbursed, GrantDeclined, GrantCancelled, DuplicateGrantDetected,
)  # fmt: skip
