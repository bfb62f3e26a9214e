"""A delivery (报送): one state-changing call to a government system, kept until acknowledged.

Pending until the receiver acknowledges it (sent); a transient failure (down, 5xx, timeout)
waits with growing backoff and is tried again, forever — a report is never dropped; a refusal
(4xx) is final (failed) and shown to the federation, who may queue it again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

PENDING, SENT, FAILED = "pending", "sent", "failed"
STATUSES = (PENDING, SENT, FAILED)
AID_REPORT, REFERRAL = "aid_report", "referral"


def next_attempt(
    now: datetime, attempts: int, *, base: float, cap: float, jitter: float
) -> datetime:
    """When to try again after ``attempts`` failures; ``jitter`` in [0, 1) spreads retries."""
    ceiling = min(cap, base * 2 ** max(attempts - 1, 0))
    return now + timedelta(seconds=ceiling * (0.5 + 0.5 * jitter))


def aid_report_key(grant_id: str) -> str:
    """The Idempotency-Key of a grant's report: civil affairs records a grant once."""
    return f"aid-report:{grant_id}"
