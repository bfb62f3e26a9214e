"""Errors the domain and service layers raise, and every API answers the same way.

A station worker always reads which field broke which rule (422), or why the current state
forbids it (409); a record that does not exist or belongs to another station is 404 with the
same, empty body either way. Standard library only, so that domains may use them.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal naming the ``field`` and the ``rule``; ``context`` adds safe details."""

    status = 422

    def __init__(self, field: str, rule: str, message: str, **context: object) -> None:
        super().__init__(message)
        self.field = field
        self.rule = rule
        self.message = message
        self.context = context


class RuleViolation(ServiceError):
    """The input breaks a rule: 422."""


class Conflict(ServiceError):
    """The input is fine but the current state forbids it: 409."""

    status = 409


class NotFound(ServiceError):
    """No such thing, or not one the caller may see: 404, saying nothing more."""

    status = 404

    def __init__(self, what: str) -> None:
        super().__init__(what, "not_found", f"{what} not found")
