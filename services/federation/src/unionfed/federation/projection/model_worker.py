"""Model workers (劳动模范) from ``model-worker``: campaigns, nominees, titles and their
yearly assessments and benefits."""

from __future__ import annotations

from unionfed.common.events.contracts import model_worker as mw
from unionfed.federation.domain.figures import TITLE_RANK, furthest
from unionfed.federation.projection import Rows, newer, utc
from unionfed.federation.projection.tables import (
    ASSESSMENTS,
    BENEFITS,
    CAMPAIGNS,
    NOMINEES,
    TITLES,
)

CAMPAIGN_RANK = {"open": 0, "publicised": 1, "approved": 2}
NOMINEE_RANK = {"nominated": 0, "in_review": 1, "passed": 2, "not_passed": 2, "vetoed": 3}


async def campaign_event(env, rows: Rows) -> None:
    d = env.data
    row = await rows.get(CAMPAIGNS, (d.campaign_id,)) or {
        "campaign_id": d.campaign_id,
        "level": None,
        "year": None,
        "quota_total": None,
        "status": None,
        "document_number": None,
    }
    if isinstance(d, mw.CampaignOpened):
        row.update(level=d.level, year=d.year, quota_total=d.quota_total)
        status = "open"
    elif isinstance(d, mw.CampaignPublicised):
        status = "publicised"
    else:
        row["document_number"] = d.document_number
        status = "approved"
    row["status"] = furthest(CAMPAIGN_RANK, row["status"], status)
    rows.put(CAMPAIGNS, (d.campaign_id,), row)


async def nominee_event(env, rows: Rows) -> None:
    d: mw.NomineeFacts = env.data
    row = await rows.get(NOMINEES, (d.nomination_id,)) or {
        "nomination_id": d.nomination_id,
        "status": None,
        "facts_at": None,
    }
    if newer(row, d.at):
        row.update(
            campaign_id=d.campaign_id,
            station_code=d.station_code,
            sector=d.sector,
            front_line=d.front_line,
            facts_at=utc(d.at),
        )
    if isinstance(d, mw.Nominated):
        status = "nominated"
    elif isinstance(d, mw.NomineeVetoed):
        status = "vetoed"
    elif isinstance(d, mw.NomineeEvaluated):
        status = "passed" if d.passed else "not_passed"
    else:
        status = "in_review"
    row["status"] = furthest(NOMINEE_RANK, row["status"], status)
    rows.put(NOMINEES, (d.nomination_id,), row)


async def title_event(env, rows: Rows) -> None:
    d: mw.TitleFacts = env.data
    row = await rows.get(TITLES, (d.title_id,)) or {
        "title_id": d.title_id,
        "status": None,
        "awarded_on": None,
        "managed_until": None,
        "ended_on": None,
        "campaign_id": None,
        "facts_at": None,
    }
    if newer(row, d.at):
        row.update(
            person_key=d.person_key,
            station_code=d.station_code,
            level=d.level,
            sector=d.sector,
            facts_at=utc(d.at),
        )
    status = "in_force"
    if isinstance(d, mw.TitleAwarded):
        row.update(
            awarded_on=d.awarded_on, managed_until=d.managed_until, campaign_id=d.campaign_id
        )
    elif isinstance(d, mw.RevocationProposed):
        status = "revocation_proposed"
    elif isinstance(d, mw.TitleRevoked):
        status, row["ended_on"] = "revoked", d.revoked_on
    elif isinstance(d, mw.TitleExpired):
        status, row["ended_on"] = "expired", d.expired_on
    elif isinstance(d, mw.TitleAssessed):
        rows.put(
            ASSESSMENTS,
            (d.title_id, d.year),
            {"title_id": d.title_id, "year": d.year, "passed": d.passed},
        )
    elif isinstance(d, mw.BenefitDelivered):
        rows.put(
            BENEFITS,
            (d.title_id, d.benefit, d.year),
            {
                "title_id": d.title_id,
                "benefit": d.benefit,
                "year": d.year,
                "station_code": d.station_code,
                "delivered_on": d.delivered_on,
            },
        )
    row["status"] = furthest(TITLE_RANK, row["status"], status)
    rows.put(TITLES, (d.title_id,), row)


CAMPAIGN_EVENTS = (mw.CampaignOpened, mw.CampaignPublicised, mw.CampaignApproved)
NOMINEE_EVENTS = (
    mw.Nominated,
    mw.NomineeCleared,
    mw.NomineeVetoed,
    mw.NomineeObjectionRaised,
    mw.NomineeEvaluated,
)
TITLE_EVENTS = (
    mw.TitleAwarded,
    mw.TitleAssessed,
    mw.RevocationProposed,
    mw.TitleRevoked,
    mw.TitleExpired,
    mw.BenefitDelivered,
)

HANDLERS = (
    {c.event_type: campaign_event for c in CAMPAIGN_EVENTS}
    | {c.event_type: nominee_event for c in NOMINEE_EVENTS}
    | {c.event_type: title_event for c in TITLE_EVENTS}
)
