"""Member events from members: only the non-identifying facts ever leave the deployment."""

from __future__ import annotations

from typing import TypeVar

from unionfed.common.events.contracts.membership import MemberFacts
from unionfed.membership.domain.member import Member

F = TypeVar("F", bound=MemberFacts)


def facts(member: Member, employer_credit_code: str | None = None) -> dict:
    return {
        "member_id": member.id,
        "person_key": member.person_key,
        "station_code": member.station_code,
        "union_id": member.union_id,
        "employer_credit_code": employer_credit_code,
        "worker_type": member.worker_type.value,
        "gender": member.identity.gender.value,
        "birth_year": member.identity.birth_date.year,
        "joined_on": member.joined_on,
    }


def member_facts(member: Member, event: type[F], *, employer: str | None = None, **extra) -> F:
    return event(**facts(member, employer), **extra)
