"""Referrals to labour inspection (劳动监察移送): which grievances go, and how their status at
the bureau moves on (queued → received → investigating → concluded, or rejected)."""

from __future__ import annotations

DEPARTMENT = "labour_inspection"
REFERRABLE_CATEGORIES = frozenset({"unpaid_wages", "social_insurance"})
_RANK = {"queued": 0, "sent": 1, "received": 2, "investigating": 3, "concluded": 4, "rejected": 4}
FINAL = frozenset({"concluded", "rejected"})
CALLBACK_STATUSES = ("received", "investigating", "concluded", "rejected")


def is_referrable(target: str, category: str) -> bool:
    """Unpaid wages (欠薪) and unpaid social insurance go to labour inspection."""
    return target == DEPARTMENT and category in REFERRABLE_CATEGORIES


def referral_id(case_id: str) -> str:
    """One referral per case: the same id wherever and however often the event arrives."""
    return f"li-{case_id}"


def moves_forward(current: str, new: str) -> bool:
    """A status update applies when it is later than the current one (callbacks may repeat
    or arrive out of order; a final status never changes)."""
    if current in FINAL:
        return False
    return _RANK[new] > _RANK[current]
