"""Errors the service layer raises and every API answers the same way.

The domain raises its own exceptions; services translate them into these so that a station
worker always reads which field broke which rule (422), or why the state forbids it (409).
"""

from __future__ import annotations

from typing import Any


class RuleViolation(Exception):
    """Input that breaks a business rule: answered 422 naming ``field`` and ``rule``."""

    def __init__(self, field: str, rule: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.rule = rule
        self.message = message


class Conflict(Exception):
    """The request is valid but the current state forbids it: answered 409."""

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context
