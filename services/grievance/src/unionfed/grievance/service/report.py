"""The monthly supervision report (每月督查) of the grievance channel: per station and in total.

A month runs from its first midnight to the next month's first midnight in the county's time
zone, Asia/Shanghai, whatever the server's zone; case and step times are stored in UTC.
Counts come from the cases table and the dated steps of their timelines, so a past month
reads the same later, except for ``overdue``, which only the case's current flags record.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from unionfed.common.auth import Principal, visible_to
from unionfed.common.errors import NotFound, RuleViolation
from unionfed.grievance.adapters.tables import GrievanceTables
from unionfed.grievance.domain.case import COLLECTIVE_THRESHOLD
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork

COUNTY_TZ = ZoneInfo("Asia/Shanghai")
EARLIEST_YEAR = 2000  # guards against typos such as 26 for 2026
COUNTED_STEPS = ("accept", "decline", "resolve", "record_feedback")
FINISHING_STEPS = ("decline", "resolve")  # after these a case is no longer open
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figures:
    """One row of the report: a station's month, or the total (``station`` None) of the rows.

    - received: cases filed in the month; collective_received: those of them with 10 or more
      workers (群体性).
    - accepted, declined, resolved: cases that took that step in the month.
    - open_at_month_end: filed before the month ended and neither resolved nor declined by then
      (for the current month: as of now).
    - overdue: cases open at month end or received in the month that have missed a deadline
      (their ``overdue`` list is not empty), as the case records it when the report is made.
    - median_days_to_resolve: calendar days in the county from filing to the resolve step, over
      the cases resolved in the month (0: the same day); None when none was.
    - amount_recovered: the sum over cases resolved in the month, in yuan.
    - satisfaction: the mean (1 to 5, one decimal) of the feedback recorded in the month, over
      ``feedbacks`` of them; None when there was none.
    """

    station: str | None
    received: int
    accepted: int
    declined: int
    resolved: int
    overdue: int
    open_at_month_end: int
    median_days_to_resolve: float | None
    amount_recovered: Decimal
    satisfaction: float | None
    feedbacks: int
    collective_received: int


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    starts_at: datetime  # in Asia/Shanghai
    ends_at: datetime  # exclusive
    county_wide: bool  # every station, not one station or a station user's own
    stations: tuple[Figures, ...]
    total: Figures


async def monthly_report(
    uow: GrievanceUnitOfWork,
    *,
    principal: Principal,
    year: int,
    month: int,
    station: str | None,
    now: datetime,
) -> MonthlyReport:
    """The figures of one month (``now`` tells a future month) for the stations the principal
    may see, or the one ``station`` asked for (404 when the principal may not see it)."""
    start, end = _month_bounds(year, month, now)
    visible = principal.visible_stations()
    if station is not None and not principal.can_act_for(station):
        raise NotFound("station")
    async with uow:
        cases = await _cases_in_month(uow.session, uow.tables, principal, station, start, end)
    by_station: dict[str, list[_CaseMonth]] = {code: [] for code in visible or ()}
    for case in cases:
        by_station.setdefault(case.station, []).append(case)
    if station is not None:
        by_station = {station: by_station.get(station, [])}
    return MonthlyReport(
        year=year,
        month=month,
        starts_at=start,
        ends_at=end,
        county_wide=visible is None and station is None,
        stations=tuple(_figures(code, by_station[code]) for code in sorted(by_station)),
        total=_figures(None, [c for group in by_station.values() for c in group]),
    )


@dataclass(frozen=True)
class _CaseMonth:
    """What one case contributes to its month."""

    station: str
    received: bool
    collective: bool
    accepted: bool
    declined: bool
    resolved: bool
    open_at_end: bool
    overdue: bool
    days_to_resolve: int | None
    amount_recovered: Decimal
    satisfaction: int | None


def _figures(station: str | None, cases: list[_CaseMonth]) -> Figures:
    days = [c.days_to_resolve for c in cases if c.days_to_resolve is not None]
    marks = [c.satisfaction for c in cases if c.satisfaction is not None]
    mean = Decimal(sum(marks)) / len(marks) if marks else None
    return Figures(
        station=station,
        received=sum(c.received for c in cases),
        accepted=sum(c.accepted for c in cases),
        declined=sum(c.declined for c in cases),
        resolved=sum(c.resolved for c in cases),
        overdue=sum(c.overdue for c in cases),
        open_at_month_end=sum(c.open_at_end for c in cases),
        median_days_to_resolve=float(statistics.median(days)) if days else None,
        amount_recovered=sum((c.amount_recovered for c in cases), Decimal(0)).quantize(CENT),
        satisfaction=float(mean.quantize(Decimal("0.1"), ROUND_HALF_UP))
        if mean is not None
        else None,
        feedbacks=len(marks),
        collective_received=sum(c.collective for c in cases),
    )


def _month_bounds(year: int, month: int, now: datetime) -> tuple[datetime, datetime]:
    if not 1 <= month <= 12:
        raise RuleViolation("month", "one_to_twelve", "month is 1 to 12")
    if year < EARLIEST_YEAR:
        raise RuleViolation("year", "not_before_2000", f"year is {EARLIEST_YEAR} or later")
    today = now.astimezone(COUNTY_TZ)
    if (year, month) > (today.year, today.month):
        field = "year" if year > today.year else "month"
        raise RuleViolation(field, "not_in_future", f"{year}-{month:02d} has not begun yet")
    start = datetime(year, month, 1, tzinfo=COUNTY_TZ)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=COUNTY_TZ)
    return start, end


async def _cases_in_month(
    session: AsyncSession,
    tables: GrievanceTables,
    principal: Principal,
    station: str | None,
    start: datetime,
    end: datetime,
) -> list[_CaseMonth]:
    """Cases filed before the month ended and not finished before it began, or whose feedback
    falls in the month; with their counted steps up to the month's end."""
    cases, steps = tables.cases, tables.steps
    # Bound in UTC: SQLite keeps the UTC wall time of each moment and compares it as text.
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    finished_before = exists().where(
        steps.c.case_id == cases.c.id,
        steps.c.action.in_(FINISHING_STEPS),
        steps.c.at < start_utc,
    )
    feedback_in_month = exists().where(
        steps.c.case_id == cases.c.id,
        steps.c.action == "record_feedback",
        steps.c.at >= start_utc,
        steps.c.at < end_utc,
    )
    query = select(
        cases.c.id,
        cases.c.station_code,
        cases.c.filed_at,
        cases.c.workers_affected,
        cases.c.overdue,
        cases.c.amount_recovered,
        cases.c.satisfaction,
    ).where(cases.c.filed_at < end_utc, ~finished_before | feedback_in_month)
    query = visible_to(query, cases.c.station_code, principal)
    if station is not None:
        query = query.where(cases.c.station_code == station)
    rows = (await session.execute(query)).all()
    taken = await session.execute(
        select(steps.c.case_id, steps.c.action, steps.c.at).where(
            steps.c.case_id.in_(query.with_only_columns(cases.c.id)),
            steps.c.action.in_(COUNTED_STEPS),
            steps.c.at < end_utc,
        )
    )
    when: dict[str, dict[str, datetime]] = {}
    for case_id, action, at in taken:
        when.setdefault(case_id, {})[action] = _county_time(at)
    return [_case_month(row, when.get(row.id, {}), start) for row in rows]


def _case_month(row, when: dict[str, datetime], start: datetime) -> _CaseMonth:
    def in_month(action: str) -> bool:
        return action in when and when[action] >= start  # steps were read up to the end

    filed = _county_time(row.filed_at)
    received = filed >= start
    resolved = in_month("resolve")
    open_at_end = not any(action in when for action in FINISHING_STEPS)
    return _CaseMonth(
        station=row.station_code,
        received=received,
        collective=received and row.workers_affected >= COLLECTIVE_THRESHOLD,
        accepted=in_month("accept"),
        declined=in_month("decline"),
        resolved=resolved,
        open_at_end=open_at_end,
        overdue=bool(row.overdue) and (open_at_end or received),
        days_to_resolve=(when["resolve"].date() - filed.date()).days if resolved else None,
        amount_recovered=Decimal(row.amount_recovered or 0) if resolved else Decimal(0),
        satisfaction=row.satisfaction if in_month("record_feedback") else None,
    )


def _county_time(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes: they hold UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(COUNTY_TZ)
