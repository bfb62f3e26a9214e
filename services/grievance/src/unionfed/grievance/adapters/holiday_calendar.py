"""China's official working calendar, from the ``chinese-calendar`` package.

Public holidays (法定节假日) are off and make-up working days (调休上班), often a Saturday or
Sunday next to Spring Festival or National Day, are on. The package knows a year only once
the State Council has published its holiday notice, usually late in the year before.
"""

from __future__ import annotations

import logging
from datetime import date

import chinese_calendar

logger = logging.getLogger(__name__)


class ChinaWorkingCalendar:
    """Working days on China's official calendar, Monday to Friday for years not yet published.

    A deadline must not fail because next year's holidays are not known yet, so such a year
    falls back to weekdays and is kept in ``uncovered_years`` for the service to warn about.
    """

    def __init__(self) -> None:
        self.uncovered_years: set[int] = set()
        # A long-lived service asks about the same few weeks over and over.
        self._days: dict[date, bool] = {}

    def is_working_day(self, day: date) -> bool:
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._look_up(day)
        return known

    def _look_up(self, day: date) -> bool:
        if day.year not in self.uncovered_years:
            try:
                return chinese_calendar.is_workday(day)
            except NotImplementedError:
                # The package's way of saying it has no data for the year.
                self.uncovered_years.add(day.year)
                logger.warning(
                    "no official holiday calendar for %d in chinese-calendar %s: "
                    "counting Monday to Friday as working days for that year",
                    day.year,
                    chinese_calendar.__version__,
                )
        return day.weekday() < 5
