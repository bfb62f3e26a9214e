"""Members (会员): real-name registration, corrections with history, and how a membership ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from unionfed.membership.domain.errors import NotAllowed, RuleBroken


class WorkerType(StrEnum):
    regular = "regular"  # 职工
    migrant = "migrant"  # 农民工
    new_form = "new_form"  # 新就业形态劳动者: delivery riders, ride-hailing drivers, couriers


class Gender(StrEnum):
    male = "male"
    female = "female"


class MemberStatus(StrEnum):
    active = "active"
    transferred_out = "transferred_out"
    left = "left"
    deceased = "deceased"


@dataclass(frozen=True)
class Identity:
    """What a valid resident ID number says about its holder (parsed outside the domain)."""

    resident_id: str
    birth_date: date
    gender: Gender


@dataclass(frozen=True)
class Correction:
    """One corrected field: kept forever, the old value too (encrypted where it is sensitive)."""

    field: str
    old: str
    new: str
    reason: str
    corrected_by: str
    corrected_at: datetime


CORRECTABLE = ("name", "mobile", "worker_type", "joined_on")


@dataclass
class Member:
    id: str
    card_number: str
    person_key: str
    station_code: str
    union_id: str
    name: str
    identity: Identity
    mobile: str
    worker_type: WorkerType
    joined_on: date
    status: MemberStatus = MemberStatus.active
    ended_on: date | None = None
    corrections: list[Correction] = field(default_factory=list)

    @classmethod
    def enrol(
        cls,
        *,
        id: str,
        card_number: str,
        person_key: str,
        station_code: str,
        union_id: str,
        name: str,
        identity: Identity,
        mobile: str,
        worker_type: WorkerType,
        joined_on: date,
        today: date,
        stated_gender: Gender | None = None,
        stated_birth_date: date | None = None,
    ) -> Member:
        if stated_gender is not None and stated_gender != identity.gender:
            raise RuleBroken(
                "gender",
                "matches_resident_id",
                f"gender {stated_gender} contradicts the resident ID number",
            )
        if stated_birth_date is not None and stated_birth_date != identity.birth_date:
            raise RuleBroken(
                "birth_date",
                "matches_resident_id",
                "birth date contradicts the resident ID number",
            )
        _check_name(name)
        _check_joined(joined_on, identity, today)
        return cls(
            id=id,
            card_number=card_number,
            person_key=person_key,
            station_code=station_code,
            union_id=union_id,
            name=name.strip(),
            identity=identity,
            mobile=mobile,
            worker_type=worker_type,
            joined_on=joined_on,
        )

    @property
    def is_active(self) -> bool:
        return self.status is MemberStatus.active

    def correct(
        self, field_name: str, value: object, *, reason: str, by: str, at: datetime, today: date
    ) -> Correction | None:
        """Correct one field, keeping the old value; ``None`` when nothing changes."""
        if field_name not in CORRECTABLE:
            raise RuleBroken(field_name, "correctable", f"{field_name} cannot be corrected")
        if not reason.strip():
            raise RuleBroken("reason", "required", "say why the record is corrected")
        old = getattr(self, field_name)
        if old == value:
            return None
        if field_name == "name":
            _check_name(str(value))
        if field_name == "joined_on":
            _check_joined(value, self.identity, today)
        setattr(self, field_name, value)
        correction = Correction(field_name, str(old), str(value), reason.strip(), by, at)
        self.corrections.append(correction)
        return correction

    def correct_identity(
        self,
        identity: Identity,
        person_key: str,
        *,
        reason: str,
        by: str,
        at: datetime,
        today: date,
    ) -> Correction | None:
        """Correct a mistyped resident ID number; birth date, gender and person key follow it."""
        if not reason.strip():
            raise RuleBroken("reason", "required", "say why the record is corrected")
        old = self.identity.resident_id
        if old == identity.resident_id:
            return None
        _check_joined(self.joined_on, identity, today)
        self.identity, self.person_key = identity, person_key
        correction = Correction("resident_id", old, identity.resident_id, reason.strip(), by, at)
        self.corrections.append(correction)
        return correction

    def end(self, status: MemberStatus, on: date) -> None:
        """Leave (退会), death, or transfer out: the membership ends on ``on``."""
        if not self.is_active:
            raise NotAllowed("status", "active", f"membership already ended ({self.status})")
        if status is MemberStatus.active:
            raise RuleBroken("status", "ending_status", "a membership ends as left/deceased/...")
        if on < self.joined_on:
            raise RuleBroken("ended_on", "after_joining", "a membership cannot end before it began")
        self.status, self.ended_on = status, on


def _check_name(name: str) -> None:
    if not name.strip():
        raise RuleBroken("name", "required", "the member's name is required")
    if len(name.strip()) > 50:
        raise RuleBroken("name", "max_length", "a name has at most 50 characters")


def _check_joined(joined_on: date, identity: Identity, today: date) -> None:
    if joined_on > today:
        raise RuleBroken("joined_on", "not_in_future", "join date cannot be in the future")
    if joined_on < identity.birth_date:
        raise RuleBroken("joined_on", "after_birth", "join date is before the member was born")
