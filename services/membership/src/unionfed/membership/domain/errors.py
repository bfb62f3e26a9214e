"""What the membership rules refuse, each naming the field and the rule it broke."""

from __future__ import annotations


class MembershipError(Exception):
    def __init__(self, field: str, rule: str, message: str, **context: object) -> None:
        super().__init__(message)
        self.field = field
        self.rule = rule
        self.message = message
        self.context = context


class RuleBroken(MembershipError):
    """The input breaks a rule (answered 422)."""


class NotAllowed(MembershipError):
    """The input is fine but the current state forbids it (answered 409)."""


class NotFound(MembershipError):
    """No such thing, or not one the caller may see (answered 404)."""

    def __init__(self, what: str) -> None:
        super().__init__(what, "not_found", f"{what} not found")
