"""A clock the test moves, for services that take ``clock=`` (deadlines, notice periods, terms)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

__all__ = ["Clock"]


class Clock:
    """``clock()`` is 09:00 UTC of ``clock.today``; set ``clock.today`` or ``advance(days)``."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> datetime:
        return datetime(self.today.year, self.today.month, self.today.day, 9, tzinfo=UTC)

    def advance(self, days: int) -> None:
        self.today += timedelta(days=days)
