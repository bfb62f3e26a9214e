"""The evaluation meeting (评审会), approval by the county committee and government, and the
award of titles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionfed.common.errors import RuleViolation
from unionfed.common.events.contracts import model_worker as contracts
from unionfed.model_worker.domain.selection import (
    Campaign,
    CampaignStatus,
    NomineeStatus,
    check_composition,
    passes,
)
from unionfed.model_worker.domain.title import ModelWorkerTitle, term_end
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.events import nominee_facts, title_facts
from unionfed.model_worker.service.selection import _campaign, new_id, publicity_over
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork as Uow


@dataclass(frozen=True)
class Vote:
    nomination_id: str
    votes_for: int
    votes_cast: int


async def evaluate(
    uow: Uow, office: Office, campaign_id: str, *, meeting_on: date, votes: list[Vote]
) -> Campaign:
    """Record the votes on every publicised nominee. Those reaching the threshold pass; the
    passed list must keep within the quotas and the composition rules, or nothing is recorded."""
    async with uow:
        campaign = await _campaign(uow, campaign_id)
        campaign.require(CampaignStatus.publicised)
        publicity_over(campaign, office.today())
        if undecided := await uow.nominations.undecided_objections(campaign.id):
            raise RuleViolation(
                "objections", "all_decided", f"{undecided} objection(s) still to decide"
            )
        nominees = {
            n.id: n
            for n in await uow.nominations.of_campaign(campaign.id, [NomineeStatus.publicised])
        }
        given = {v.nomination_id: v for v in votes}
        if set(given) != set(nominees):
            raise RuleViolation(
                "votes",
                "every_publicised_nominee",
                "give votes for exactly the publicised nominees",
                expected=sorted(nominees),
            )
        for v in votes:
            if not 0 <= v.votes_for <= v.votes_cast or v.votes_cast == 0:
                raise RuleViolation(
                    "votes", "votes_for_within_cast", f"{v.nomination_id}: 0 <= for <= cast > 0"
                )
        for n in nominees.values():
            v = given[n.id]
            n.votes_for, n.votes_cast = v.votes_for, v.votes_cast
            ok = passes(v.votes_for, v.votes_cast, campaign.vote_threshold)
            n.status = NomineeStatus.passed if ok else NomineeStatus.failed
        check_composition(
            campaign, [n for n in nominees.values() if n.status is NomineeStatus.passed]
        )
        for n in nominees.values():
            await uow.nominations.save(n)
            uow.publish(
                contracts.NomineeEvaluated(
                    **nominee_facts(n, office.now()),
                    votes_for=n.votes_for,
                    votes_cast=n.votes_cast,
                    threshold=campaign.vote_threshold,
                    passed=n.status is NomineeStatus.passed,
                ),
                subject=n.id,
                station=n.station_code,
            )
        campaign.status, campaign.meeting_on = CampaignStatus.evaluated, meeting_on
        await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign


async def approve(
    uow: Uow, office: Office, campaign_id: str, *, document_number: str, approved_on: date
) -> Campaign:
    """The county committee and government approved the list (by a numbered document)."""
    if not document_number.strip():
        raise RuleViolation("document_number", "required", "the approving document's number")
    async with uow:
        campaign = await _campaign(uow, campaign_id)
        campaign.require(CampaignStatus.evaluated)
        approved = await uow.nominations.of_campaign(campaign.id, [NomineeStatus.passed])
        for n in approved:
            n.status = NomineeStatus.approved
            await uow.nominations.save(n)
        campaign.status = CampaignStatus.approved
        campaign.document_number, campaign.approved_on = document_number.strip(), approved_on
        await uow.campaigns.save(campaign)
        uow.publish(
            contracts.CampaignApproved(
                campaign_id=campaign.id,
                nomination_ids=[n.id for n in approved],
                document_number=campaign.document_number,
                approved_on=approved_on,
                at=office.now(),
            ),
            subject=campaign.id,
        )
        await uow.commit()
    return campaign


async def award(
    uow: Uow, office: Office, campaign_id: str, *, awarded_on: date, term_years: int
) -> list[ModelWorkerTitle]:
    """Award a title to every approved nominee, managed for ``term_years`` (at most 5)."""
    managed_until = term_end(awarded_on, term_years)
    titles = []
    async with uow:
        campaign = await _campaign(uow, campaign_id)
        campaign.require(CampaignStatus.approved)
        if campaign.approved_on and awarded_on < campaign.approved_on:
            raise RuleViolation("awarded_on", "after_approval", "awarded after the approval")
        for n in await uow.nominations.of_campaign(campaign.id, [NomineeStatus.approved]):
            title = ModelWorkerTitle(
                id=new_id("ttl"),
                person_key=n.person_key,
                member_id=n.member_id,
                station_code=n.station_code,
                level=campaign.level,
                employer_credit_code=n.employer_credit_code,
                sector=n.sector,
                awarded_on=awarded_on,
                managed_until=managed_until,
                campaign_id=campaign.id,
                nomination_id=n.id,
                document_number=campaign.document_number,
            )
            await uow.titles.add(title, name=n.name, employer_name=n.employer_name)
            n.status = NomineeStatus.awarded
            await uow.nominations.save(n)
            uow.publish(
                contracts.TitleAwarded(
                    **title_facts(title, office.now()),
                    campaign_id=campaign.id,
                    awarded_on=awarded_on,
                    managed_until=managed_until,
                ),
                subject=title.id,
                station=title.station_code,
            )
            titles.append(title)
        campaign.status = CampaignStatus.awarded
        await uow.campaigns.save(campaign)
        await uow.commit()
    return titles
