"""Deadlines in working days: the arithmetic, then China's official calendar with 调休.

The holiday dates below were read from chinese-calendar 1.11.0 (get_holiday_detail and
is_workday) when these tests were written, and match the State Council's notices.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import chinese_calendar
import pytest

from unionfed.grievance.adapters.holiday_calendar import ChinaWorkingCalendar
from unionfed.grievance.domain.calendar import (
    WeekendCalendar,
    add_working_days,
    working_days_between,
)

WEEKDAYS = WeekendCalendar()


class NeverWorking:
    def is_working_day(self, day: date) -> bool:
        return False


# --- the arithmetic, on a plain Monday-to-Friday week ------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2025, 3, 7), 3, date(2025, 3, 12)),  # Friday + 3 → Wednesday
        (date(2025, 3, 3), 3, date(2025, 3, 6)),  # Monday + 3 → Thursday
        (date(2025, 3, 3), 5, date(2025, 3, 10)),  # a full week lands on next Monday
        (date(2025, 3, 8), 1, date(2025, 3, 10)),  # Saturday + 1 → Monday
        (date(2025, 3, 7), 0, date(2025, 3, 7)),  # a working day is its own day 0
        (date(2025, 3, 8), 0, date(2025, 3, 10)),  # day 0 of a Saturday is Monday
        (date(2025, 3, 3), 15, date(2025, 3, 24)),
    ],
)
def test_add_working_days_skips_weekends_and_never_counts_the_start(start, days, due):
    assert add_working_days(WEEKDAYS, start, days) == due


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError, match="-1"):
        add_working_days(WEEKDAYS, date(2025, 3, 3), -1)


def test_a_calendar_without_working_days_fails_instead_of_looping():
    with pytest.raises(ValueError, match="no working day"):
        add_working_days(NeverWorking(), date(2025, 3, 3), 1)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2025, 3, 7), date(2025, 3, 12), 3),  # Friday → Wednesday
        (date(2025, 3, 7), date(2025, 3, 9), 0),  # only the weekend
        (date(2025, 3, 3), date(2025, 3, 3), 0),  # end == start
        (date(2025, 3, 12), date(2025, 3, 7), 0),  # end before start
        (date(2025, 3, 2), date(2025, 3, 31), 21),
    ],
)
def test_working_days_between_counts_after_start_up_to_and_including_end(start, end, count):
    assert working_days_between(WEEKDAYS, start, end) == count


@pytest.mark.parametrize("calendar", [WEEKDAYS, ChinaWorkingCalendar()], ids=["weekdays", "china"])
def test_counting_back_the_days_added_gives_the_same_number(calendar):
    # Around Spring Festival 2025, where the official calendar differs most from weekdays.
    for offset in range(30):
        start = date(2025, 1, 20) + timedelta(days=offset)
        for days in (1, 3, 15):
            due = add_working_days(calendar, start, days)
            assert working_days_between(calendar, start, due) == days
            assert calendar.is_working_day(due)


# --- China's official calendar -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 26), True),  # Sunday, make-up day before Spring Festival
        (date(2025, 1, 28), False),  # Spring Festival's Eve
        (date(2025, 2, 4), False),  # last day of Spring Festival
        (date(2025, 2, 8), True),  # Saturday, make-up day after Spring Festival
        (date(2025, 9, 28), True),  # Sunday, make-up day before National Day
        (date(2025, 10, 6), False),  # Mid-autumn Festival within National Day week
        (date(2025, 10, 11), True),  # Saturday, make-up day after National Day
        (date(2025, 10, 12), False),  # an ordinary Sunday
        (date(2025, 3, 12), True),  # an ordinary Wednesday
    ],
)
def test_official_holidays_are_off_and_make_up_days_are_on(day, working):
    assert ChinaWorkingCalendar().is_working_day(day) is working


@pytest.mark.parametrize(
    ("filed", "days", "due"),
    [
        # Friday 24 Jan: Sunday 26 (make-up) 1, Monday 27 2, holiday 28 Jan-4 Feb, Wednesday 5 → 3.
        (date(2025, 1, 24), 3, date(2025, 2, 5)),
        # Monday 27 Jan: 5, 6, 7 Feb, Saturday 8 (make-up), Monday 10 → 5.
        (date(2025, 1, 27), 5, date(2025, 2, 10)),
        # Filed on the first day of the holiday: the next working day is day 0.
        (date(2025, 1, 28), 0, date(2025, 2, 5)),
        # Friday 26 Sep: Sunday 28 (make-up), Monday 29, Tuesday 30.
        (date(2025, 9, 26), 3, date(2025, 9, 30)),
        # Tuesday 30 Sep: holiday 1-8 Oct, Thursday 9, Friday 10, Saturday 11 (make-up).
        (date(2025, 9, 30), 3, date(2025, 10, 11)),
        (date(2025, 10, 3), 0, date(2025, 10, 9)),
    ],
)
def test_deadlines_around_spring_festival_and_national_day_2025(filed, days, due):
    assert add_working_days(ChinaWorkingCalendar(), filed, days) == due


def test_a_deadline_across_spring_festival_2026():
    calendar = ChinaWorkingCalendar()
    # Thursday 12 Feb: Friday 13, Saturday 14 (make-up), holiday 15-23 Feb, Tuesday 24.
    assert add_working_days(calendar, date(2026, 2, 12), 3) == date(2026, 2, 24)
    # 13, 14, 24, 25, 26, 27, Saturday 28 (make-up), Monday 2 March.
    assert working_days_between(calendar, date(2026, 2, 12), date(2026, 3, 2)) == 8
    assert calendar.uncovered_years == set()


def test_a_year_the_package_does_not_know_falls_back_to_weekdays_and_is_recorded(caplog):
    calendar = ChinaWorkingCalendar()
    with caplog.at_level(logging.WARNING):
        # Wednesday 30 Sep 2099: Thursday 1 Oct counts as a weekday, then Friday 2, Monday 5.
        assert add_working_days(calendar, date(2099, 9, 30), 3) == date(2099, 10, 5)
        assert working_days_between(calendar, date(2099, 9, 30), date(2099, 10, 12)) == 8
    assert calendar.uncovered_years == {2099}
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "2099" in warnings[0].getMessage()


def test_the_year_after_the_last_published_one_counts_weekdays():
    # The realistic case: next year's notice is not out, or the package not yet upgraded.
    year = max(chinese_calendar.holidays).year + 1
    calendar = ChinaWorkingCalendar()
    last_published = date(year - 1, 12, 31)
    assert calendar.is_working_day(last_published) is chinese_calendar.is_workday(last_published)
    for offset in range(31):
        day = date(year, 1, 1) + timedelta(days=offset)
        assert calendar.is_working_day(day) is (day.weekday() < 5)
    assert calendar.uncovered_years == {year}
