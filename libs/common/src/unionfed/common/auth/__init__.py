"""Authentication and station-scoped authorisation for the services' HTTP APIs."""

from unionfed.common.auth.deps import (
    AnyStaff,
    CurrentPrincipal,
    FederationStaff,
    current_principal,
    ensure_station_access,
    require_roles,
    station_filter,
)
from unionfed.common.auth.principal import FEDERATION_ROLES, STATION_ROLES, Principal, Role
from unionfed.common.auth.scoping import visible_to
from unionfed.common.auth.tokens import (
    DEFAULT_ISSUER,
    DEV_SIGNING_SECRET,
    AuthSettings,
    InvalidToken,
    TokenVerifier,
    issue_dev_token,
)

__all__ = [
    "DEFAULT_ISSUER",
    "DEV_SIGNING_SECRET",
    "FEDERATION_ROLES",
    "STATION_ROLES",
    "AnyStaff",
    "AuthSettings",
    "CurrentPrincipal",
    "FederationStaff",
    "InvalidToken",
    "Principal",
    "Role",
    "TokenVerifier",
    "current_principal",
    "ensure_station_access",
    "issue_dev_token",
    "require_roles",
    "station_filter",
    "visible_to",
]
