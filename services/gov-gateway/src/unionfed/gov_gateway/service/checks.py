"""Ask (查询): a union case asks 人社 about social insurance contributions or 民政 about
assistance, for one person, with their recorded consent; every query is audited.

The query row (with the consent and the ID number, encrypted) is committed before the call,
so that a query is on record even if the process dies while the government answers; the answer
(encrypted) and the audit entry follow in a second transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from unionfed.common.auth import Principal
from unionfed.common.errors import Conflict, RuleViolation, ServiceError
from unionfed.common.identifiers import parse_resident_id
from unionfed.gov_gateway.adapters.government import (
    GovernmentRefused,
    GovernmentTimeout,
    GovernmentUnavailable,
)
from unionfed.gov_gateway.domain.consent import Consent, covering_consent
from unionfed.gov_gateway.service.context import Gateway
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork

PATHS = {
    "social_insurance": "/hrss/v1/social-insurance/status",
    "civil_affairs": "/mca/v1/assistance/status",
}
ANSWER_FIELDS = {
    "social_insurance": ("status", "months_paid_last_12", "insured_since"),
    "civil_affairs": (
        "minimum_living_guarantee",
        "extreme_poverty",
        "temporary_assistance_last_12_months",
    ),
}
# A query still "asked" after this long was cut off (the process stopped): it may be asked again.
STALE_QUERY = timedelta(minutes=2)


class StationForbidden(ServiceError):
    status = 403

    def __init__(self, station: str) -> None:
        super().__init__(
            "case.station_code", "own_station", f"you do not act for station {station}"
        )


class MalformedAnswer(GovernmentUnavailable):
    def __init__(self) -> None:
        super().__init__("malformed_answer")


@dataclass(frozen=True)
class CheckRequest:
    kind: str
    id_number: str
    name: str
    person_key: str
    purpose: str
    case: dict  # service, reference, station_code
    consent: Consent | None
    idempotency_key: str | None


async def ask(
    uow: GatewayUnitOfWork, gateway: Gateway, principal: Principal, req: CheckRequest
) -> dict:
    station = req.case["station_code"]
    if not principal.can_act_for(station):
        raise StationForbidden(station)
    if req.purpose not in gateway.purposes:
        allowed = ", ".join(sorted(gateway.purposes))
        raise RuleViolation("purpose", "allowed_purpose", f"checks are made for: {allowed}")
    now = gateway.clock()
    consent = covering_consent(req.consent, kind=req.kind, purpose=req.purpose, now=now)
    number = parse_resident_id(req.id_number.strip().upper(), field="id_number").number
    if gateway.keyer.person_key(number) != req.person_key:
        raise RuleViolation(
            "person_key", "matches_id_number", "person_key is not the key of this ID number"
        )
    query_id, stored = await _record_query(uow, principal, req, consent, number, now)
    if stored is not None:
        return stored
    answer, failure = None, None
    try:
        raw = await gateway.government.post(
            PATHS[req.kind],
            {"query_id": query_id, "id_number": number, "name": req.name, "purpose": req.purpose},
        )
        answer = _answer(req.kind, raw)
        outcome = "answered"
    except GovernmentTimeout as exc:
        failure, outcome = exc, "timeout"
    except GovernmentUnavailable as exc:
        failure, outcome = exc, "unavailable"
    except GovernmentRefused as exc:
        failure, outcome = exc, "refused"
    answered_at = gateway.clock()
    async with uow:
        await uow.checks.finish(query_id, outcome=outcome, answer=answer, answered_at=answered_at)
        await uow.audit.record(
            actor=principal.subject,
            actor_kind="staff",
            actor_roles=",".join(sorted(principal.roles)),
            action=f"check.{req.kind}",
            record_type="check",
            record_id=query_id,
            station_code=station,
            case_reference=f"{req.case['service']}:{req.case['reference']}",
            purpose=req.purpose,
            outcome=outcome,
            summary=summary(req.kind, answer) | {"consent_id": consent.consent_id},
            at=answered_at,
        )
        await uow.commit()
    if failure is not None:
        raise failure
    return reply(query_id, req.kind, now, answered_at, answer)


async def _record_query(uow, principal, req: CheckRequest, consent, number, now):
    """The query's id, and the stored reply when this Idempotency-Key was answered before."""
    async with uow:
        existing = req.idempotency_key and await uow.checks.by_idempotency_key(req.idempotency_key)
        if existing:
            if (existing["kind"], existing["person_key"]) != (req.kind, req.person_key):
                raise Conflict(
                    "Idempotency-Key", "reused", "this Idempotency-Key was used for another query"
                )
            if existing["outcome"] == "answered":
                return existing["id"], reply(
                    existing["id"],
                    req.kind,
                    existing["asked_at"],
                    existing["answered_at"],
                    existing["answer"],
                )
            if existing["outcome"] == "asked" and now - existing["asked_at"] < STALE_QUERY:
                raise Conflict("Idempotency-Key", "in_progress", "this query is being asked now")
            query_id = existing["id"]
            await uow.checks.restart(query_id, asked_by=principal.subject, asked_at=now)
        else:
            query_id = f"q-{uuid.uuid4().hex[:16]}"
            await uow.checks.add(
                id=query_id,
                idempotency_key=req.idempotency_key,
                kind=req.kind,
                person_key=req.person_key,
                id_number=number,
                station_code=req.case["station_code"],
                case_service=req.case["service"],
                case_reference=req.case["reference"],
                purpose=req.purpose,
                consent_id=consent.consent_id,
                asked_by=principal.subject,
                asked_at=now,
            )
        await uow.consents.store(consent, person_key=req.person_key, case=req.case, at=now)
        await uow.identities.remember(req.person_key, number, consent.consent_id, now)
        await uow.commit()
    return query_id, None


def _answer(kind: str, raw: dict) -> dict:
    fields = ANSWER_FIELDS[kind]
    if not isinstance(raw, dict) or any(name not in raw for name in fields):
        raise MalformedAnswer()
    answer = {name: raw[name] for name in fields}
    if kind == "social_insurance":
        valid = answer["status"] in ("contributing", "lapsed", "none") and isinstance(
            answer["months_paid_last_12"], int
        )
    else:
        valid = all(isinstance(value, bool) for value in answer.values())
    if not valid:
        raise MalformedAnswer()
    return answer


def summary(kind: str, answer: dict | None) -> dict:
    """What the audit keeps of an answer: enough to see what came back, not the details."""
    if answer is None:
        return {"answered": False}
    if kind == "social_insurance":
        return {"answered": True, "status": answer["status"]}
    return {"answered": True, "on_assistance": any(answer.values())}


def reply(query_id: str, kind: str, asked_at: datetime, answered_at, answer: dict | None) -> dict:
    return {
        "query_id": query_id,
        "kind": kind,
        "asked_at": asked_at,
        "answered_at": answered_at,
        "social_insurance": answer if kind == "social_insurance" else None,
        "civil_affairs": answer if kind == "civil_affairs" else None,
    }
