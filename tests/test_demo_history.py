"""The half year of grievances the demo plays before today, and the clock it plays them with."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import httpx
from clocked import StoryClock, with_story_clock
from fastapi import FastAPI
from grievance_story import CHINA, FINISHED, HISTORY, JOURNEYS, plan_case

NOW = datetime(2026, 12, 1, 6, tzinfo=UTC)


def test_planned_cases_happen_in_office_hours_in_order_and_before_now():
    rng = random.Random(7)
    plans = [plan_case(rng, "XZ01", NOW) for _ in range(500)]
    journeys = {j for j, _ in JOURNEYS}
    for p in plans:
        assert NOW - HISTORY - timedelta(days=1) <= p.filed  # that day's office hours < NOW
        moments = [p.filed, *(at for at, _ in p.steps)]
        assert moments == sorted(moments) and len(set(moments)) == len(moments)
        assert all(at < NOW for at in moments)
        steps = tuple(step for _, step in p.steps)
        assert any(j[: len(steps)] == steps for j in journeys)  # a journey, maybe cut short
        local = p.filed.astimezone(CHINA)
        assert local.weekday() < 5 and (8, 30) <= (local.hour, local.minute) < (17, 30)
        if NOW - p.filed > timedelta(days=45):  # an old case has reached its journey's end
            assert steps and steps[-1] in FINISHED
    filed_months = {p.filed.astimezone(CHINA).strftime("%Y-%m") for p in plans}
    assert len(filed_months) >= 6  # spread over the half year, not one day
    assert any(not p.steps or p.steps[-1][1] not in FINISHED for p in plans)  # some still open


def test_the_story_clock_runs_on_from_where_it_is_set_and_goes_back_to_real_time():
    clock = StoryClock()
    assert abs(clock() - datetime.now(UTC)) < timedelta(seconds=1)
    clock.set(datetime(2026, 6, 3, 1, 30, tzinfo=UTC))
    first = clock()
    assert timedelta(0) <= first - datetime(2026, 6, 3, 1, 30, tzinfo=UTC) < timedelta(seconds=1)
    assert clock() >= first
    clock.set(None)
    assert abs(clock() - datetime.now(UTC)) < timedelta(seconds=1)


async def test_the_clock_route_takes_an_aware_moment_only():
    clock = StoryClock()
    transport = httpx.ASGITransport(app=with_story_clock(FastAPI(), clock))
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
        answer = await client.put("/demo/clock", json={"now": "2026-06-03T09:30:00+08:00"})
        naive = await client.put("/demo/clock", json={"now": "2026-06-03T09:30:00"})
        kept = clock()
        reset = await client.put("/demo/clock", json={"now": None})
    assert answer.status_code == 200
    assert abs(kept - datetime(2026, 6, 3, 1, 30, tzinfo=UTC)) < timedelta(seconds=1)
    assert naive.status_code == 422 and naive.json()["detail"][0]["loc"] == ["body", "now"]
    real = datetime.fromisoformat(reset.json()["now"])
    assert abs(real - datetime.now(UTC)) < timedelta(seconds=1)
