"""Who is calling: the roles and service stations a verified token grants."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum, auto


class Role(StrEnum):
    """A role granted by the county's identity provider; the value is the token's role name."""

    station_staff = auto()
    """Staff of a service station (职工服务站工作人员): acts for the stations listed on them."""
    station_admin = auto()
    """Administrator of a service station: same reach as station staff, more rights inside it."""
    federation_staff = auto()
    """Staff of the county federation (县总工会): acts for every station."""
    federation_admin = auto()
    """Administrator of the county federation."""
    gov_partner = auto()
    """A government department (人社, 民政) calling documented APIs; acts for no station."""
    gov_gateway = auto()
    """The government gateway service: reads the personal data a government exchange needs
    (e.g. who was paid an aid grant, for the civil-affairs report); acts for no station."""


FEDERATION_ROLES = frozenset({Role.federation_staff, Role.federation_admin})
STATION_ROLES = frozenset({Role.station_staff, Role.station_admin})


@dataclass(frozen=True)
class Principal:
    """The verified caller of a request.

    ``stations`` are the codes of the service stations the user may act for; they only
    matter for station roles, because federation roles reach every station.
    """

    subject: str
    roles: frozenset[Role]
    stations: frozenset[str]
    name: str | None = None

    @property
    def is_federation(self) -> bool:
        """Whether the caller works for the county federation itself."""
        return not self.roles.isdisjoint(FEDERATION_ROLES)

    def has_any(self, *roles: Role) -> bool:
        """Whether the caller holds at least one of ``roles``."""
        return not self.roles.isdisjoint(roles)

    def can_act_for(self, station_code: str) -> bool:
        """Whether the caller may read or change the rows of one service station."""
        if self.is_federation:
            return True
        return self.has_any(*STATION_ROLES) and station_code in self.stations

    def visible_stations(self) -> frozenset[str] | None:
        """Station codes a list query is limited to; ``None`` means every station."""
        if self.is_federation:
            return None
        if self.has_any(*STATION_ROLES):
            return self.stations
        # A government partner sees no station's rows through station-scoped queries.
        return frozenset()
