"""What the use cases need besides a unit of work: the clock, the calendar, the policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from unionfed.grievance.domain.calendar import WorkingCalendar
from unionfed.grievance.domain.deadlines import DeadlinePolicy


@dataclass(frozen=True)
class Desk:
    """This grievance deployment's desk: the stations it serves (empty: every station)."""

    stations: frozenset[str]
    calendar: WorkingCalendar
    policy: DeadlinePolicy = field(default_factory=DeadlinePolicy)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def serves(self, station_code: str) -> bool:
        return not self.stations or station_code in self.stations
