"""Contracts of the ``gov`` topic: what the government gateway tells the other services.

The gateway holds the government credentials and protocols; these events say what happened on
the government side of an exchange, by the union's own ids, never with the person's data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from unionfed.common.events.contract import IntegrationEvent, event_contract

ReferralStatus = Literal["sent", "received", "investigating", "concluded", "rejected"]
ReferralOutcome = Literal["wages_paid", "order_issued", "penalty_imposed", "no_violation", "other"]


@event_contract("gov.referral.status_changed.v1")
class ReferralStatusChanged(IntegrationEvent):
    """A grievance referred to labour inspection (劳动监察) moved on at the bureau."""

    referral_id: str
    case_id: str
    station_code: str
    status: ReferralStatus
    outcome: ReferralOutcome | None = None
    bureau_reference: str | None = None
    at: datetime


@event_contract("gov.aid_report.delivered.v1")
class AidReportDelivered(IntegrationEvent):
    """Civil affairs (民政) acknowledged the report of an aid grant paid."""

    grant_id: str
    station_code: str
    receipt_reference: str
    at: datetime


CONTRACTS = (ReferralStatusChanged, AidReportDelivered)
