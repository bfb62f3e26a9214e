"""Titles awarded elsewhere (city, provincial, national level): recorded here so that the
county manages them like its own (term, assessment, benefits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionfed.common.auth import Principal, ensure_station_access
from unionfed.common.errors import Conflict, RuleViolation
from unionfed.common.events.contracts import model_worker as contracts
from unionfed.common.identifiers import normalise_credit_code
from unionfed.model_worker.domain.title import ModelWorkerTitle, term_end
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.events import title_facts
from unionfed.model_worker.service.selection import new_id
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork as Uow


@dataclass(frozen=True)
class AwardedElsewhere:
    station_code: str
    name: str
    level: str
    sector: str
    awarded_on: date
    document_number: str
    term_years: int = 5
    member_id: str | None = None
    resident_id: str | None = None
    employer_credit_code: str | None = None
    employer_name: str | None = None


async def record_title(uow: Uow, office: Office, principal: Principal,
                       data: AwardedElsewhere) -> ModelWorkerTitle:  # fmt: skip
    ensure_station_access(principal, data.station_code)
    if data.level == "county":
        raise RuleViolation("level", "awarded_elsewhere", "county titles come from a campaign")
    credit_code = data.employer_credit_code and normalise_credit_code(
        data.employer_credit_code, "employer_credit_code"
    )
    managed_until = term_end(data.awarded_on, data.term_years)
    async with uow:
        if data.member_id:
            member = await uow.members.active(data.member_id)
            if member is None:
                raise RuleViolation("member_id", "known_member", "no active member has this id")
            person_key, member_id = member["person_key"], data.member_id
        elif data.resident_id:
            person_key = office.keyer.person_key(data.resident_id)
            member_id = await uow.members.by_person(person_key)
        else:
            raise RuleViolation("resident_id", "member_or_resident_id", "give member_id or this")
        held = await uow.titles.held_by(person_key)
        if any(t.level == data.level and t.in_force for t in held):
            raise Conflict("level", "one_title_per_level", f"already a {data.level} model worker")
        title = ModelWorkerTitle(
            id=new_id("ttl"),
            person_key=person_key,
            member_id=member_id,
            station_code=data.station_code,
            level=data.level,
            employer_credit_code=credit_code,
            sector=data.sector,
            awarded_on=data.awarded_on,
            managed_until=managed_until,
            document_number=data.document_number,
        )
        await uow.titles.add(title, name=data.name, employer_name=data.employer_name)
        uow.publish(
            contracts.TitleAwarded(
                **title_facts(title, office.now()),
                awarded_on=title.awarded_on,
                managed_until=managed_until,
            ),
            subject=title.id,
            station=title.station_code,
        )
        await uow.commit()
    return title
