"""Request and answer bodies of the gateway's API (kept apart from the tables)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

CheckKind = Literal["social_insurance", "civil_affairs"]


class CaseRef(BaseModel):
    service: str = Field(min_length=1, max_length=40, examples=["aid"])
    reference: str = Field(min_length=1, max_length=64, description="grant or hardship-file id")
    station_code: str = Field(min_length=1, max_length=32, examples=["XZ01"])


class ConsentIn(BaseModel):
    consent_id: str = Field(min_length=1, max_length=64)
    given_by: Literal["worker", "guardian"]
    given_at: datetime
    purpose: str = Field(min_length=1, max_length=40)
    valid_until: date
    scopes: list[CheckKind] = Field(min_length=1)
    recorded_by: str = Field(min_length=1, max_length=100)


class CheckBody(BaseModel):
    kind: CheckKind
    id_number: str = Field(min_length=15, max_length=20, description="18-character resident ID")
    name: str = Field(min_length=1, max_length=60, description="name as on the ID card")
    person_key: str = Field(min_length=16, max_length=64)
    purpose: str = Field(min_length=1, max_length=40, examples=["aid_eligibility"])
    case: CaseRef
    consent: ConsentIn | None = Field(default=None, description="required; refused without it")


class SocialInsurance(BaseModel):
    status: Literal["contributing", "lapsed", "none"]
    months_paid_last_12: int = Field(ge=0, le=12)
    insured_since: date | None


class CivilAffairs(BaseModel):
    minimum_living_guarantee: bool
    extreme_poverty: bool
    temporary_assistance_last_12_months: bool


class CheckAnswer(BaseModel):
    query_id: str
    kind: CheckKind
    asked_at: datetime
    answered_at: datetime
    social_insurance: SocialInsurance | None
    civil_affairs: CivilAffairs | None


class StatusCallback(BaseModel):
    update_id: str = Field(min_length=1, max_length=80)
    status: Literal["received", "investigating", "concluded", "rejected"]
    outcome: (
        Literal["wages_paid", "order_issued", "penalty_imposed", "no_violation", "other"] | None
    ) = None
    bureau_reference: str | None = Field(default=None, max_length=60)
    at: datetime


class AidReceivedQuery(BaseModel):
    id_number: str = Field(min_length=15, max_length=20)
    from_: date = Field(alias="from")
    to: date
