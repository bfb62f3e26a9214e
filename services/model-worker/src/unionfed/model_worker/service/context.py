"""What the use cases need besides a unit of work: the clock, the keyer, the policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from unionfed.common.personal_data import PersonKeyer


@dataclass(frozen=True)
class Office:
    """The federation's model-worker office (劳模办): its rules and its clock."""

    keyer: PersonKeyer
    departments: tuple[str, ...]
    yearly_benefits: tuple[str, ...]
    min_publicity_days: int = 5
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
