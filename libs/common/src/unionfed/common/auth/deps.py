"""FastAPI dependencies: who is calling, which roles they need, which stations they reach.

The app factory puts a :class:`TokenVerifier` on ``app.state.token_verifier``; it is looked
up per request so that tests and apps can each bring their own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from unionfed.common.auth.principal import Principal, Role
from unionfed.common.auth.tokens import InvalidToken, TokenVerifier

# Our own 401 replaces HTTPBearer's 403 so that the response names the reason.
_bearer = HTTPBearer(auto_error=False)


def _unauthorized(detail: str, challenge: str = "Bearer") -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": challenge},
    )


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller; 401 with ``WWW-Authenticate: Bearer`` when the token is refused."""
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("app.state.token_verifier is not set; the app factory must set it")
    if credentials is None:
        raise _unauthorized("missing token")
    try:
        # In a thread: fetching the JWKS key set is blocking I/O.
        return await run_in_threadpool(verifier.verify, credentials.credentials)
    except InvalidToken as exc:
        challenge = f'Bearer error="invalid_token", error_description="{exc.reason}"'
        raise _unauthorized(f"invalid token: {exc.reason}", challenge) from exc


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that returns the caller if they hold one of ``roles``, else answers 403.

    Use as ``Annotated[Principal, Depends(require_roles(Role.station_staff, ...))]``.
    """
    if not roles:
        raise ValueError("require_roles needs at least one role")
    wanted = tuple(dict.fromkeys(roles))

    async def principal_with_role(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(*wanted):
            raise HTTPException(
                status_code=status.HTTP_403_FORBIDDEN,
                detail=f"requires one of roles: {', '.join(wanted)}",
            )
        return principal

    return principal_with_role


AnyStaff = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.station_staff, Role.station_admin, Role.federation_staff, Role.federation_admin
        )
    ),
]
"""Anyone working at a station or the federation (their rows still scoped to their stations)."""
FederationStaff = Annotated[
    Principal, Depends(require_roles(Role.federation_staff, Role.federation_admin))
]
"""The federation's own staff and administrators: county-wide reads and decisions."""


def ensure_station_access(principal: Principal, station_code: str) -> None:
    """Answer 404 unless the caller may act for the service station ``station_code``.

    404 rather than 403, with the same body as a row that does not exist: a station user must
    not learn from our answers which other stations, members or cases exist.
    """
    if not principal.can_act_for(station_code):
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="not found")


def station_filter(principal: Principal) -> frozenset[str] | None:
    """Station codes a list query must be limited to; ``None`` means every station."""
    return principal.visible_stations()
