"""Membership transfers (会籍转移): requested by the origin, accepted or declined by the
destination; membership is continuous across it (the join date is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from unionfed.membership.domain.errors import NotAllowed


class TransferStatus(StrEnum):
    requested = "requested"
    accepted = "accepted"
    declined = "declined"


class DeclineReason(StrEnum):
    not_employed_here = "not_employed_here"
    already_member_here = "already_member_here"
    wrong_union = "wrong_union"
    other = "other"


@dataclass
class Transfer:
    id: str
    person_key: str
    from_member_id: str
    from_station_code: str
    from_union_id: str
    to_station_code: str
    to_union_id: str
    joined_on: date
    requested_on: date
    status: TransferStatus = TransferStatus.requested
    decided_on: date | None = None
    decline_reason: DeclineReason | None = None
    to_member_id: str | None = None

    def accept(self, *, to_member_id: str, on: date) -> None:
        self._require_open()
        self.status, self.decided_on, self.to_member_id = TransferStatus.accepted, on, to_member_id

    def decline(self, reason: DeclineReason, on: date) -> None:
        self._require_open()
        self.status, self.decided_on, self.decline_reason = TransferStatus.declined, on, reason

    def _require_open(self) -> None:
        if self.status is not TransferStatus.requested:
            raise NotAllowed("transfer", "open", f"transfer {self.id} is already {self.status}")
