"""The worker's consent (知情同意) to a government check: who gave it, when, for what purpose,
until when, and for which checks. Without one that covers the query, no query is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from unionfed.common.errors import RuleViolation

CHECK_KINDS = ("social_insurance", "civil_affairs")
# A clock a little ahead at the station is not a consent from the future.
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class Consent:
    consent_id: str
    given_by: str  # worker | guardian
    given_at: datetime
    purpose: str
    valid_until: date
    scopes: tuple[str, ...]
    recorded_by: str


def covering_consent(consent: Consent | None, *, kind: str, purpose: str, now: datetime) -> Consent:
    """The consent if it covers a ``kind`` check for ``purpose`` now; else 422 on ``consent``."""
    if consent is None:
        raise RuleViolation(
            "consent", "required", "a government check needs the worker's recorded consent"
        )
    if consent.given_at - now > CLOCK_TOLERANCE:
        raise RuleViolation("consent", "given_in_future", "the consent is dated in the future")
    if consent.valid_until < consent.given_at.date():
        raise RuleViolation("consent", "invalid_period", "valid_until is before it was given")
    if consent.valid_until < now.date():
        raise RuleViolation(
            "consent", "expired", f"the consent expired on {consent.valid_until.isoformat()}"
        )
    if consent.purpose != purpose:
        raise RuleViolation(
            "consent",
            "purpose_mismatch",
            f"the consent is for {consent.purpose!r}, the query for {purpose!r}",
        )
    if kind not in consent.scopes:
        raise RuleViolation(
            "consent", "scope_missing", f"the consent does not cover {kind!r} checks"
        )
    return consent
