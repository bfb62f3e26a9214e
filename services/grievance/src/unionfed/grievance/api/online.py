"""Complaints sent by workers themselves, online, without an account (“互联网+职工之家”).

Answers only the case number and what happens next, never the case itself; limited per
address so that the channel cannot be flooded.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from unionfed.grievance.api.cases import DeskDep, UowDep
from unionfed.grievance.domain.case import Category, Channel
from unionfed.grievance.service import cases

router = APIRouter(tags=["online"])
PER_HOUR = 5


class OnlineComplaint(BaseModel):
    station_code: str = Field(description="The service station nearest to the worker")
    category: Category
    description: str = Field(min_length=10, max_length=3000)
    workers_affected: int = Field(default=1, ge=1, le=100_000)
    employer_name: str = Field(min_length=1, max_length=200)
    employer_credit_code: str | None = None
    worker_name: str = Field(min_length=1, max_length=50)
    worker_phone: str


class RateLimit:
    """At most ``limit`` submissions per address per hour (one process; behind a proxy, the
    proxy's X-Forwarded-For must be trusted by the server for this to see real addresses)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def check(self, address: str) -> None:
        now, recent = time.monotonic(), self.seen[address]
        while recent and now - recent[0] > 3600:
            recent.popleft()
        if len(recent) >= self.limit:
            raise HTTPException(429, "too many complaints from this address; call 12351")
        recent.append(now)


@router.post("/online/cases", status_code=201)
async def complain(body: OnlineComplaint, request: Request, uow: UowDep, desk: DeskDep) -> dict:
    limiter = request.app.state.__dict__.setdefault("online_limit", RateLimit(PER_HOUR))
    limiter.check(request.client.host if request.client else "unknown")
    data = cases.Intake(**body.model_dump(), channel=Channel.online, amount_claimed=None)
    case = await cases.file_online(uow, desk=desk, data=data)
    return {
        "case_id": case.id,
        "status": case.status.value,
        "accept_by": case.deadlines["accept_by"].isoformat(),
        "message": "The station will contact you by phone; it accepts or declines the case "
        "by the date given. Urgent: call the 12351 hotline.",
    }
