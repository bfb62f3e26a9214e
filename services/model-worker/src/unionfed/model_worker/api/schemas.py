"""Request and response bodies of the model-worker API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from unionfed.common.events.contracts.model_worker import Benefit, TitleLevel


class CampaignCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200, examples=["2026年度县级劳动模范评选"])
    level: TitleLevel = "county"
    year: int = Field(ge=2000, le=2100)
    quota_total: int = Field(ge=1)
    quotas_by_sector: dict[str, int] = Field(default_factory=dict, examples=[{"industry": 3}])
    min_front_line_share: float = Field(ge=0, le=1, examples=[0.5])
    nominations_open: date
    nominations_close: date
    vote_threshold: float = Field(default=2 / 3, description="Share of votes cast needed to pass")
    departments: list[str] | None = Field(
        default=None, description="Departments that clear nominees; default: the deployment's"
    )


class NominationCreate(BaseModel):
    station_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=50, description="Stored encrypted; not in events")
    member_id: str | None = Field(default=None, description="When the nominee is a member")
    resident_id: str | None = Field(
        default=None, description="Required for non-members; only its keyed hash is kept"
    )
    employer_credit_code: str
    employer_name: str = Field(min_length=1, max_length=200)
    sector: str = Field(min_length=1, max_length=40)
    front_line: bool
    achievements: str = Field(min_length=1, max_length=5000)
    congress_endorsed_on: date = Field(description="Endorsed by the workers' congress (职代会)")
    nominated_by_union_id: str | None = None


class ClearanceBody(BaseModel):
    department: str = Field(min_length=1, max_length=40, examples=["labour_inspection"])
    veto: bool = False
    reason: str = Field(default="", max_length=2000, description="Required for a veto")


class PublicityBody(BaseModel):
    publicity_from: date
    publicity_until: date


class ObjectionBody(BaseModel):
    summary: str = Field(min_length=1, max_length=5000)


class ObjectionDecision(BaseModel):
    upheld: bool
    finding: str = Field(min_length=1, max_length=5000)


class VoteBody(BaseModel):
    nomination_id: str
    votes_for: int = Field(ge=0)
    votes_cast: int = Field(ge=1)


class EvaluationBody(BaseModel):
    meeting_on: date
    votes: list[VoteBody]


class ApprovalBody(BaseModel):
    document_number: str = Field(min_length=1, max_length=100, examples=["X委发〔2026〕12号"])
    approved_on: date


class AwardBody(BaseModel):
    awarded_on: date
    term_years: int = Field(default=5, ge=1, le=5, description="Managed term, at most 5 years")


class AssessmentBody(BaseModel):
    year: int
    passed: bool
    reasons: str = Field(default="", max_length=5000, description="Required when failed")
    employer_opinion: str = Field(min_length=1, max_length=5000)


class RevocationProposal(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class RevocationDecision(BaseModel):
    approved: bool
    decided_on: date
    document_number: str | None = Field(default=None, max_length=100)


class DeliveryBody(BaseModel):
    benefit: Benefit
    year: int
    delivered_on: date
    note: str = Field(default="", max_length=2000)


class StudioCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    station_code: str = Field(min_length=1, max_length=32)
    lead_title_id: str
    field: str = Field(min_length=1, max_length=100, examples=["数控加工"])
    member_ids: list[str] = Field(default_factory=list)


class AchievementBody(BaseModel):
    year: int
    title: str = Field(min_length=1, max_length=500)
    kind: str = Field(default="innovation", examples=["patent", "innovation", "apprentices"])
    on: date | None = None


class StudioMembers(BaseModel):
    member_ids: list[str]


class TitleRecord(BaseModel):
    """A title awarded at a higher level (city, provincial, national), recorded here."""

    station_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=50, description="Stored encrypted; not in events")
    member_id: str | None = None
    resident_id: str | None = Field(default=None, description="Only its keyed hash is kept")
    level: TitleLevel
    sector: str = Field(min_length=1, max_length=40)
    employer_credit_code: str | None = None
    employer_name: str | None = Field(default=None, max_length=200)
    awarded_on: date
    document_number: str = Field(min_length=1, max_length=100)
    term_years: int = Field(default=5, ge=1, le=5)
