"""Aid programs (帮扶项目) per year and period, and who is eligible for them.

送温暖 winter visits, 送清凉 summer relief, 金秋助学 education aid per child and school stage,
大病救助 serious-illness relief, 意外致困 emergency relief, 劳模困难帮扶 model-worker relief.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from unionfed.common.errors import Conflict, RuleViolation

KINDS = frozenset(
    {
        "winter_visit",
        "summer_relief",
        "education_aid",
        "serious_illness_relief",
        "emergency_relief",
        "model_worker_relief",
    }
)
SCHOOL_STAGES = frozenset(
    {
        "preschool",
        "primary",
        "junior_secondary",
        "senior_secondary",
        "vocational",
        "undergraduate",
        "postgraduate",
    }
)
FEDERATION = "federation"
"""The budget holder of the federation's own desk (a station budget holder is its code)."""


@dataclass(frozen=True)
class Eligibility:
    """What an applicant must be and bring."""

    hardship_file_required: bool = True
    levels: tuple[str, ...] = ()  # empty: any level (when a file is required)
    member_status: str = "active"
    documents: tuple[str, ...] = ()
    model_worker_only: bool = False
    stage_amounts: dict[str, Decimal] = field(default_factory=dict)  # education aid, per child


@dataclass
class Program:
    id: str
    kind: str
    period: str
    year: int
    title: str
    per_person_cap: Decimal
    eligibility: Eligibility
    publicity_days: int = 5
    government_check_required: bool = False
    status: str = "open"

    def require_open(self) -> None:
        if self.status != "open":
            raise Conflict("program_id", "program_open", f"the program is {self.status}")


@dataclass(frozen=True)
class Applicant:
    """What is known about the person applying, from events and this deployment's files."""

    member_active: bool
    file_level: str | None  # level of the member's file on record, None without one
    model_worker: bool
    documents: frozenset[str]
    children_stages: tuple[str, ...] = ()


def check_program(kind: str, eligibility: Eligibility, cap: Decimal) -> Eligibility:
    if kind not in KINDS:
        raise RuleViolation("kind", "one_of", f"kind is one of {sorted(KINDS)}")
    if cap <= 0:
        raise RuleViolation("per_person_cap", "positive", "the cap per person is above 0")
    if kind == "education_aid":
        if not eligibility.stage_amounts:
            raise RuleViolation("stage_amounts", "required", "education aid pays per stage")
        if not set(eligibility.stage_amounts) <= SCHOOL_STAGES:
            raise RuleViolation("stage_amounts", "one_of", f"stages: {sorted(SCHOOL_STAGES)}")
    if kind == "model_worker_relief" and not eligibility.model_worker_only:
        # The model-worker program is for model workers by definition.
        eligibility = Eligibility(**{**eligibility.__dict__, "model_worker_only": True})
    return eligibility


def amount_due(program: Program, applicant: Applicant, asked: Decimal | None) -> Decimal:
    """Check eligibility and return the amount to grant (never above the cap)."""
    rules = program.eligibility
    if rules.member_status == "active" and not applicant.member_active:
        raise RuleViolation("member_id", "active_member", "only active members are eligible")
    if rules.hardship_file_required and applicant.file_level is None:
        raise RuleViolation("member_id", "hardship_file", "the member has no hardship file on file")
    if rules.levels and applicant.file_level not in rules.levels:
        raise RuleViolation(
            "member_id", "hardship_level", f"the program is for levels {', '.join(rules.levels)}"
        )
    if rules.model_worker_only and not applicant.model_worker:
        raise RuleViolation("member_id", "model_worker", "only model workers in title are eligible")
    if missing := sorted(set(rules.documents) - applicant.documents):
        raise RuleViolation(
            "documents", "required", f"missing documents: {', '.join(missing)}", missing=missing
        )
    if program.kind == "education_aid":
        if not applicant.children_stages:
            raise RuleViolation("children", "required", "education aid is per child in school")
        if unknown := sorted(set(applicant.children_stages) - set(rules.stage_amounts)):
            raise RuleViolation("children", "stage_covered", f"no amount for {', '.join(unknown)}")
        amount = sum(
            (Decimal(rules.stage_amounts[s]) for s in applicant.children_stages), Decimal(0)
        )
        return min(amount, program.per_person_cap)
    if asked is None:
        return program.per_person_cap
    if asked <= 0:
        raise RuleViolation("amount", "positive", "the amount is above 0")
    if asked > program.per_person_cap:
        raise RuleViolation(
            "amount", "within_cap", f"the cap per person is {program.per_person_cap}"
        )
    return asked


def to_fen(amount: Decimal) -> int:
    """Money is kept in fen (分): integers add up exactly in every database."""
    return int((Decimal(amount) * 100).to_integral_value())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))
