"""How a handler says what kind of failure it met."""

from __future__ import annotations

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError


class RejectEvent(Exception):
    """Raised by a handler for an event it can never apply: dead-lettered without retries."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The database or network is away: retry until it is back, never dead-letter for it.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    DisconnectionError,
    ConnectionError,
    TimeoutError,
)


def is_infrastructure_error(exc: BaseException) -> bool:
    return isinstance(exc, INFRASTRUCTURE_ERRORS)
