"""Request bodies of the aid API (answers are plain dicts built by the routers)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["deep", "relative", "accident"]
Cause = Literal[
    "serious_illness",
    "disability",
    "disaster",
    "accident",
    "single_parent",
    "children_in_school",
    "unemployment_in_family",
    "other",
]
Kind = Literal[
    "winter_visit",
    "summer_relief",
    "education_aid",
    "serious_illness_relief",
    "emergency_relief",
    "model_worker_relief",
]


class HouseholdIn(BaseModel):
    level: Level
    causes: list[Cause] = Field(min_length=1)
    household_size: int = Field(ge=1, le=30)
    monthly_household_income: Decimal = Field(ge=0, description="Yuan a month, whole household")
    cause_details: str = Field(default="", max_length=4000, description="Encrypted at rest")
    evidence: str = Field(default="", max_length=4000, description="Evidence notes; encrypted")
    note: str = Field(default="", max_length=2000)


class FileOpen(HouseholdIn):
    member_id: str


class FileStep(BaseModel):
    note: str = Field(default="", max_length=2000)


class FileClose(BaseModel):
    reason: Literal["out_of_hardship", "no_longer_member", "moved_away", "deceased", "other"]
    note: str = Field(default="", max_length=2000)


class EligibilityIn(BaseModel):
    hardship_file_required: bool = True
    levels: list[Level] = Field(default_factory=list, description="Empty: any level")
    member_status: Literal["active", "any"] = "active"
    documents: list[str] = Field(default_factory=list, description="e.g. ['diagnosis']")
    model_worker_only: bool = False
    stage_amounts: dict[str, Decimal] = Field(
        default_factory=dict, description="Education aid: yuan per child and school stage"
    )


class ProgramIn(BaseModel):
    kind: Kind
    period: str = Field(min_length=6, max_length=60, examples=["2027-spring-festival"])
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=200)
    per_person_cap: Decimal = Field(gt=0)
    eligibility: EligibilityIn = Field(default_factory=EligibilityIn)
    publicity_days: int | None = Field(default=None, ge=1, le=60)
    government_check_required: bool = False


class BudgetIn(BaseModel):
    station_code: str | None = Field(default=None, description="None: the federation's own")
    amount: Decimal = Field(ge=0)


class GrantIn(BaseModel):
    program_id: str
    member_id: str
    name: str = Field(min_length=1, max_length=50, description="As on the ID card; encrypted")
    reason: str = Field(default="", max_length=4000, description="Encrypted at rest")
    documents: list[str] = Field(default_factory=list)
    children: list[str] = Field(default_factory=list, description="Education aid: stages")
    amount: Decimal | None = Field(default=None, gt=0, description="Default: the cap")
    applied_on: date | None = Field(default=None, description="Default today; not in future")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000)


class Approval(Note):
    approved_on: date | None = None


class Ending(Note):
    reason: str


class Publicity(BaseModel):
    grant_ids: list[str] = Field(min_length=1, max_length=500)
    publicity_from: date | None = None


class ObjectionIn(BaseModel):
    summary: str = Field(min_length=1, max_length=4000)
    raised_on: date | None = None


class Decision(Note):
    upheld: bool


class PaymentIn(BaseModel):
    amount: Decimal = Field(gt=0)
    method: Literal["bank_transfer", "cash", "in_kind"]
    disbursed_on: date
    payment_reference: str = Field(min_length=1, max_length=100)


class ConsentIn(BaseModel):
    given_by: Literal["worker", "guardian"]
    given_at: datetime
    purpose: str = "aid_eligibility"
    valid_until: date
    scopes: list[Literal["social_insurance", "civil_affairs"]] = Field(min_length=1)


class CheckIn(BaseModel):
    kind: Literal["social_insurance", "civil_affairs"]
    id_number: str = Field(min_length=15, max_length=18, description="Used once; not stored")
    name: str = Field(min_length=1, max_length=50)
