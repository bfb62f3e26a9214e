"""Selection: campaigns, nominations, department clearance, publicity, objections,
evaluation, approval and award."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from unionfed.common.auth import Principal
from unionfed.common.errors import NotFound
from unionfed.model_worker.api import schemas
from unionfed.model_worker.api.deps import (
    FederationDep,
    OfficeDep,
    PageDep,
    SizeDep,
    StaffDep,
    UowDep,
)
from unionfed.model_worker.domain.selection import Campaign, Nominee, NomineeStatus
from unionfed.model_worker.service import evaluation, selection
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork

router = APIRouter(prefix="/v1", tags=["selection"])


def campaign_read(c: Campaign) -> dict:
    return asdict(c)


async def nominee_reads(
    uow: ModelWorkerUnitOfWork, nominees: list[Nominee], who: Principal
) -> list[dict]:
    """Nominees with the flag for reviewers: open unpaid-wages/social-insurance cases. Veto
    reasons and objection texts may touch a person's record: only the federation reads them."""
    flags = await uow.employer_cases.open_cases(sorted({n.employer_credit_code for n in nominees}))
    objections = await uow.nominations.objections([n.id for n in nominees]) if nominees else []
    reads = []
    for n in nominees:
        read = asdict(n)
        del read["person_key"]
        read["clearances"] = [
            {"department": d} | (v if who.is_federation else {**v, "reason": None})
            for d, v in n.clearances.items()
        ]
        read["grievance_flag"] = flags.get(n.employer_credit_code, [])
        read["objections"] = [
            o if who.is_federation else {**o, "summary": None, "finding": None}
            for o in objections
            if o["nomination_id"] == n.id
        ]
        reads.append(read)
    return reads


@router.post("/campaigns", status_code=201)
async def open_campaign(
    body: schemas.CampaignCreate, uow: UowDep, office: OfficeDep, _: FederationDep
) -> dict:
    """Open a selection campaign (评选): quotas, composition rules, window, vote threshold."""
    terms = selection.CampaignTerms(**body.model_dump())
    return campaign_read(await selection.open_campaign(uow, office, terms))


@router.get("/campaigns")
async def list_campaigns(
    uow: UowDep, _: StaffDep, year: int | None = None, page: PageDep = 1, size: SizeDep = 50
) -> dict:
    async with uow:
        items, total = await uow.campaigns.listing(year=year, offset=(page - 1) * size, limit=size)
    return {"items": [campaign_read(c) for c in items], "total": total, "page": page, "size": size}


@router.get("/campaigns/{campaign_id}")
async def read_campaign(campaign_id: str, uow: UowDep, _: StaffDep) -> dict:
    async with uow:
        campaign = await uow.campaigns.get(campaign_id)
        if campaign is None:
            raise NotFound("campaign")
        counts: dict[str, int] = {}
        for n in await uow.nominations.of_campaign(campaign_id):
            counts[n.status.value] = counts.get(n.status.value, 0) + 1
    return campaign_read(campaign) | {"nominees_by_status": counts}


@router.post("/campaigns/{campaign_id}/nominations", status_code=201)
async def nominate(
    campaign_id: str, body: schemas.NominationCreate, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """Nominate a member (``member_id``) or another worker (``resident_id``). The nominee is
    flagged when their employer has an open unpaid-wages or social-insurance grievance."""
    data = selection.Nomination(**body.model_dump())
    nominee = await selection.nominate(uow, office, who, campaign_id, data)
    async with uow:
        return (await nominee_reads(uow, [nominee], who))[0]


@router.get("/campaigns/{campaign_id}/nominations")
async def list_nominations(
    campaign_id: str,
    uow: UowDep,
    who: StaffDep,
    status: NomineeStatus | None = None,
    sector: str | None = None,
    station: str | None = None,
    flagged: bool | None = None,
    q: str | None = None,
    page: PageDep = 1,
    size: SizeDep = 50,
) -> dict:
    """Nominees of a campaign (station staff: their stations'); ``q`` searches the employer
    and achievements; ``flagged=true`` keeps those with an open wage/insurance grievance."""
    filters = {
        "campaign_id": campaign_id,
        "status": status and status.value,
        "sector": sector,
        "station_code": station,
    }
    async with uow:
        if flagged is not None:
            codes = await uow.employer_cases.flagged_codes()
            items, _ = await uow.nominations.listing(
                stations=who.visible_stations(), filters=filters, search=q, offset=0, limit=10**6
            )
            items = [n for n in items if (n.employer_credit_code in codes) == flagged]
            total, items = len(items), items[(page - 1) * size : page * size]
        else:
            items, total = await uow.nominations.listing(
                stations=who.visible_stations(),
                filters=filters,
                search=q,
                offset=(page - 1) * size,
                limit=size,
            )
        reads = await nominee_reads(uow, items, who)
    return {"items": reads, "total": total, "page": page, "size": size}


@router.get("/nominations/{nomination_id}")
async def read_nomination(nomination_id: str, uow: UowDep, who: StaffDep) -> dict:
    async with uow:
        nominee = await selection._nominee(uow, who, nomination_id)
        return (await nominee_reads(uow, [nominee], who))[0]


@router.post("/nominations/{nomination_id}/clearances")
async def clear(
    nomination_id: str,
    body: schemas.ClearanceBody,
    uow: UowDep,
    office: OfficeDep,
    who: FederationDep,
) -> dict:
    """A department's clearance: pass, or veto with a reason (一票否决: the nominee is out)."""
    nominee = await selection.clear(uow, office, who, nomination_id, **body.model_dump())
    async with uow:
        return (await nominee_reads(uow, [nominee], who))[0]


@router.post("/campaigns/{campaign_id}/publicity")
async def publicise(
    campaign_id: str, body: schemas.PublicityBody, uow: UowDep, office: OfficeDep, _: FederationDep
) -> dict:
    """Put the cleared nominees on public notice (公示); every department must have decided."""
    return campaign_read(await selection.publicise(uow, office, campaign_id, **body.model_dump()))


@router.post("/nominations/{nomination_id}/objections", status_code=201)
async def raise_objection(
    nomination_id: str, body: schemas.ObjectionBody, uow: UowDep, office: OfficeDep, who: StaffDep
) -> dict:
    """Record an objection received during the public notice."""
    objection_id = await selection.raise_objection(uow, office, who, nomination_id, body.summary)
    return {"id": objection_id, "nomination_id": nomination_id}


@router.post("/objections/{objection_id}/decision")
async def decide_objection(
    objection_id: str,
    body: schemas.ObjectionDecision,
    uow: UowDep,
    office: OfficeDep,
    who: FederationDep,
) -> dict:
    """Upheld: the nominee is withdrawn. Dismissed: they stay on the list."""
    return await selection.decide_objection(uow, office, who, objection_id, **body.model_dump())


@router.post("/campaigns/{campaign_id}/evaluation")
async def evaluate(
    campaign_id: str, body: schemas.EvaluationBody, uow: UowDep, office: OfficeDep, _: FederationDep
) -> dict:
    """The evaluation meeting's votes; the passed list must keep quotas and composition."""
    votes = [evaluation.Vote(**v.model_dump()) for v in body.votes]
    campaign = await evaluation.evaluate(
        uow, office, campaign_id, meeting_on=body.meeting_on, votes=votes
    )
    return campaign_read(campaign)


@router.post("/campaigns/{campaign_id}/approval")
async def approve(
    campaign_id: str, body: schemas.ApprovalBody, uow: UowDep, office: OfficeDep, _: FederationDep
) -> dict:
    """Approval by the county committee and government, with its document number."""
    return campaign_read(await evaluation.approve(uow, office, campaign_id, **body.model_dump()))


@router.post("/campaigns/{campaign_id}/award")
async def award(
    campaign_id: str, body: schemas.AwardBody, uow: UowDep, office: OfficeDep, _: FederationDep
) -> dict:
    """Award the titles to the approved nominees."""
    titles = await evaluation.award(uow, office, campaign_id, **body.model_dump())
    return {"campaign_id": campaign_id, "title_ids": [t.id for t in titles]}
