"""Development tokens for tests: what a signed-in user sends, signed with the dev secret.

``token(Role.station_staff, stations=("XZ01",))`` is the ``Authorization`` header itself;
``dev_token`` is the raw token, for a test that puts it elsewhere (a browser, a cookie).
"""

from __future__ import annotations

from unionfed.common.auth import DEFAULT_ISSUER, DEV_SIGNING_SECRET, Role, issue_dev_token

__all__ = ["bearer", "dev_token", "token"]


def dev_token(*roles: Role, stations: tuple[str, ...] = (), subject: str = "tester") -> str:
    """A token every service accepts in development (dev secret, default issuer and audience)."""
    return issue_dev_token(
        secret=DEV_SIGNING_SECRET,
        issuer=DEFAULT_ISSUER,
        audience="unionfed",
        subject=subject,
        roles=list(roles),
        stations=list(stations),
    )


def bearer(value: str) -> dict:
    """The ``Authorization`` header carrying ``value``."""
    return {"Authorization": f"Bearer {value}"}


def token(*roles: Role, stations: tuple[str, ...] = (), subject: str = "tester") -> dict:
    """The ``Authorization`` header of a development token with these roles and stations."""
    return bearer(dev_token(*roles, stations=stations, subject=subject))
