"""Hardship files (困难职工档案): who is in hardship, and the steps to put a family on file.

Application → first review by the grassroots union (基层工会初审) → home visit by the station
(入户核查) → approval by the federation (县总工会审批) → on file (建档). Re-verified every year;
a family out of hardship leaves the file (解困脱困).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from unionfed.common.errors import Conflict, RuleViolation

CAUSES = frozenset(
    {
        "serious_illness",
        "disability",
        "disaster",
        "accident",
        "single_parent",
        "children_in_school",
        "unemployment_in_family",
        "other",
    }
)
LEVELS = frozenset({"deep", "relative", "accident"})
"""深度困难, 相对困难, 意外致困."""
CLOSE_REASONS = frozenset(
    {"out_of_hardship", "no_longer_member", "moved_away", "deceased", "other"}
)


class FileStatus(StrEnum):
    applied = "applied"
    union_reviewed = "union_reviewed"
    visited = "visited"
    on_file = "on_file"
    rejected = "rejected"
    closed = "closed"


# step → (statuses it may follow, status it leads to, who may take it)
STEPS: dict[str, tuple[frozenset[FileStatus], FileStatus, str]] = {
    "union_review": (frozenset({FileStatus.applied}), FileStatus.union_reviewed, "station"),
    "home_visit": (frozenset({FileStatus.union_reviewed}), FileStatus.visited, "station"),
    "approve": (frozenset({FileStatus.visited}), FileStatus.on_file, "federation"),
    "reject": (
        frozenset({FileStatus.applied, FileStatus.union_reviewed, FileStatus.visited}),
        FileStatus.rejected,
        "station",
    ),
}


def allowed_steps(status: FileStatus) -> list[str]:
    return [step for step, (before, _, _) in STEPS.items() if status in before]


def per_head(monthly_income: Decimal, household_size: int) -> Decimal:
    return (monthly_income / household_size).quantize(Decimal("0.01"), ROUND_HALF_UP)


def threshold_for(thresholds: dict[str, Decimal], on: date) -> tuple[int, Decimal]:
    """The county's threshold of the latest year at or before ``on``."""
    years = sorted(int(y) for y in thresholds if int(y) <= on.year)
    if not years:
        raise RuleViolation(
            "monthly_household_income", "threshold_known", f"no income threshold for {on.year}"
        )
    return years[-1], Decimal(thresholds[str(years[-1])])


def check_household(
    *,
    level: str,
    causes: list[str],
    household_size: int,
    monthly_income: Decimal,
    thresholds: dict[str, Decimal],
    on: date,
) -> Decimal:
    """The family's figures against the rules; returns the income per head."""
    if level not in LEVELS:
        raise RuleViolation("level", "one_of", f"level is one of {sorted(LEVELS)}")
    if not causes or not set(causes) <= CAUSES:
        raise RuleViolation("causes", "one_of", f"at least one cause of {sorted(CAUSES)}")
    if household_size < 1:
        raise RuleViolation("household_size", "at_least_one", "the household has a member")
    if monthly_income < 0:
        raise RuleViolation("monthly_household_income", "not_negative", "income is ≥ 0")
    head = per_head(monthly_income, household_size)
    year, limit = threshold_for(thresholds, on)
    # An accident (意外致困) puts a family in hardship whatever its usual income.
    if level != "accident" and head > limit:
        raise RuleViolation(
            "monthly_household_income",
            "under_threshold",
            f"income per head {head} is above the {year} threshold {limit}",
            threshold=limit,
            per_head=head,
        )
    return head


@dataclass
class HardshipFile:
    id: str
    station_code: str
    member_id: str
    person_key: str
    level: str
    causes: list[str]
    household_size: int
    status: FileStatus = FileStatus.applied
    opened_on: date | None = None
    approved_on: date | None = None
    reverify_by: date | None = None
    overdue: bool = False
    closed_on: date | None = None
    close_reason: str | None = None
    union_id: str | None = None
    steps: list[dict] = field(default_factory=list)

    def take(self, step: str, *, federation: bool) -> FileStatus:
        """Move to the step's status, or refuse naming the steps the status allows."""
        if step not in STEPS:
            raise RuleViolation("step", "one_of", f"step is one of {sorted(STEPS)}")
        before, after, who = STEPS[step]
        if self.status not in before:
            raise Conflict(
                "step",
                "allowed_steps",
                f"a file that is {self.status} allows: {', '.join(allowed_steps(self.status))}",
                allowed=",".join(allowed_steps(self.status)),
            )
        if who == "federation" and not federation:
            raise Conflict("step", "federation_only", "the federation approves hardship files")
        self.status = after
        return after

    def require_on_file(self) -> None:
        if self.status is not FileStatus.on_file:
            raise Conflict("status", "on_file", f"the file is {self.status}, not on file")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(
        year, month, min(day.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    )
