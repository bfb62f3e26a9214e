"""Deadlines of a case: accept or decline within working days of filing; mediation concluded
within days of acceptance, after which the worker may go to labour arbitration (one-year limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from unionfed.grievance.domain.calendar import WorkingCalendar, add_working_days
from unionfed.grievance.domain.case import Category, Status
from unionfed.grievance.domain.grievance import Grievance

ACCEPT_BY = "accept_by"
MEDIATION_BY = "mediation_by"
# When a deadline is met: once the case has left the statuses it names.
PENDING_WHILE = {
    ACCEPT_BY: {Status.received},
    MEDIATION_BY: {Status.accepted, Status.assigned, Status.in_mediation},
}
ARBITRATION_LIMIT = "one year from the day the worker knew their rights were infringed"


@dataclass(frozen=True)
class DeadlinePolicy:
    accept_working_days: int = 3
    # Calendar days: the Labour Dispute Mediation and Arbitration Law counts 15 days (第十四条).
    mediation_days: int = 15
    accept_working_days_by_category: dict[Category, int] = field(default_factory=dict)

    def accept_days(self, category: Category) -> int:
        return self.accept_working_days_by_category.get(category, self.accept_working_days)


def on_filing(case: Grievance, calendar: WorkingCalendar, policy: DeadlinePolicy) -> None:
    filed = case.filed_at.date()
    case.deadlines[ACCEPT_BY] = add_working_days(calendar, filed, policy.accept_days(case.category))


def on_acceptance(case: Grievance, accepted_on: date, policy: DeadlinePolicy) -> None:
    case.deadlines[MEDIATION_BY] = accepted_on + timedelta(days=policy.mediation_days)


def newly_overdue(case: Grievance, today: date) -> list[str]:
    """Deadlines passed (the day after the due date) and not met, not reported before."""
    return [
        name
        for name, due in sorted(case.deadlines.items())
        if today > due and case.status in PENDING_WHILE[name] and name not in case.overdue
    ]
