"""A model worker's title (劳动模范称号): not for life. Managed for a term of at most 5 years,
assessed every year together with the employer; a failed assessment leads to a revocation
proposal and, once approved, to revocation; at the end of the term the title expires. Benefits
are due only while the title is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from unionfed.common.errors import Conflict, RuleViolation

MAX_TERM_YEARS = 5
BENEFITS = ("health_check", "study_visit", "union_newspaper", "hardship_relief")


class TitleStatus(StrEnum):
    active = "active"
    revocation_proposed = "revocation_proposed"  # benefits continue until approval
    revoked = "revoked"
    expired = "expired"


IN_FORCE = (TitleStatus.active, TitleStatus.revocation_proposed)


def term_end(awarded_on: date, years: int) -> date:
    """The last day of a term of ``years`` (1 to 5) starting on ``awarded_on``."""
    if not 1 <= years <= MAX_TERM_YEARS:
        raise RuleViolation(
            "term_years", "max_term", f"a term is 1 to {MAX_TERM_YEARS} years of management"
        )
    try:
        end = awarded_on.replace(year=awarded_on.year + years)
    except ValueError:  # 29 February
        end = date(awarded_on.year + years, 2, 28)
    return date.fromordinal(end.toordinal() - 1)


@dataclass
class ModelWorkerTitle:
    id: str
    person_key: str
    member_id: str | None
    station_code: str
    level: str
    employer_credit_code: str | None
    sector: str
    awarded_on: date
    managed_until: date
    campaign_id: str | None = None
    nomination_id: str | None = None
    status: TitleStatus = TitleStatus.active
    revocation_reason: str | None = None
    ended_on: date | None = None
    document_number: str | None = None  # the approval of the award
    revocation_document_number: str | None = None

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE

    def _require(self, *statuses: TitleStatus) -> None:
        if self.status not in statuses:
            raise Conflict(
                "status",
                "title_status",
                f"the title is {self.status.value}; this needs "
                + " or ".join(s.value for s in statuses),
            )

    def check_assessment_year(self, year: int) -> None:
        self._require(*IN_FORCE)
        if not self.awarded_on.year <= year <= self.managed_until.year:
            raise RuleViolation(
                "year",
                "within_term",
                f"the term runs {self.awarded_on} to {self.managed_until}",
            )

    def propose_revocation(self, reason: str) -> None:
        self._require(TitleStatus.active)
        self.status, self.revocation_reason = TitleStatus.revocation_proposed, reason

    def decide_revocation(self, *, approved: bool, on: date, document_number: str | None):
        """After approval the title is revoked (benefits stop); a rejection keeps it active."""
        self._require(TitleStatus.revocation_proposed)
        if not approved:
            self.status, self.revocation_reason = TitleStatus.active, None
            return
        if not document_number:
            raise RuleViolation(
                "document_number", "required", "a revocation is approved by a numbered document"
            )
        self.status, self.ended_on = TitleStatus.revoked, on
        self.revocation_document_number = document_number

    def expire_if_due(self, today: date) -> bool:
        """At the end of the managed term the title expires (benefits stop)."""
        if self.in_force and today > self.managed_until:
            self.status, self.ended_on = TitleStatus.expired, self.managed_until
            return True
        return False

    def check_benefit(self, benefit: str, year: int) -> None:
        if benefit not in BENEFITS:
            raise RuleViolation("benefit", "known_benefit", f"one of: {', '.join(BENEFITS)}")
        if not self.in_force:
            raise Conflict(
                "status",
                "benefits_stopped",
                f"the title is {self.status.value}: benefits stopped on {self.ended_on}",
            )
        if not self.awarded_on.year <= year <= self.managed_until.year:
            raise RuleViolation(
                "year", "within_term", f"the term runs {self.awarded_on} to {self.managed_until}"
            )
