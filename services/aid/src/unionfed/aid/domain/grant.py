"""Grants (救助发放): applied → reviewed → approved → publicised (公示) → disbursed, or declined
or cancelled with a reason. The public list shows a person by a masked name only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from unionfed.common.errors import Conflict


class GrantStatus(StrEnum):
    applied = "applied"
    reviewed = "reviewed"
    approved = "approved"
    publicised = "publicised"
    disbursed = "disbursed"
    declined = "declined"
    cancelled = "cancelled"


ENDED = frozenset({GrantStatus.declined, GrantStatus.cancelled})
COMMITTED = frozenset({GrantStatus.approved, GrantStatus.publicised, GrantStatus.disbursed})
# How far along a grant is: a ledger never moves a grant back (events of one grant arrive in
# order, but this deployment's own writes may be ahead of its events coming back).
RANK = {
    "applied": 1,
    "reviewed": 2,
    "approved": 3,
    "publicised": 4,
    "disbursed": 5,
    "declined": 9,
    "cancelled": 9,
}


@dataclass
class Grant:
    id: str
    program_id: str
    station_code: str
    member_id: str
    person_key: str
    amount_fen: int
    budget_holder: str
    status: GrantStatus = GrantStatus.applied
    applied_on: date | None = None
    approved_on: date | None = None
    publicity_from: date | None = None
    publicity_until: date | None = None
    disbursed_fen: int | None = None
    disbursed_on: date | None = None
    method: str | None = None
    payment_reference: str | None = None
    end_reason: str | None = None
    union_id: str | None = None
    hardship_file_id: str | None = None

    def require(self, *statuses: GrantStatus) -> None:
        if self.status not in statuses:
            raise Conflict(
                "status",
                "allowed_steps",
                f"the grant is {self.status}; this needs {' or '.join(statuses)}",
                allowed=",".join(allowed_actions(self.status)),
            )


def allowed_actions(status: GrantStatus) -> list[str]:
    return {
        GrantStatus.applied: ["review", "decline"],
        GrantStatus.reviewed: ["approve", "decline"],
        GrantStatus.approved: ["publicise", "cancel"],
        GrantStatus.publicised: ["objection", "disburse", "cancel"],
    }.get(status, [])


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明: first and last character kept."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
