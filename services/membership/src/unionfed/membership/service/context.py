"""What every use case needs besides its unit of work: who acts, where, with which keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from unionfed.common.auth import Principal
from unionfed.common.identifiers import parse_resident_id
from unionfed.common.personal_data import PersonKeyer
from unionfed.membership.domain.errors import NotFound
from unionfed.membership.domain.member import Gender, Identity


@dataclass(frozen=True)
class Deployment:
    """This membership deployment: the stations it serves (empty: every station)."""

    stations: frozenset[str]
    keyer: PersonKeyer
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def serves(self, station_code: str) -> bool:
        return not self.stations or station_code in self.stations

    def today(self) -> date:
        return self.clock().date()

    def identity(self, resident_id: str) -> tuple[Identity, str]:
        """Parse and check a resident ID number; returns the identity and the person key."""
        parsed = parse_resident_id(resident_id, today=self.today())
        identity = Identity(parsed.number, parsed.birth_date, Gender(parsed.gender))
        return identity, self.keyer.person_key(parsed.number)


def require_station(principal: Principal, station_code: str, what: str) -> None:
    """Another station's record is reported as missing: the caller learns nothing of it."""
    if not principal.can_act_for(station_code):
        raise NotFound(what)
