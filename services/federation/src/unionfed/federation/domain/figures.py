"""Small pure rules the read models share: age bands, months, medians, lifecycle ranks."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone

# Asia/Shanghai has no daylight saving: a fixed offset is exact and needs no tz database.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")

AGE_BANDS = ((0, 25, "≤25"), (26, 35, "26-35"), (36, 45, "36-45"), (46, 55, "46-55"))
OLDEST_BAND = "56+"


def age_band(birth_year: int, today: date) -> str:
    """The age band a member falls in this year (by birth year: events carry no birth day)."""
    age = today.year - birth_year
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return OLDEST_BAND


def band_labels() -> list[str]:
    return [label for _, _, label in AGE_BANDS] + [OLDEST_BAND]


def china_month(moment: datetime | None) -> str | None:
    """``YYYY-MM`` of a moment in Asia/Shanghai, the months the federation reports in."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(CHINA)
    if moment.year < 1000:  # strftime's %Y is not zero-padded below 1000 on every platform
        return moment.strftime("%Y-%m")
    return f"{moment.year}-{moment.month:02d}"  # = strftime("%Y-%m"), a rebuild calls it a lot


def china_time(moment: datetime | None) -> str | None:
    """``YYYY-MM-DD HH:MM`` in Asia/Shanghai: a moment as the tables show it to people."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(statistics.median(values), 1) if values else None


def days_between(start: datetime, end: datetime) -> float:
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    return (end - start).total_seconds() / 86400


# Lifecycles as ranks: a row's status only ever moves up, so events applied in any order, or
# twice, end in the same status (the furthest one reached).
CASE_RANK = {
    "filed": 0,
    "accepted": 1,
    "assigned": 2,
    "in_mediation": 3,
    "in_legal_aid": 3,
    "referred": 3,
    "resolved": 4,
    "closed": 5,
    "declined": 6,
}
OPEN_CASE_STATUSES = ("filed", "accepted", "assigned", "in_mediation", "in_legal_aid", "referred")
# The statuses in which the union's own mediation deadline runs, as the grievance service counts
# it: a case in legal aid or referred to another body is no longer late for mediation.
MEDIATION_PENDING_STATUSES = ("accepted", "assigned", "in_mediation")
GRANT_RANK = {
    "applied": 0,
    "approved": 1,
    "publicised": 2,
    "disbursed": 3,
    "declined": 4,
    "cancelled": 4,
}
COMMITTED_GRANT_STATUSES = ("approved", "publicised", "disbursed")
FILE_RANK = {"opened": 0, "approved": 1, "closed": 2}
TITLE_RANK = {"in_force": 0, "revocation_proposed": 1, "expired": 2, "revoked": 2}
REFERRAL_RANK = {"sent": 0, "received": 1, "investigating": 2, "concluded": 3, "rejected": 3}


def furthest(ranks: dict[str, int], current: str | None, new: str) -> str:
    """The status further along the lifecycle (ties keep the current one)."""
    if current is None or ranks[new] > ranks[current]:
        return new
    return current


def fen(amount) -> int:
    """Yuan (a Decimal) as whole fen: sums stay exact in any database."""
    return round(amount * 100)
