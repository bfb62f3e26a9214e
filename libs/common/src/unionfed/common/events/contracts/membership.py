"""Contracts of the ``membership`` topic: service stations, grassroots unions and members."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from unionfed.common.events.contract import IntegrationEvent, event_contract

StationKind = Literal["town", "street", "industrial_park"]
WorkerType = Literal["regular", "migrant", "new_form"]
Gender = Literal["male", "female"]


@event_contract("membership.station.registered.v1")
class StationRegistered(IntegrationEvent):
    """The federation registered a service station (乡镇/街道/园区职工服务站)."""

    station_code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    kind: StationKind


@event_contract("membership.member.joined.v1")
class MemberJoined(IntegrationEvent):
    """A worker joined a grassroots union (入会). Identifies the person only by keyed hash."""

    member_id: str = Field(description="Internal member id of the enrolling deployment")
    person_key: str = Field(
        description="HMAC-SHA256 of the normalised resident ID number under the federation key"
    )
    station_code: str
    union_id: str
    employer_credit_code: str | None = None
    worker_type: WorkerType
    gender: Gender
    birth_year: int = Field(ge=1900, le=2100)
    joined_on: date


CONTRACTS = (StationRegistered, MemberJoined)
