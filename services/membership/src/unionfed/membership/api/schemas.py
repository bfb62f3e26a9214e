"""Request and response bodies (``XCreate`` / ``XRead``), kept apart from the domain."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from unionfed.common.identifiers import mask_mobile, mask_resident_id
from unionfed.membership.domain.member import Gender, Member, MemberStatus, WorkerType
from unionfed.membership.domain.station import Station, StationKind
from unionfed.membership.domain.transfer import DeclineReason, Transfer
from unionfed.membership.domain.union import GrassrootsUnion, UnionKind


class StationCreate(BaseModel):
    code: str = Field(min_length=2, max_length=32, examples=["XZ01"])
    name: str = Field(min_length=1, max_length=100, examples=["新庄镇职工服务站"])
    kind: StationKind


class StationRead(BaseModel):
    code: str
    name: str
    kind: StationKind

    @classmethod
    def of(cls, s: Station) -> StationRead:
        return cls(code=s.code, name=s.name, kind=s.kind)


class UnionCreate(BaseModel):
    station_code: str
    kind: UnionKind = UnionKind.enterprise
    name: str = Field(
        min_length=1, max_length=200, description="Employer's (or joint union's) name"
    )
    employer_credit_code: str | None = Field(
        default=None, description="Unified social credit code (统一社会信用代码), 18 characters"
    )
    sector: str = Field(min_length=1, max_length=100)
    headcount: int = Field(ge=0, description="Employees, for the membership rate (入会率)")
    founded_on: date


class UnionUpdate(BaseModel):
    headcount: int | None = Field(default=None, ge=0)
    sector: str | None = Field(default=None, min_length=1, max_length=100)


class UnionDissolve(BaseModel):
    on: date
    merged_into: str | None = Field(default=None, description="Merge into this union (合并)")


class UnionRead(BaseModel):
    id: str
    station_code: str
    kind: UnionKind
    name: str
    employer_credit_code: str | None
    sector: str
    headcount: int
    founded_on: date
    status: str
    ended_on: date | None
    merged_into: str | None

    @classmethod
    def of(cls, u: GrassrootsUnion) -> UnionRead:
        return cls(
            id=u.id,
            station_code=u.station_code,
            kind=u.kind,
            name=u.name,
            employer_credit_code=u.employer_credit_code,
            sector=u.sector,
            headcount=u.headcount,
            founded_on=u.founded_on,
            status=u.status.value,
            ended_on=u.ended_on,
            merged_into=u.merged_into,
        )


class MemberCreate(BaseModel):
    union_id: str
    name: str = Field(min_length=1, max_length=50)
    resident_id: str = Field(description="Resident ID number (居民身份证号), 18 characters")
    mobile: str = Field(description="Mainland mobile number")
    worker_type: WorkerType
    joined_on: date
    gender: Gender | None = Field(default=None, description="Optional; must match the ID number")
    birth_date: date | None = Field(default=None, description="Optional; must match the ID number")


class MemberCorrect(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=50)
    resident_id: str | None = Field(
        default=None, description="A mistyped ID number; birth date and gender follow it"
    )
    mobile: str | None = None
    worker_type: WorkerType | None = None
    joined_on: date | None = None
    reason: str = Field(min_length=2, max_length=500, description="Why the record is corrected")


class MemberLeave(BaseModel):
    reason: MemberStatus = Field(description="left or deceased")
    on: date


class MemberLookup(BaseModel):
    resident_id: str
    purpose: str = Field(min_length=4, max_length=500)


class MemberRead(BaseModel):
    id: str
    card_number: str
    station_code: str
    union_id: str
    name: str
    resident_id: str = Field(description="Masked unless revealed (audited)")
    mobile: str = Field(description="Masked unless revealed (audited)")
    gender: Gender
    birth_date: date
    worker_type: WorkerType
    joined_on: date
    status: MemberStatus
    ended_on: date | None
    revealed: bool

    @classmethod
    def of(cls, m: Member, *, reveal: bool = False) -> MemberRead:
        return cls(
            id=m.id,
            card_number=m.card_number,
            station_code=m.station_code,
            union_id=m.union_id,
            name=m.name,
            resident_id=m.identity.resident_id
            if reveal
            else mask_resident_id(m.identity.resident_id),
            mobile=m.mobile if reveal else mask_mobile(m.mobile),
            gender=m.identity.gender,
            birth_date=m.identity.birth_date,
            worker_type=m.worker_type,
            joined_on=m.joined_on,
            status=m.status,
            ended_on=m.ended_on,
            revealed=reveal,
        )


class TransferCreate(BaseModel):
    to_union_id: str


class RealNameEntry(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    resident_id: str
    mobile: str


class TransferAccept(BaseModel):
    real_name: RealNameEntry | None = Field(
        default=None, description="Required when the member comes from another deployment"
    )


class TransferDecline(BaseModel):
    reason: DeclineReason


class TransferRead(BaseModel):
    id: str
    from_member_id: str
    from_station_code: str
    from_union_id: str
    to_station_code: str
    to_union_id: str
    joined_on: date
    requested_on: date
    status: str
    decided_on: date | None
    decline_reason: str | None
    to_member_id: str | None

    @classmethod
    def of(cls, t: Transfer) -> TransferRead:
        return cls(
            id=t.id,
            from_member_id=t.from_member_id,
            from_station_code=t.from_station_code,
            from_union_id=t.from_union_id,
            to_station_code=t.to_station_code,
            to_union_id=t.to_union_id,
            joined_on=t.joined_on,
            requested_on=t.requested_on,
            status=t.status.value,
            decided_on=t.decided_on,
            decline_reason=t.decline_reason.value if t.decline_reason else None,
            to_member_id=t.to_member_id,
        )
