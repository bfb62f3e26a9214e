"""The grievance aggregate: one worker's (or a group's) complaint and what was done about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from unionfed.common.errors import RuleViolation
from unionfed.grievance.domain.case import (
    COLLECTIVE_THRESHOLD,
    STEPS,
    Category,
    Channel,
    Outcome,
    ReferralTarget,
    Status,
    Step,
    StepRefused,
)


@dataclass(frozen=True)
class Worker:
    """Who complains: a member (by internal id) or a non-member with contact details.

    Name and phone are personal data: stored encrypted, never put on the event stream.
    """

    name: str
    phone: str
    member_id: str | None = None


@dataclass(frozen=True)
class Employer:
    credit_code: str | None
    name: str

    @property
    def key(self) -> str:
        """What identifies the employer across stations: the credit code, else a hash of the
        name with spaces removed (the same employer typed at two stations)."""
        if self.credit_code:
            return self.credit_code
        normalised = "".join(self.name.split()).lower()
        return "name:" + hashlib.sha256(normalised.encode()).hexdigest()[:24]


@dataclass
class Grievance:
    id: str
    station_code: str
    channel: Channel
    category: Category
    description: str
    workers_affected: int
    amount_claimed: Decimal | None
    employer: Employer
    worker: Worker
    filed_at: datetime
    status: Status = Status.received
    handler: str | None = None
    referral: ReferralTarget | None = None
    outcome: Outcome | None = None
    amount_recovered: Decimal | None = None
    satisfaction: int | None = None
    escalated: bool = False
    deadlines: dict[str, date] = field(default_factory=dict)
    overdue: set[str] = field(default_factory=set)
    timeline: list[Step] = field(default_factory=list)

    @classmethod
    def file(
        cls,
        *,
        id: str,
        station_code: str,
        channel: Channel,
        category: Category,
        description: str,
        workers_affected: int,
        amount_claimed: Decimal | None,
        employer: Employer,
        worker: Worker,
        at: datetime,
        by: str,
    ) -> Grievance:
        if not description.strip():
            raise RuleViolation("description", "required", "describe the complaint")
        if workers_affected < 1:
            raise RuleViolation("workers_affected", "at_least_one", "at least one worker")
        if amount_claimed is not None and amount_claimed < 0:
            raise RuleViolation("amount_claimed", "non_negative", "an amount cannot be negative")
        if not employer.credit_code and not employer.name.strip():
            raise RuleViolation("employer", "required", "name the employer or give its credit code")
        case = cls(
            id=id,
            station_code=station_code,
            channel=channel,
            category=category,
            description=description.strip(),
            workers_affected=workers_affected,
            amount_claimed=amount_claimed,
            employer=employer,
            worker=worker,
            filed_at=at,
        )
        case.timeline.append(Step("file", Status.received, at, by))
        return case

    @property
    def collective(self) -> bool:
        """群体性: urgent, goes to the federation at once."""
        return self.workers_affected >= COLLECTIVE_THRESHOLD

    def allowed_steps(self) -> list[str]:
        return sorted(STEPS[self.status])

    def accept(self, *, at: datetime, by: str, note: str = "") -> None:
        self._step("accept", at, by, note)

    def decline(self, *, reason: str, at: datetime, by: str) -> None:
        if not reason.strip():
            raise RuleViolation("reason", "required", "say why the case is declined")
        self._step("decline", at, by, reason.strip())

    def assign(self, *, handler: str, at: datetime, by: str, note: str = "") -> None:
        if not handler.strip():
            raise RuleViolation("handler", "required", "name the handler")
        self._step("assign", at, by, note, handler=handler.strip())
        self.handler = handler.strip()

    def mediate(self, *, at: datetime, by: str, note: str = "") -> None:
        self._step("mediate", at, by, note)

    def legal_aid(self, *, at: datetime, by: str, note: str = "") -> None:
        self._step("legal_aid", at, by, note)

    def refer(self, *, target: ReferralTarget, at: datetime, by: str, note: str = "") -> None:
        self._step("refer", at, by, note, target=target.value)
        self.referral = target

    def resolve(
        self,
        *,
        outcome: Outcome,
        amount_recovered: Decimal | None,
        at: datetime,
        by: str,
        note: str = "",
    ) -> None:
        if amount_recovered is not None and amount_recovered < 0:
            raise RuleViolation("amount_recovered", "non_negative", "cannot be negative")
        self._step(
            "resolve",
            at,
            by,
            note,
            outcome=outcome.value,
            amount_recovered=str(amount_recovered or 0),
        )
        self.outcome, self.amount_recovered = outcome, amount_recovered

    def record_feedback(self, *, satisfaction: int, comment: str, at: datetime, by: str) -> None:
        if not 1 <= satisfaction <= 5:
            raise RuleViolation("satisfaction", "one_to_five", "satisfaction is 1 to 5")
        self._step("record_feedback", at, by, comment.strip(), satisfaction=satisfaction)
        self.satisfaction = satisfaction

    def close(self, *, at: datetime, by: str, note: str = "") -> None:
        self._step("close", at, by, note)

    def add_evidence(self, *, name: str, size: int, at: datetime, by: str) -> None:
        """Evidence may come at any time until the case is closed."""
        if self.status is Status.closed:
            raise StepRefused(self.status, "add_evidence")
        self.timeline.append(Step("add_evidence", self.status, at, by, name, {"size": size}))

    def note_referral_status(
        self,
        *,
        referral_id: str,
        status: str,
        outcome: str | None,
        bureau_reference: str | None,
        at: datetime,
        by: str,
    ) -> bool:
        """What the department a case was referred to says of it (e.g. labour inspection:
        received, investigating, concluded with an outcome), on the timeline; the case's own
        status is the station's to move. ``False`` if this status was noted already."""
        for step in self.timeline:
            if step.action == "referral_status" and (
                step.details.get("referral_id"),
                step.details.get("status"),
            ) == (referral_id, status):
                return False
        details = {"referral_id": referral_id, "status": status}
        details |= {"outcome": outcome} if outcome else {}
        details |= {"bureau_reference": bureau_reference} if bureau_reference else {}
        self.timeline.append(Step("referral_status", self.status, at, by, "", details))
        return True

    def escalate(self, *, reason: str, at: datetime, by: str) -> bool:
        """Bring the case to the federation's attention; ``False`` if it already was."""
        self.timeline.append(Step("escalate", self.status, at, by, reason))
        first = not self.escalated
        self.escalated = True
        return first

    def _step(self, action: str, at: datetime, by: str, note: str, **details) -> None:
        following = STEPS[self.status].get(action)
        if following is None:
            raise StepRefused(self.status, action)
        self.status = following
        self.timeline.append(Step(action, following, at, by, note, details))
