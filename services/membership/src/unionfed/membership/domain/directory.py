"""The county-wide directory of people (one person, one membership), built from the
``membership`` events of every deployment. A person is known only by ``person_key``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Membership:
    """Where a person is a member, as some deployment announced it."""

    person_key: str
    source: str  # the deployment that holds the member (CloudEvents source)
    member_id: str
    station_code: str
    union_id: str
    active: bool = True

    @property
    def ref(self) -> tuple[str, str]:
        return (self.source, self.member_id)


@dataclass(frozen=True)
class EnrolmentConflict:
    """Two active memberships of one person: two stations enrolled them at about the same time.

    Shown to the federation, which resolves it by ending one of them (leave or transfer).
    """

    person_key: str
    first: Membership
    second: Membership
    detected_at: datetime


def conflicts(new: Membership, known: list[Membership], at: datetime) -> list[EnrolmentConflict]:
    """The conflicts ``new`` makes with the person's other active memberships."""
    return [
        EnrolmentConflict(new.person_key, other, new, at)
        for other in known
        if other.active and other.ref != new.ref
    ]
