"""Chapter: grievances (维权) filed at the stations and moved through their lifecycle.

The story plays the last half year before today: each case gets a filing moment in a station's
office hours and its steps days or weeks apart (``PAUSES``); all moments of all cases are played
in the order of time, the station deployment's clock (``clocked.py``) set to each first. Cases
whose next step has not come yet stay open, as at a real station on a real day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import county as generated
from stage import Demo, ok, say, wait

CATEGORIES = (
    ("unpaid_wages", 34), ("social_insurance", 14), ("labour_contract", 14), ("dismissal", 10),
    ("working_hours", 8), ("work_injury", 8), ("occupational_safety", 3), ("women_workers", 3),
    ("suggestion", 2), ("other", 4),
)  # fmt: skip
COMPLAINTS = {
    "unpaid_wages": "{n}个月工资未发，多次催要无果",
    "social_insurance": "单位未按规定缴纳社会保险",
    "labour_contract": "入职半年未签订书面劳动合同",
    "dismissal": "未提前通知被解除劳动合同，无经济补偿",
    "working_hours": "长期每天工作12小时，加班费未支付",
    "work_injury": "工作中受伤，单位不申报工伤",
    "occupational_safety": "车间粉尘大，未配发防护用品",
    "women_workers": "孕期被调岗降薪",
    "suggestion": "建议园区增设职工休息驿站",
    "other": "宿舍条件差，多次反映未解决",
}
CHANNELS = ("walk_in", "walk_in", "hotline_12351", "online")
# Where a case ends up in the demo: the step sequence after filing, with a weight.
JOURNEYS = (
    ((), 12),
    (("accept",), 8),
    (("accept", "assign"), 8),
    (("accept", "assign", "mediate"), 12),
    (("accept", "assign", "mediate", "resolve", "record_feedback", "close"), 35),
    (("accept", "assign", "legal_aid", "resolve", "record_feedback"), 8),
    (("accept", "assign", "refer"), 7),
    (("decline", "close"), 5),
)


HISTORY = timedelta(days=182)  # the half year of cases the story plays before today
CHINA = ZoneInfo("Asia/Shanghai")
FINISHED = ("close", "record_feedback", "refer")  # where a case is no longer the station's
# Days from one step to the next (then the station's next office hours), with their weights:
# most cases are accepted within the 3 working days, some are not (the deadline sweep reports
# those), mediation takes days to weeks.
PAUSES = {
    "accept": ((0, 1, 2, 3, 6), (35, 30, 20, 10, 5)),
    "decline": ((0, 1, 2), (50, 30, 20)),
    "assign": ((0, 1, 2), (50, 35, 15)),
    "mediate": ((1, 2, 4, 7), (30, 30, 25, 15)),
    "legal_aid": ((1, 3, 5), (40, 40, 20)),
    "refer": ((0, 1, 3), (40, 40, 20)),
    "resolve": ((2, 5, 9, 14, 25), (15, 30, 30, 15, 10)),
    "record_feedback": ((1, 3, 6), (50, 35, 15)),
    "close": ((0, 1, 2), (50, 35, 15)),
}


@dataclass(frozen=True)
class PlannedCase:
    """A case of the past half year: where and when it was filed, and its steps' moments."""

    station: str
    filed: datetime
    steps: tuple[tuple[datetime, str], ...]


def office_hours(rng: random.Random, day: datetime, after: datetime | None = None) -> datetime:
    """A moment in a station's office hours (8:30–17:30 in China, Monday to Friday) on ``day``
    or the next weekday, later than ``after``."""
    local = day.astimezone(CHINA)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    minute = rng.randrange(8 * 60 + 30, 17 * 60 + 30)
    moment = local.replace(hour=minute // 60, minute=minute % 60, second=0, microsecond=0)
    moment = moment.astimezone(UTC)
    if after is not None and moment <= after:
        moment = after + timedelta(minutes=rng.randint(10, 120))
    return moment


def plan_case(rng: random.Random, station: str, now: datetime) -> PlannedCase:
    """Filed some time in the last half year; an old case has reached the end of its journey,
    a recent one may be anywhere on it. Steps whose moment has not come yet are left out."""
    filed = office_hours(rng, now - HISTORY * rng.random())
    if filed >= now:
        filed = now - timedelta(hours=rng.randint(1, 48))
    journeys = [(j, w) for j, w in JOURNEYS if now - filed < timedelta(days=45) or _ends(j)]
    journey = rng.choices([j for j, _ in journeys], [w for _, w in journeys])[0]
    at, steps = filed, []
    for step in journey:
        days, weights = PAUSES[step]
        at = office_hours(rng, at + timedelta(days=rng.choices(days, weights)[0]), after=at)
        if at >= now:
            break
        steps.append((at, step))
    return PlannedCase(station, filed, tuple(steps))


def _ends(journey: tuple[str, ...]) -> bool:
    return bool(journey) and journey[-1] in FINISHED


def grievances(demo: Demo, count: int) -> None:
    say(f"Half a year at the stations: {count} grievances (维权) filed and moved on, day by day")
    rng, now = demo.rng, datetime.now(UTC)
    planned = [plan_case(rng, rng.choice(demo.county.stations).code, now) for _ in range(count)]
    moments = [(p.filed, n, "file") for n, p in enumerate(planned)]
    moments += [(at, n, step) for n, p in enumerate(planned) for at, step in p.steps]
    filed: dict[int, dict] = {}
    for at, n, step in sorted(moments):  # in the order of time: each station's clock runs on
        station = planned[n].station
        demo.set_clock("grievance", station, at)
        if step == "file":
            filed[n] = file_case(demo, station)
        else:
            advance(demo, station, filed[n], step)
    demo.reset_clocks("grievance")
    for n, p in enumerate(planned):
        if not p.steps or p.steps[-1][1] not in FINISHED:
            demo.open_cases.append((p.station, filed[n]["id"]))
    first = min(p.filed for p in planned).astimezone(CHINA)
    print(
        f"    filed {count} cases since {first:%Y-%m-%d} and took {len(moments) - count} steps; "
        f"{len(demo.open_cases)} remain open"
    )

    say("Three stations hear of unpaid wages at one building contractor: an early warning")
    builder = generated.Employer(
        name="宏达建筑劳务有限公司",  # no union there: many grievances come from such employers
        credit_code=generated.credit_code(900),
        sector="construction",
        kind="enterprise",
        station_code="",
        headcount=0,
        founded_on=date(2019, 5, 1),
    )
    for station in ("XZ01", "JD02", "YQ03"):
        file_case(demo, station, employer=builder, category="unpaid_wages")
    federation_desk = demo.at("grievance")

    def alert() -> dict | None:
        alerts = federation_desk.get("/alerts", headers=demo.federation()).json()["items"]
        return next((a for a in alerts if a["employer_credit_code"] == builder.credit_code), None)

    wait(alert)
    print(
        f"    alert to the federation: {len(alert()['case_ids'])} cases against "
        f"{builder.name} ({builder.credit_code}) at {', '.join(alert()['station_codes'])}"
    )
    say("A collective case (群体性, 36 workers) goes to the federation at once")
    big = file_case(demo, "YQ03", category="social_insurance", workers=36)
    print(f"    escalated: {big['escalated']}")


def file_case(
    demo: Demo,
    station: str,
    *,
    employer: generated.Employer | None = None,
    category: str | None = None,
    workers: int | None = None,
) -> dict:
    rng = demo.rng
    local = [e for e in demo.county.employers if e.station_code == station]
    small = [e for e in demo.county.small_employers if e.station_code == station]
    if employer is None:  # two cases in three from small employers without a union
        employer = rng.choice(small) if small and rng.random() < 0.65 else rng.choice(local)
    members = demo.county.workers.get(employer.credit_code)
    worker = rng.choice(members or demo.county.non_members)
    category = category or rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0]
    body = {
        "station_code": station,
        "channel": rng.choice(CHANNELS),
        "category": category,
        "description": COMPLAINTS[category].format(n=rng.randint(2, 6)),
        "workers_affected": workers or rng.choices((1, 2, 3, 5, 8), (70, 12, 8, 6, 4))[0],
        "employer_name": employer.name,
        "worker_name": worker.name,
        "worker_phone": worker.mobile,
    }
    if employer.kind != "joint":
        body["employer_credit_code"] = employer.credit_code
    if category in ("unpaid_wages", "working_hours", "dismissal"):
        body["amount_claimed"] = str(rng.randrange(3000, 60000, 500))
    desk = demo.at("grievance", station)
    return ok(desk.post("/cases", headers=demo.staff(station), json=body), None)


def advance(demo: Demo, station: str, case: dict, step: str) -> dict:
    rng = demo.rng
    body: dict = {
        "decline": {"reason": "不属于工会受理范围，已告知向相关部门反映"},
        "assign": {"handler": rng.choice(("调解员王", "调解员李", "律师张", "干事陈"))},
        "mediate": {"note": "约谈企业负责人"},
        "legal_aid": {"note": "指派工会法律援助律师"},
        "refer": {
            "target": "labour_inspection"
            if case["category"] in ("unpaid_wages", "social_insurance")
            else "labour_arbitration"
        },
        "record_feedback": {"satisfaction": rng.choices((5, 4, 3, 2), (55, 30, 10, 5))[0]},
    }.get(step, {})
    if step == "resolve":
        outcome = rng.choices(("settled", "partly_settled", "not_settled"), (70, 20, 10))[0]
        claimed = float(case.get("amount_claimed") or 0)
        share = {"settled": 1.0, "partly_settled": 0.6, "not_settled": 0.0}[outcome]
        body = {"outcome": outcome, "amount_recovered": f"{claimed * share:.2f}"}
    desk = demo.at("grievance", station)
    return ok(
        desk.post(f"/cases/{case['id']}/steps/{step}", headers=demo.staff(station), json=body),
        None,
    )
