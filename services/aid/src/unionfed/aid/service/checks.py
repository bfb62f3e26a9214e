"""The government check before approval (政府部门核查): with the worker's recorded consent, ask
civil affairs (民政) about minimum-living-guarantee / extreme-poverty status, or social
security (社保) about contributions, through the government gateway. No consent, no query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

from unionfed.aid.service.context import Office, new_id
from unionfed.aid.service.grants import load
from unionfed.aid.service.unit_of_work import AidUnitOfWork as Uow
from unionfed.common.auth import Principal
from unionfed.common.errors import RuleViolation
from unionfed.common.identifiers import IdentifierError

KINDS = frozenset({"social_insurance", "civil_affairs"})
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # no daylight saving in China
PURPOSE = "aid_eligibility"


class GovernmentUnavailable(Exception):
    """The government side did not answer (gateway 503/504, or unreachable)."""


@dataclass(frozen=True)
class CheckRequest:
    """What the gateway's ``POST /checks`` needs (the body of the shared contract)."""

    kind: str
    id_number: str
    name: str
    person_key: str
    case_reference: str
    station_code: str
    consent: dict
    idempotency_key: str


class GovernmentChecks(Protocol):
    """The port to the government gateway. Raises ``RuleViolation`` when the gateway refuses
    the query (422, e.g. consent) and ``GovernmentUnavailable`` when it cannot answer."""

    async def check(self, request: CheckRequest, *, bearer_token: str) -> dict: ...


@dataclass(frozen=True)
class Consent:
    given_by: str
    given_at: datetime
    purpose: str
    valid_until: date
    scopes: list[str]


def utc(moment: datetime) -> datetime:
    """In UTC (a time without an offset is Beijing time); SQLite keeps no offset."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    return moment.astimezone(UTC)


async def record_consent(
    uow: Uow, office: Office, principal: Principal, grant_id: str, c: Consent
) -> dict:
    if c.given_by not in ("worker", "guardian"):
        raise RuleViolation("given_by", "one_of", "the worker or their guardian")
    if c.purpose != PURPOSE:
        raise RuleViolation("purpose", "purpose_mismatch", f"consent for aid is '{PURPOSE}'")
    if not c.scopes or not set(c.scopes) <= KINDS:
        raise RuleViolation("scopes", "one_of", f"scopes among {sorted(KINDS)}")
    given_at = utc(c.given_at)
    if c.valid_until < office.today() or given_at > office.now():
        raise RuleViolation("valid_until", "current", "consent given in the past, still valid")
    async with uow:
        g = await load(uow, principal, grant_id)
        consent = {
            "id": new_id("cns"),
            "grant_id": g.id,
            "given_by": c.given_by,
            "given_at": given_at,
            "purpose": c.purpose,
            "valid_until": c.valid_until,
            "scopes": sorted(set(c.scopes)),
            "recorded_by": principal.subject,
            "recorded_at": office.now(),
        }
        await uow.consents.add(**consent)
        await uow.commit()
    return consent


def _covering(consents: list[dict], kind: str, today: date) -> dict:
    if not consents:
        raise RuleViolation("consent", "required", "record the worker's consent first")
    valid = [c for c in consents if c["valid_until"] >= today]
    if not valid:
        raise RuleViolation("consent", "expired", "the recorded consent has expired")
    scoped = [c for c in valid if kind in c["scopes"]]
    if not scoped:
        raise RuleViolation("consent", "scope_missing", f"the consent does not cover {kind}")
    return scoped[-1]


async def check(
    uow: Uow,
    office: Office,
    principal: Principal,
    grant_id: str,
    *,
    kind: str,
    id_number: str,
    name: str,
    bearer_token: str,
) -> dict:
    """Ask, then record the answer and its time on the application. The ID number is used
    for the query only: checked against the member's key, never stored."""
    if kind not in KINDS:
        raise RuleViolation("kind", "one_of", f"kind is one of {sorted(KINDS)}")
    async with uow:
        g = await load(uow, principal, grant_id)
        consent = _covering(await uow.consents.of_grant(g.id), kind, office.today())
    try:
        key = office.keyer.person_key(id_number)
    except IdentifierError:
        raise RuleViolation("id_number", "resident_id", "not a valid resident ID number") from None
    if key != g.person_key:
        raise RuleViolation("id_number", "same_person", "the ID number is not this member's")
    query_id = new_id("chk")
    request = CheckRequest(
        kind=kind,
        id_number=id_number.strip().upper(),
        name=name.strip(),
        person_key=key,
        case_reference=g.id,
        station_code=g.station_code,
        idempotency_key=f"aid-{query_id}",
        consent={
            "consent_id": consent["id"],
            "given_by": consent["given_by"],
            "given_at": _stored(consent["given_at"]).isoformat(),
            "purpose": consent["purpose"],
            "valid_until": consent["valid_until"].isoformat(),
            "scopes": consent["scopes"],
            "recorded_by": consent["recorded_by"],
        },
    )
    # Outside the transaction: a slow government answer must not hold a database connection.
    answer = await office.gov.check(request, bearer_token=bearer_token)
    record = {
        "id": query_id,
        "grant_id": g.id,
        "kind": kind,
        "query_id": str(answer.get("query_id") or query_id),
        "asked_at": _when(answer.get("asked_at")) or office.now(),
        "answered_at": _when(answer.get("answered_at")) or office.now(),
        "asked_by": principal.subject,
    }
    kept = {k: answer.get(k) for k in ("kind", "social_insurance", "civil_affairs")}
    async with uow:
        await uow.answers.add(answer=kept, **record)
        await uow.commit()
    return record | {"answer": kept}


def _stored(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _when(value) -> datetime | None:
    if isinstance(value, datetime) or value is None:
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
