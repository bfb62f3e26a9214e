"""Contracts of the ``membership`` topic: service stations, grassroots unions and members.

A person appears only as ``person_key``: the HMAC-SHA256 of their normalised resident ID
number under the federation-wide secret. The same person has the same key in every deployment,
which lets each deployment keep a county-wide directory without ever seeing the number.
Members carry only what the federation aggregates: worker type, gender, birth year, union,
station, employer.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from unionfed.common.events.contract import IntegrationEvent, event_contract

StationKind = Literal["town", "street", "industrial_park"]
WorkerType = Literal["regular", "migrant", "new_form"]
Gender = Literal["male", "female"]
LeaveReason = Literal["left", "deceased"]
DeclineReason = Literal["not_employed_here", "already_member_here", "wrong_union", "other"]


@event_contract("membership.station.registered.v1")
class StationRegistered(IntegrationEvent):
    """The federation registered a service station (乡镇/街道/园区职工服务站)."""

    station_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    kind: StationKind


@event_contract("membership.union.registered.v1")
class UnionRegistered(IntegrationEvent):
    """A grassroots union (基层工会) was founded and registered at a station (建会)."""

    union_id: str
    station_code: str
    employer_name: str
    employer_credit_code: str
    sector: str
    headcount: int = Field(ge=0, description="Employees of the employer, for the membership rate")
    founded_on: date


@event_contract("membership.union.updated.v1")
class UnionUpdated(IntegrationEvent):
    """A grassroots union's headcount or sector changed."""

    union_id: str
    station_code: str
    sector: str
    headcount: int = Field(ge=0)


@event_contract("membership.union.dissolved.v1")
class UnionDissolved(IntegrationEvent):
    """A grassroots union was dissolved, or merged into another (then ``merged_into`` is set)."""

    union_id: str
    station_code: str
    dissolved_on: date
    merged_into: str | None = None


class MemberFacts(IntegrationEvent):
    """The non-identifying facts about a member that every member event carries."""

    member_id: str = Field(description="Internal member id in the deployment that holds it")
    person_key: str = Field(description="HMAC-SHA256 of the resident ID number (federation key)")
    station_code: str
    union_id: str
    employer_credit_code: str | None = None
    worker_type: WorkerType
    gender: Gender
    birth_year: int = Field(ge=1900, le=2100)
    joined_on: date


@event_contract("membership.member.joined.v1")
class MemberJoined(MemberFacts):
    """A worker joined a grassroots union (入会)."""


@event_contract("membership.member.updated.v1")
class MemberUpdated(MemberFacts):
    """A member's record was corrected; ``changed`` names the fields, never their values."""

    changed: list[str] = Field(default_factory=list)


@event_contract("membership.member.left.v1")
class MemberLeft(MemberFacts):
    """A membership ended: the member left the union, or died."""

    reason: LeaveReason
    left_on: date


@event_contract("membership.member.transfer_requested.v1")
class TransferRequested(MemberFacts):
    """The origin started a membership transfer (会籍转移) to a union, maybe at another station."""

    transfer_id: str
    to_station_code: str
    to_union_id: str


@event_contract("membership.member.transferred.v1")
class MemberTransferred(MemberFacts):
    """The destination accepted a transfer; the member now belongs to the destination union.

    The facts are the new membership's (``member_id`` is the destination's id); membership is
    continuous, so ``joined_on`` is the original join date.
    """

    transfer_id: str
    from_member_id: str
    from_station_code: str
    from_union_id: str
    transferred_on: date


@event_contract("membership.member.transfer_declined.v1")
class TransferDeclined(IntegrationEvent):
    """The destination declined a transfer; the member stays where they were."""

    transfer_id: str
    person_key: str
    from_member_id: str
    from_station_code: str
    to_station_code: str
    to_union_id: str
    reason: DeclineReason


CONTRACTS = (
    StationRegistered,
    UnionRegistered,
    UnionUpdated,
    UnionDissolved,
    MemberJoined,
    MemberUpdated,
    MemberLeft,
    TransferRequested,
    MemberTransferred,
    TransferDeclined,
)
