"""What the membership rules refuse, each naming the field and the rule it broke.

The shared error types (``unionfed.common.errors``, standard library only) are answered by every
service's HTTP shell: 422, 409 or 404.
"""

from unionfed.common.errors import Conflict, NotFound, RuleViolation, ServiceError

MembershipError = ServiceError


class RuleBroken(RuleViolation):
    """The input breaks a membership rule (422)."""


class NotAllowed(Conflict):
    """The input is fine but the member's, union's or transfer's state forbids it (409)."""


__all__ = ["MembershipError", "NotAllowed", "NotFound", "RuleBroken"]
