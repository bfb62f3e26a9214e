"""Chapter: grievances (维权) filed at the stations and moved through their lifecycle."""

from __future__ import annotations

from datetime import date

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


def grievances(demo: Demo, count: int) -> None:
    say(f"Workers bring grievances (维权) to the stations: {count} cases")
    rng = demo.rng
    moved = 0
    for _ in range(count):
        station = rng.choice(demo.county.stations).code
        case = file_case(demo, station)
        steps = rng.choices([j for j, _ in JOURNEYS], [w for _, w in JOURNEYS])[0]
        for step in steps:
            advance(demo, station, case, step)
            moved += 1
        if not steps or steps[-1] not in ("close", "record_feedback", "refer"):
            demo.open_cases.append((station, case["id"]))
    print(f"    filed {count} cases and took {moved} steps; {len(demo.open_cases)} remain open")

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
    employer = employer or rng.choice(local)
    staff = (
        demo.county.workers.get(employer.credit_code) or demo.county.workers[local[0].credit_code]
    )
    worker = rng.choice(staff)
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
