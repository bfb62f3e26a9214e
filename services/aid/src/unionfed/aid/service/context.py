"""What the use cases need besides a unit of work: the clock, the keyer, the county's rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from unionfed.common.errors import RuleViolation
from unionfed.common.personal_data import PersonKeyer

if TYPE_CHECKING:
    from unionfed.aid.service.checks import GovernmentChecks


@dataclass(frozen=True)
class Office:
    """This deployment's aid office (帮扶中心): the stations it serves, its rules, its clock."""

    keyer: PersonKeyer
    thresholds: dict[str, Decimal]
    gov: GovernmentChecks
    stations: frozenset[str] = frozenset()  # empty: every station (the federation's)
    reverify_months: int = 12
    default_publicity_days: int = 5
    raise_duplicate_alerts: bool = True
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    def serves(self, station_code: str) -> bool:
        return not self.stations or station_code in self.stations

    def require_serves(self, station_code: str) -> None:
        if not self.serves(station_code):
            raise RuleViolation(
                "member_id", "station_served", f"this deployment does not serve {station_code}"
            )


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"
