"""Working days (工作日) and deadlines counted in them.

A deadline of ``n`` working days runs from the day after the start: the start itself is never
counted, and the deadline is the ``n``-th working day after it, due by the end of that day.
A case filed on a Friday before a normal weekend, to be accepted within 3 working days, is due
on Wednesday (Monday 1, Tuesday 2, Wednesday 3). Which days are working days is the calendar's
business: China's official calendar takes holidays off and moves some weekends to working
days (调休), so the arithmetic here only ever asks the calendar, never the weekday.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

_ONE_DAY = timedelta(days=1)
# No real calendar rests this long; a longer run means a broken calendar, not a long holiday.
_LONGEST_REST = 366


class WorkingCalendar(Protocol):
    """Tells whether a day is a working day (工作日) or a rest day (休息日)."""

    def is_working_day(self, day: date) -> bool: ...


class WeekendCalendar:
    """Monday to Friday working, every Saturday and Sunday off, no holidays."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def add_working_days(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The ``days``-th working day after ``start``, ``start`` itself not counted.

    ``days=0`` gives ``start`` if it is a working day, else the next working day.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    if days == 0:
        return _next_working_day(calendar, start)
    day = start
    for _ in range(days):
        day = _next_working_day(calendar, day + _ONE_DAY)
    return day


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 if none)."""
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        count += calendar.is_working_day(day)
        day += _ONE_DAY
    return count


def _next_working_day(calendar: WorkingCalendar, day: date) -> date:
    """``day`` if it is a working day, else the first working day after it."""
    for _ in range(_LONGEST_REST):
        if calendar.is_working_day(day):
            return day
        day += _ONE_DAY
    raise ValueError(f"the calendar has no working day in the {_LONGEST_REST} days before {day}")
