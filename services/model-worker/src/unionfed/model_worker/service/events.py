"""The facts every nominee and title event carries: keys and ids, never a name or ID number."""

from __future__ import annotations

from datetime import datetime

from unionfed.model_worker.domain.selection import Nominee
from unionfed.model_worker.domain.title import ModelWorkerTitle


def nominee_facts(n: Nominee, at: datetime) -> dict:
    return {
        "nomination_id": n.id,
        "campaign_id": n.campaign_id,
        "station_code": n.station_code,
        "person_key": n.person_key,
        "member_id": n.member_id,
        "employer_credit_code": n.employer_credit_code,
        "sector": n.sector,
        "front_line": n.front_line,
        "at": at,
    }


def title_facts(t: ModelWorkerTitle, at: datetime) -> dict:
    return {
        "title_id": t.id,
        "person_key": t.person_key,
        "member_id": t.member_id,
        "station_code": t.station_code,
        "level": t.level,
        "employer_credit_code": t.employer_credit_code,
        "sector": t.sector,
        "at": at,
    }
