"""Contracts of the ``model-worker`` topic: model workers (劳动模范), from selection to expiry.

A nominee or model worker is the nomination or title id, the membership keyed hash
(``person_key``, also for non-members: it is keyed from the ID number the same way) and the
member id where they are a member; never a name or ID number, and not a veto's reasons.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from unionfed.common.events.contract import IntegrationEvent, event_contract

TitleLevel = Literal["county", "city", "provincial", "national"]
Benefit = Literal["health_check", "study_visit", "union_newspaper", "hardship_relief"]


@event_contract("model-worker.campaign.opened.v1")
class CampaignOpened(IntegrationEvent):
    """A selection campaign (评选) opened for nominations."""

    campaign_id: str
    level: TitleLevel
    year: int
    quota_total: int = Field(ge=1)
    quotas_by_sector: dict[str, int] = Field(default_factory=dict)
    min_front_line_share: float = Field(ge=0, le=1)
    nominations_open: date
    nominations_close: date
    at: datetime


@event_contract("model-worker.campaign.publicised.v1")
class CampaignPublicised(IntegrationEvent):
    """The candidates are on public notice (公示)."""

    campaign_id: str
    nomination_ids: list[str]
    publicity_from: date
    publicity_until: date
    at: datetime


@event_contract("model-worker.campaign.approved.v1")
class CampaignApproved(IntegrationEvent):
    """The county committee and government approved the list, by a numbered document."""

    campaign_id: str
    nomination_ids: list[str]
    document_number: str
    approved_on: date
    at: datetime


class NomineeFacts(IntegrationEvent):
    """What every nomination event says about the nominee."""

    nomination_id: str
    campaign_id: str
    station_code: str
    person_key: str
    member_id: str | None = None
    employer_credit_code: str
    sector: str
    front_line: bool
    at: datetime


@event_contract("model-worker.nominee.nominated.v1")
class Nominated(NomineeFacts):
    """A grassroots union or station nominated someone."""

    nominated_by_union_id: str | None = None


@event_contract("model-worker.nominee.cleared.v1")
class NomineeCleared(NomineeFacts):
    """A department cleared the nominee (no objection on its side)."""

    department: str


@event_contract("model-worker.nominee.vetoed.v1")
class NomineeVetoed(NomineeFacts):
    """A department vetoed the nominee (一票否决); the nominee is out of the campaign."""

    department: str


@event_contract("model-worker.nominee.objection_raised.v1")
class NomineeObjectionRaised(NomineeFacts):
    """An objection to a publicised nominee was recorded."""

    objection_id: str


@event_contract("model-worker.nominee.evaluated.v1")
class NomineeEvaluated(NomineeFacts):
    """The evaluation meeting voted on the nominee."""

    votes_for: int = Field(ge=0)
    votes_cast: int = Field(ge=0)
    threshold: float
    passed: bool


class TitleFacts(IntegrationEvent):
    """What every title event says about the model worker."""

    title_id: str
    person_key: str
    member_id: str | None = None
    station_code: str
    level: TitleLevel
    employer_credit_code: str | None = None
    sector: str
    at: datetime


@event_contract("model-worker.title.awarded.v1")
class TitleAwarded(TitleFacts):
    """A title was awarded (or one awarded at a higher level was recorded)."""

    campaign_id: str | None = None
    awarded_on: date
    managed_until: date = Field(description="End of the managed term, at most 5 years")


@event_contract("model-worker.title.assessed.v1")
class TitleAssessed(TitleFacts):
    """The yearly assessment with the employer: passed or failed."""

    year: int
    passed: bool


@event_contract("model-worker.title.revocation_proposed.v1")
class RevocationProposed(TitleFacts):
    """A failed assessment or misconduct led to a proposal to revoke the title."""


@event_contract("model-worker.title.revoked.v1")
class TitleRevoked(TitleFacts):
    """The title was revoked; benefits stop."""

    revoked_on: date


@event_contract("model-worker.title.expired.v1")
class TitleExpired(TitleFacts):
    """The managed term ended; benefits stop."""

    expired_on: date


@event_contract("model-worker.benefit.delivered.v1")
class BenefitDelivered(TitleFacts):
    """A benefit due to a model worker was delivered."""

    benefit: Benefit
    year: int
    delivered_on: date


CONTRACTS = (
    CampaignOpened, CampaignPublicised, CampaignApproved, Nominated, NomineeCleared,
    NomineeVetoed, NomineeObjectionRaised, NomineeEvaluated, TitleAwarded, TitleAssessed,
    RevocationProposed, TitleRevoked, TitleExpired, BenefitDelivered,
)  # fmt: skip
