"""Request and response bodies of the grievance API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from unionfed.common.identifiers import mask_mobile
from unionfed.grievance.domain.case import Category, Channel, Outcome, ReferralTarget, Status
from unionfed.grievance.domain.grievance import Grievance


class CaseCreate(BaseModel):
    station_code: str
    channel: Channel
    category: Category
    description: str = Field(min_length=1, max_length=5000)
    workers_affected: int = Field(default=1, ge=1, le=100_000)
    amount_claimed: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    employer_name: str = Field(min_length=1, max_length=200)
    employer_credit_code: str | None = Field(default=None, description="统一社会信用代码")
    worker_name: str = Field(min_length=1, max_length=50)
    worker_phone: str
    member_id: str | None = Field(default=None, description="When the worker is a member")


class StepBody(BaseModel):
    """What a step needs: ``reason`` (decline), ``handler`` (assign), ``target`` (refer),
    ``outcome`` and ``amount_recovered`` (resolve), ``satisfaction`` (record_feedback)."""

    note: str = Field(default="", max_length=2000)
    reason: str | None = Field(default=None, max_length=500)
    handler: str | None = Field(default=None, max_length=100)
    target: ReferralTarget | None = None
    outcome: Outcome | None = None
    amount_recovered: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    satisfaction: int | None = Field(default=None, ge=1, le=5)


class StepRead(BaseModel):
    action: str
    status: Status
    at: datetime
    by: str
    note: str
    details: dict


class CaseRead(BaseModel):
    id: str
    station_code: str
    channel: Channel
    category: Category
    description: str
    workers_affected: int
    collective: bool
    amount_claimed: Decimal | None
    employer_name: str
    employer_credit_code: str | None
    worker_name: str
    worker_phone: str = Field(description="Masked unless revealed (audited)")
    member_id: str | None
    filed_at: datetime
    status: Status
    allowed_steps: list[str]
    handler: str | None
    referral: ReferralTarget | None
    outcome: Outcome | None
    amount_recovered: Decimal | None
    satisfaction: int | None
    escalated: bool
    deadlines: dict[str, date]
    overdue: list[str]
    timeline: list[StepRead]

    @classmethod
    def of(cls, c: Grievance, *, reveal: bool = False) -> CaseRead:
        return cls(
            id=c.id,
            station_code=c.station_code,
            channel=c.channel,
            category=c.category,
            description=c.description,
            workers_affected=c.workers_affected,
            collective=c.collective,
            amount_claimed=c.amount_claimed,
            employer_name=c.employer.name,
            employer_credit_code=c.employer.credit_code,
            worker_name=c.worker.name,
            worker_phone=c.worker.phone if reveal else mask_mobile(c.worker.phone),
            member_id=c.worker.member_id,
            filed_at=c.filed_at,
            status=c.status,
            allowed_steps=c.allowed_steps(),
            handler=c.handler,
            referral=c.referral,
            outcome=c.outcome,
            amount_recovered=c.amount_recovered,
            satisfaction=c.satisfaction,
            escalated=c.escalated,
            deadlines=c.deadlines,
            overdue=sorted(c.overdue),
            timeline=[
                StepRead(
                    action=s.action,
                    status=s.status,
                    at=s.at,
                    by=s.by,
                    note=s.note,
                    details=s.details,
                )
                for s in c.timeline
            ],
        )
