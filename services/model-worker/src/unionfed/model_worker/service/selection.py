"""Selection use cases (评选): open a campaign, nominate, clear by departments (一票否决),
publicise (公示) with objections, evaluate, approve and award."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError

from unionfed.common.auth import Principal, ensure_station_access
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.common.events.contracts import model_worker as contracts
from unionfed.common.identifiers import normalise_credit_code
from unionfed.model_worker.domain.selection import (
    Campaign,
    CampaignStatus,
    Nominee,
    NomineeStatus,
    check_sector_quota_on_nomination,
)
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.events import nominee_facts
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork as Uow


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


@dataclass(frozen=True)
class CampaignTerms:
    title: str
    level: str
    year: int
    quota_total: int
    quotas_by_sector: dict[str, int]
    min_front_line_share: float
    nominations_open: date
    nominations_close: date
    vote_threshold: float
    departments: list[str] | None = None


async def open_campaign(uow: Uow, office: Office, terms: CampaignTerms) -> Campaign:
    if terms.nominations_close < terms.nominations_open:
        raise RuleViolation("nominations_close", "after_open", "the window closes after it opens")
    for sector, quota in terms.quotas_by_sector.items():
        if not 1 <= quota <= terms.quota_total:
            raise RuleViolation(
                "quotas_by_sector", "within_total", f"{sector}: 1 to {terms.quota_total}"
            )
    if not 0.5 < terms.vote_threshold <= 1:
        raise RuleViolation("vote_threshold", "majority", "more than half and at most all votes")
    campaign = Campaign(
        id=new_id("cmp"),
        **{k: v for k, v in vars(terms).items() if k != "departments"},
        departments=list(terms.departments or office.departments),
    )
    async with uow:
        await uow.campaigns.add(campaign, office.now())
        uow.publish(
            contracts.CampaignOpened(
                campaign_id=campaign.id,
                level=campaign.level,
                year=campaign.year,
                quota_total=campaign.quota_total,
                quotas_by_sector=campaign.quotas_by_sector,
                min_front_line_share=campaign.min_front_line_share,
                nominations_open=campaign.nominations_open,
                nominations_close=campaign.nominations_close,
                at=office.now(),
            ),
            subject=campaign.id,
        )
        await uow.commit()
    return campaign


async def _campaign(uow: Uow, campaign_id: str) -> Campaign:
    campaign = await uow.campaigns.get(campaign_id, for_update=True)
    if campaign is None:
        raise NotFound("campaign")
    return campaign


async def _nominee(uow: Uow, principal: Principal, nomination_id: str) -> Nominee:
    nominee = await uow.nominations.get(nomination_id)
    if nominee is None or not principal.can_act_for(nominee.station_code):
        raise NotFound("nomination")
    return nominee


@dataclass(frozen=True)
class Nomination:
    station_code: str
    name: str
    employer_credit_code: str
    employer_name: str
    sector: str
    front_line: bool
    achievements: str
    congress_endorsed_on: date
    member_id: str | None = None
    resident_id: str | None = None
    nominated_by_union_id: str | None = None


async def nominate(
    uow: Uow, office: Office, principal: Principal, campaign_id: str, data: Nomination
) -> Nominee:
    """A member is named by ``member_id`` (known from membership events); anyone else by the
    resident ID number, kept only as its keyed hash."""
    ensure_station_access(principal, data.station_code)
    credit_code = normalise_credit_code(data.employer_credit_code, "employer_credit_code")
    if data.congress_endorsed_on > office.today():
        raise RuleViolation("congress_endorsed_on", "not_future", "the congress must have met")
    async with uow:
        campaign = await _campaign(uow, campaign_id)
        campaign.check_nomination_window(office.today())
        check_sector_quota_on_nomination(campaign, data.sector)
        member_id = data.member_id
        if member_id:
            member = await uow.members.active(member_id)
            if member is None:
                raise RuleViolation("member_id", "known_member", "no active member has this id")
            person_key = member["person_key"]
        elif data.resident_id:
            person_key = office.keyer.person_key(data.resident_id)
            member_id = await uow.members.by_person(person_key)
        else:
            raise RuleViolation(
                "resident_id", "member_or_resident_id", "give member_id, or resident_id"
            )
        if await uow.nominations.exists(campaign.id, person_key):
            raise Conflict("person", "once_per_campaign", "already nominated in this campaign")
        fields = vars(data) | {"employer_credit_code": credit_code, "member_id": member_id}
        del fields["resident_id"]
        nominee = Nominee(
            id=new_id("nom"), campaign_id=campaign.id, person_key=person_key, **fields
        )
        try:
            await uow.nominations.add(nominee, office.now())
            uow.publish(
                contracts.Nominated(
                    **nominee_facts(nominee, office.now()),
                    nominated_by_union_id=nominee.nominated_by_union_id,
                ),
                subject=nominee.id,
                station=nominee.station_code,
            )
            await uow.commit()
        except IntegrityError as exc:  # the unique index: a concurrent nomination won the race
            raise Conflict(
                "person", "once_per_campaign", "nominated in this campaign a moment ago"
            ) from exc
    return nominee


async def clear(
    uow: Uow,
    office: Office,
    principal: Principal,
    nomination_id: str,
    *,
    department: str,
    veto: bool,
    reason: str,
) -> Nominee:
    """A department's clearance; one veto removes the nominee (一票否决)."""
    async with uow:
        nominee = await _nominee(uow, principal, nomination_id)
        campaign = await _campaign(uow, nominee.campaign_id)
        nominee.clear(
            campaign, department, veto=veto, reason=reason, on=office.today(), by=principal.subject
        )
        await uow.nominations.save(nominee)
        event = contracts.NomineeVetoed if veto else contracts.NomineeCleared
        uow.publish(
            event(**nominee_facts(nominee, office.now()), department=department),
            subject=nominee.id,
            station=nominee.station_code,
        )
        await uow.commit()
    return nominee


async def publicise(
    uow: Uow, office: Office, campaign_id: str, *, publicity_from: date, publicity_until: date
) -> Campaign:
    """Put every cleared nominee on public notice (公示); every department must have decided."""
    days = (publicity_until - publicity_from).days + 1
    if days < office.min_publicity_days:
        raise RuleViolation(
            "publicity_until",
            "min_publicity_days",
            f"the public notice lasts at least {office.min_publicity_days} days",
        )
    async with uow:
        campaign = await _campaign(uow, campaign_id)
        campaign.require(CampaignStatus.open)
        nominees = await uow.nominations.of_campaign(campaign.id, [NomineeStatus.nominated])
        pending = {n.id: n.pending_departments(campaign.departments) for n in nominees}
        pending = {k: v for k, v in pending.items() if v}
        if pending:
            raise Conflict(
                "clearances", "all_departments_decided", "clearance pending", pending=pending
            )
        if not nominees:
            raise Conflict("nominations", "at_least_one", "no cleared nominee to publicise")
        for n in nominees:
            n.status = NomineeStatus.publicised
            await uow.nominations.save(n)
        campaign.status = CampaignStatus.publicised
        campaign.publicity_from, campaign.publicity_until = publicity_from, publicity_until
        await uow.campaigns.save(campaign)
        uow.publish(
            contracts.CampaignPublicised(
                campaign_id=campaign.id,
                nomination_ids=[n.id for n in nominees],
                publicity_from=publicity_from,
                publicity_until=publicity_until,
                at=office.now(),
            ),
            subject=campaign.id,
        )
        await uow.commit()
    return campaign


async def raise_objection(
    uow: Uow, office: Office, principal: Principal, nomination_id: str, summary: str
) -> str:
    async with uow:
        nominee = await _nominee(uow, principal, nomination_id)
        campaign = await _campaign(uow, nominee.campaign_id)
        campaign.require(CampaignStatus.publicised)
        if nominee.status is not NomineeStatus.publicised:
            raise Conflict("status", "nominee_status", f"the nominee is {nominee.status.value}")
        if not campaign.publicity_from <= office.today() <= campaign.publicity_until:
            raise Conflict(
                "publicity_until",
                "within_publicity",
                f"objections are received from {campaign.publicity_from} "
                f"to {campaign.publicity_until}",
            )
        objection_id = new_id("obj")
        await uow.nominations.add_objection(objection_id, nominee, summary, office.today())
        uow.publish(
            contracts.NomineeObjectionRaised(
                **nominee_facts(nominee, office.now()), objection_id=objection_id
            ),
            subject=nominee.id,
            station=nominee.station_code,
        )
        await uow.commit()
    return objection_id


async def decide_objection(
    uow: Uow, office: Office, principal: Principal, objection_id: str, *, upheld: bool, finding: str
) -> dict:
    """An upheld objection withdraws the nominee; a dismissed one leaves them on the list."""
    async with uow:
        objection = await uow.nominations.objection(objection_id)
        if objection is None:
            raise NotFound("objection")
        if objection["decision"]:
            raise Conflict("decision", "decided_once", "the objection was already decided")
        nominee = await _nominee(uow, principal, objection["nomination_id"])
        campaign = await _campaign(uow, nominee.campaign_id)
        campaign.require(CampaignStatus.publicised)
        decision = "upheld" if upheld else "dismissed"
        await uow.nominations.decide_objection(objection_id, decision, finding, office.today())
        if upheld and nominee.status is NomineeStatus.publicised:
            nominee.status = NomineeStatus.withdrawn
            await uow.nominations.save(nominee)
        await uow.commit()
    return objection | {"decision": decision, "finding": finding}


def publicity_over(campaign: Campaign, today: date) -> None:
    if campaign.publicity_until and today <= campaign.publicity_until:
        raise Conflict(
            "publicity_until",
            "publicity_over",
            f"the public notice runs until {campaign.publicity_until}",
            evaluate_from=campaign.publicity_until + timedelta(days=1),
        )
