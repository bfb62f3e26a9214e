"""Titles after the award: yearly assessment, revocation, expiry, benefits (待遇)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from unionfed.common.auth import Principal
from unionfed.common.errors import Conflict, NotFound, RuleViolation
from unionfed.common.events.contracts import model_worker as contracts
from unionfed.model_worker.domain.title import ModelWorkerTitle
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.events import title_facts
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork as Uow


async def title_for(uow: Uow, principal: Principal, title_id: str) -> ModelWorkerTitle:
    title = await uow.titles.get(title_id)
    if title is None or not principal.can_act_for(title.station_code):
        raise NotFound("title")
    return title


def _publish(uow: Uow, title: ModelWorkerTitle, event) -> None:
    uow.publish(event, subject=title.id, station=title.station_code)


async def assess(
    uow: Uow,
    office: Office,
    principal: Principal,
    title_id: str,
    *,
    year: int,
    passed: bool,
    reasons: str,
    employer_opinion: str,
) -> ModelWorkerTitle:
    """The yearly assessment together with the employer; a fail proposes revocation."""
    if not passed and not reasons.strip():
        raise RuleViolation("reasons", "required_for_fail", "a failed assessment gives reasons")
    if not employer_opinion.strip():
        raise RuleViolation("employer_opinion", "required", "the employer takes part (单位意见)")
    async with uow:
        title = await title_for(uow, principal, title_id)
        title.check_assessment_year(year)
        if await uow.titles.assessment_exists(title.id, year):
            raise Conflict("year", "once_a_year", f"{year} is already assessed")
        await uow.titles.add_assessment(
            title.id,
            year,
            passed=passed,
            reasons=reasons,
            employer_opinion=employer_opinion,
            on=office.today(),
            by=principal.subject,
        )
        now = office.now()
        _publish(
            uow, title, contracts.TitleAssessed(**title_facts(title, now), year=year, passed=passed)
        )
        if not passed and title.status.value == "active":
            title.propose_revocation(f"failed the {year} assessment")
            await uow.titles.save(title)
            _publish(uow, title, contracts.RevocationProposed(**title_facts(title, now)))
        await uow.commit()
    return title


async def propose_revocation(
    uow: Uow, office: Office, principal: Principal, title_id: str, reason: str
) -> ModelWorkerTitle:
    """Misconduct between assessments also leads to a proposal."""
    if not reason.strip():
        raise RuleViolation("reason", "required", "say why the title should be revoked")
    async with uow:
        title = await title_for(uow, principal, title_id)
        title.propose_revocation(reason)
        await uow.titles.save(title)
        _publish(uow, title, contracts.RevocationProposed(**title_facts(title, office.now())))
        await uow.commit()
    return title


async def decide_revocation(
    uow: Uow,
    office: Office,
    principal: Principal,
    title_id: str,
    *,
    approved: bool,
    decided_on: date,
    document_number: str | None,
) -> ModelWorkerTitle:
    async with uow:
        title = await title_for(uow, principal, title_id)
        title.decide_revocation(approved=approved, on=decided_on, document_number=document_number)
        await uow.titles.save(title)
        if approved:
            _publish(
                uow,
                title,
                contracts.TitleRevoked(**title_facts(title, office.now()), revoked_on=decided_on),
            )
        await uow.commit()
    return title


async def sweep_expiry(make_uow: Callable[[], Uow], office: Office) -> int:
    """Expire the titles whose managed term has ended (a PeriodicJob); benefits stop."""
    today, expired = office.today(), 0
    async with make_uow() as uow:
        ids = await uow.titles.due_to_expire(today)
    for title_id in ids:
        async with make_uow() as uow:
            title = await uow.titles.get(title_id)
            if title is not None and title.expire_if_due(today):
                await uow.titles.save(title)
                _publish(
                    uow,
                    title,
                    contracts.TitleExpired(
                        **title_facts(title, office.now()), expired_on=title.managed_until
                    ),
                )
                await uow.commit()
                expired += 1
    return expired


async def deliver_benefit(
    uow: Uow,
    office: Office,
    principal: Principal,
    title_id: str,
    *,
    benefit: str,
    year: int,
    delivered_on: date,
    note: str,
) -> dict:
    """Record a benefit delivered; refused once the title is revoked or expired."""
    async with uow:
        title = await title_for(uow, principal, title_id)
        title.check_benefit(benefit, year)
        done = await uow.titles.delivered([title.id], year)
        if any(d["benefit"] == benefit for d in done):
            raise Conflict("benefit", "once_a_year", f"{benefit} for {year} already delivered")
        await uow.titles.add_delivery(
            title.id, year, benefit, on=delivered_on, note=note, by=principal.subject
        )
        _publish(
            uow,
            title,
            contracts.BenefitDelivered(
                **title_facts(title, office.now()),
                benefit=benefit,
                year=year,
                delivered_on=delivered_on,
            ),
        )
        await uow.commit()
    return {"title_id": title.id, "benefit": benefit, "year": year, "delivered_on": delivered_on}


async def due_benefits(uow: Uow, office: Office, principal: Principal, year: int) -> list[dict]:
    """What is due in ``year`` and not yet delivered, per model worker whose title is in force."""
    async with uow:
        titles = await uow.titles.in_force_during(year, principal.visible_stations())
        done = await uow.titles.delivered([t["id"] for t in titles], year) if titles else []
    delivered = {(d["title_id"], d["benefit"]) for d in done}
    return [
        {
            "title_id": t["id"],
            "name": t["name"],
            "station_code": t["station_code"],
            "member_id": t["member_id"],
            "employer_name": t["employer_name"],
            "level": t["level"],
            "year": year,
            "benefit": benefit,
        }
        for t in titles
        for benefit in office.yearly_benefits
        if (t["id"], benefit) not in delivered
    ]
