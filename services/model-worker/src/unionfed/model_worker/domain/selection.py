"""Selection (评选) rules: the nomination window, the one-vote veto, publicity, the vote
threshold, and the quotas and composition rules the evaluation meeting must respect."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from unionfed.common.errors import Conflict, RuleViolation

MAX_TERM_YEARS = 5


class CampaignStatus(StrEnum):
    open = "open"  # nominations and department clearance
    publicised = "publicised"  # 公示: objections recorded and decided
    evaluated = "evaluated"  # the evaluation meeting voted
    approved = "approved"  # county committee and government approved (document number)
    awarded = "awarded"  # titles were awarded


class NomineeStatus(StrEnum):
    nominated = "nominated"
    vetoed = "vetoed"  # 一票否决 by one department: out of the campaign
    publicised = "publicised"
    withdrawn = "withdrawn"  # an objection was upheld
    passed = "passed"
    failed = "failed"
    approved = "approved"
    awarded = "awarded"


@dataclass
class Campaign:
    """A selection campaign: level, year, quotas, composition rules, window and threshold."""

    id: str
    title: str
    level: str
    year: int
    quota_total: int
    quotas_by_sector: dict[str, int]
    min_front_line_share: float
    nominations_open: date
    nominations_close: date
    vote_threshold: float
    departments: list[str]
    status: CampaignStatus = CampaignStatus.open
    publicity_from: date | None = None
    publicity_until: date | None = None
    meeting_on: date | None = None
    document_number: str | None = None
    approved_on: date | None = None

    def require(self, *statuses: CampaignStatus) -> None:
        if self.status not in statuses:
            raise Conflict(
                "status",
                "campaign_status",
                f"the campaign is {self.status.value}; this needs "
                + " or ".join(s.value for s in statuses),
            )

    def check_nomination_window(self, today: date) -> None:
        self.require(CampaignStatus.open)
        if not self.nominations_open <= today <= self.nominations_close:
            raise RuleViolation(
                "campaign_id",
                "nomination_window",
                f"nominations are taken from {self.nominations_open} to {self.nominations_close}",
            )


@dataclass
class Nominee:
    """One nomination: the facts the selection rules look at."""

    id: str
    campaign_id: str
    station_code: str
    person_key: str
    member_id: str | None
    name: str
    employer_credit_code: str
    employer_name: str
    sector: str
    front_line: bool
    achievements: str
    congress_endorsed_on: date
    nominated_by_union_id: str | None = None
    status: NomineeStatus = NomineeStatus.nominated
    clearances: dict[str, dict] = field(default_factory=dict)  # department -> decision
    votes_for: int | None = None
    votes_cast: int | None = None

    def pending_departments(self, departments: list[str]) -> list[str]:
        return [d for d in departments if d not in self.clearances]

    def clear(
        self, campaign: Campaign, department: str, *, veto: bool, reason: str, on: date, by: str
    ) -> None:
        """Record one department's decision; a veto removes the nominee (一票否决)."""
        campaign.require(CampaignStatus.open)
        if department not in campaign.departments:
            raise RuleViolation(
                "department",
                "known_department",
                f"departments of this campaign: {', '.join(campaign.departments)}",
            )
        if self.status is not NomineeStatus.nominated:
            raise Conflict("status", "nominee_status", f"the nominee is {self.status.value}")
        if department in self.clearances:
            raise Conflict("department", "decided_once", f"{department} has already decided")
        if veto and not reason.strip():
            raise RuleViolation("reason", "required_for_veto", "a veto must give its reason")
        self.clearances[department] = {"veto": veto, "reason": reason, "on": on, "by": by}
        if veto:
            self.status = NomineeStatus.vetoed


def passes(votes_for: int, votes_cast: int, threshold: float) -> bool:
    """Passed when the share of votes for reaches the threshold (e.g. 2/3 of votes cast)."""
    return votes_cast > 0 and votes_for / votes_cast >= threshold


def check_composition(campaign: Campaign, selected: list[Nominee]) -> None:
    """The total quota, the quotas by sector and the minimum share of front-line workers."""
    if len(selected) > campaign.quota_total:
        raise RuleViolation(
            "votes",
            "quota_total",
            f"{len(selected)} nominees passed; the quota is {campaign.quota_total}",
        )
    for sector, quota in campaign.quotas_by_sector.items():
        count = sum(1 for n in selected if n.sector == sector)
        if count > quota:
            raise RuleViolation(
                "votes", "quota_sector", f"{count} passed in sector {sector}; its quota is {quota}"
            )
    front_line = sum(1 for n in selected if n.front_line)
    if selected and front_line / len(selected) < campaign.min_front_line_share:
        raise RuleViolation(
            "votes",
            "min_front_line_share",
            f"{front_line} of {len(selected)} passed are front-line workers; "
            f"at least {campaign.min_front_line_share:.0%} must be",
        )


def check_sector_quota_on_nomination(campaign: Campaign, sector: str) -> None:
    if campaign.quotas_by_sector and sector not in campaign.quotas_by_sector:
        raise RuleViolation(
            "sector",
            "campaign_sector",
            f"this campaign's sectors: {', '.join(sorted(campaign.quotas_by_sector))}",
        )
