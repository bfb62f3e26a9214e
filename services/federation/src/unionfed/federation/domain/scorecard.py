"""The station scorecard, in the spirit of the workers' home assessment (职工之家建设考核).

Four parts, each a share between 0 and 1, weighted into a score out of 100:

- ``coverage`` (覆盖面): active members over the headcount of the station's active unions;
- ``grievances_on_time`` (按时办结): cases that never went past a deadline, over cases due;
- ``satisfaction`` (会员满意度): mean feedback (1 to 5) over 5;
- ``aid_delivered`` (帮扶到位): money disbursed over the station's budgets (over the money
  approved when no budget is set).

A part the station has nothing to measure by (no unions, no cases, no feedback, no aid) is left
out and the other weights are scaled up, so that a new station is not scored zero for work it
had no occasion to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PARTS = ("coverage", "grievances_on_time", "satisfaction", "aid_delivered")
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "coverage": 30.0,
    "grievances_on_time": 30.0,
    "satisfaction": 20.0,
    "aid_delivered": 20.0,
}


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Refuse unknown parts, negative weights, or weights that are all zero."""
    unknown = sorted(set(weights) - set(PARTS))
    if unknown:
        raise ValueError(f"unknown scorecard parts {unknown}; known: {', '.join(PARTS)}")
    if any(w < 0 for w in weights.values()):
        raise ValueError("scorecard weights must not be negative")
    merged = {part: float(weights.get(part, 0.0)) for part in PARTS}
    if sum(merged.values()) <= 0:
        raise ValueError("at least one scorecard weight must be positive")
    return merged


@dataclass(frozen=True)
class StationMeasures:
    """What the read models say about one station (counts and sums, not yet shares)."""

    active_members: int
    headcount: int
    cases_due: int
    cases_late: int
    satisfaction_sum: int
    feedback_count: int
    aid_disbursed_fen: int
    aid_budget_fen: int
    aid_approved_fen: int


def shares(m: StationMeasures) -> dict[str, float | None]:
    """Each part as a share in [0, 1], or None when there is nothing to measure it by."""
    coverage = min(1.0, m.active_members / m.headcount) if m.headcount else None
    on_time = 1 - m.cases_late / m.cases_due if m.cases_due else None
    satisfaction = m.satisfaction_sum / m.feedback_count / 5 if m.feedback_count else None
    aid_base = m.aid_budget_fen or m.aid_approved_fen
    aid = min(1.0, m.aid_disbursed_fen / aid_base) if aid_base else None
    return {
        "coverage": coverage,
        "grievances_on_time": on_time,
        "satisfaction": satisfaction,
        "aid_delivered": aid,
    }


def score(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted score out of 100 over the parts that could be measured."""
    measured = {p: v for p, v in parts.items() if v is not None and weights.get(p, 0) > 0}
    total = sum(weights[p] for p in measured)
    if not total:
        return None
    return round(100 * sum(weights[p] * v for p, v in measured.items()) / total, 1)
