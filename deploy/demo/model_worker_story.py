"""Chapter: model workers (劳动模范) — titles already held, their benefits and yearly
assessment, a title lost, and this year's county selection up to its public notice (公示).

The service keeps the real calendar: a campaign cannot be evaluated before its notice period is
over, so the demo leaves this year's campaign in its notice period; titles awarded in earlier
years are recorded as such, with their document numbers.
"""

from __future__ import annotations

from datetime import date, timedelta

import county as generated
from grievance_story import file_case
from stage import Demo, ok, say, wait

# (station, sector of the employer, level, awarded on, document number)
EARLIER_TITLES = (
    ("XZ01", "manufacturing", "city", date(2023, 4, 28), "市政发〔2023〕21号"),
    ("HQ04", "manufacturing", "provincial", date(2024, 4, 26), "省政发〔2024〕9号"),
    ("JD02", "logistics", "city", date(2022, 4, 29), "市政发〔2022〕17号"),
    ("YQ03", "construction", "city", date(2025, 4, 28), "市政发〔2025〕15号"),
    ("JD02", "delivery", "city", date(2025, 4, 28), "市政发〔2025〕15号"),
)


def model_workers(demo: Demo) -> None:
    desk = demo.at("model-worker")
    year = date.today().year
    say("Model workers of earlier years are under the federation's management (劳模管理)")
    titles = []
    for station, sector, level, awarded_on, document in EARLIER_TITLES:
        employer, worker = _member_in(demo, station, sector)
        member_id = member_id_of(demo, station, worker)
        title = ok(
            desk.post(
                "/v1/titles",
                headers=demo.federation(),
                json={
                    "station_code": station,
                    "name": worker.name,
                    "member_id": member_id,
                    "level": level,
                    "sector": sector,
                    "employer_credit_code": employer.credit_code,
                    "employer_name": employer.name,
                    "awarded_on": awarded_on.isoformat(),
                    "document_number": document,
                    "term_years": 5,
                },
            ),
            f"{worker.name} ({employer.name}), {level} model worker since {awarded_on}",
        )
        titles.append((station, title))

    due = desk.get("/v1/benefits/due", headers=demo.federation(), params={"year": year}).json()
    print(f"    benefits due this year: {due.get('total', len(due.get('items', [])))} items "
          "(GET /v1/benefits/due.xlsx for the list)")  # fmt: skip
    for station, title in titles[:3]:
        ok(
            desk.post(
                f"/v1/titles/{title['id']}/benefits",
                headers=demo.staff(station),
                json={"benefit": "health_check", "year": year, "delivered_on": _recent(20)},
            ),
            f"{station}: yearly health check delivered",
        )

    say("The yearly assessment with the employers (年度考核): one model worker fails it")
    for station, title in titles[:-1]:
        ok(
            desk.post(
                f"/v1/titles/{title['id']}/assessments",
                headers=demo.staff(station),
                json={
                    "year": year,
                    "passed": True,
                    "employer_opinion": "表现优秀，继续发挥示范作用",
                },
            ),
            None,
        )
    station, failed = titles[-1]
    ok(
        desk.post(
            f"/v1/titles/{failed['id']}/assessments",
            headers=demo.staff(station),
            json={
                "year": year,
                "passed": False,
                "reasons": "因严重违反交通安全规定受到行政处罚",
                "employer_opinion": "同意不予通过",
            },
        ),
        f"{station}: assessment failed, revocation proposed",
    )
    ok(
        desk.post(
            f"/v1/titles/{failed['id']}/revocation-decision",
            headers=demo.federation(),
            json={
                "approved": True,
                "decided_on": _recent(0),
                "document_number": f"县总发〔{year}〕31号",
            },
        ),
        "the federation approves: the title is revoked, its benefits stop",
    )
    refused = desk.post(
        f"/v1/titles/{failed['id']}/benefits",
        headers=demo.staff(station),
        json={"benefit": "study_visit", "year": year, "delivered_on": _recent(0)},
    )
    print(f"    a benefit for the revoked title: {refused.status_code} {refused.json()['detail']}")
    station, lead = titles[0]
    ok(
        desk.post(
            "/v1/studios",
            headers=demo.staff(station),
            json={
                "name": "数控加工劳模创新工作室",
                "station_code": station,
                "lead_title_id": lead["id"],
                "field": "数控加工",
            },
        ),
        f"{station}: an innovation studio (劳模创新工作室) led by a model worker",
    )
    this_years_campaign(demo, year)


def this_years_campaign(demo: Demo, year: int) -> None:
    desk = demo.at("model-worker")
    say(f"The {year} county selection (县级劳动模范评选): nominations, clearance, public notice")
    campaign = ok(
        desk.post(
            "/v1/campaigns",
            headers=demo.federation(),
            json={
                "title": f"{year}年度县级劳动模范评选",
                "level": "county",
                "year": year,
                "quota_total": 4,
                "quotas_by_sector": {
                    "manufacturing": 2,
                    "construction": 1,
                    "logistics": 1,
                    "delivery": 1,
                    "retail": 1,
                },
                "min_front_line_share": 0.5,
                "nominations_open": _recent(20),
                "nominations_close": (date.today() + timedelta(days=10)).isoformat(),
                "vote_threshold": 2 / 3,
            },
        ),
        "campaign opened: 4 places, at least half for front-line workers",
    )
    # An employer with an open unpaid-wages case: its nominee is flagged to the reviewers.
    flagged_employer = next(e for e in demo.county.employers if e.station_code == "HQ04"
                            and e.sector == "manufacturing")  # fmt: skip
    file_case(demo, "HQ04", employer=flagged_employer, category="unpaid_wages")
    nominees = []
    for station, sector, front_line in (
        ("XZ01", "manufacturing", True),
        ("HQ04", "manufacturing", True),
        ("JD02", "delivery", True),
        ("YQ03", "construction", True),
        ("JD02", "logistics", False),
        ("XZ01", "retail", False),
    ):
        employer, worker = _member_in(demo, station, sector, nominee=True)
        nominee = ok(
            desk.post(
                f"/v1/campaigns/{campaign['id']}/nominations",
                headers=demo.staff(station),
                json={
                    "station_code": station,
                    "name": worker.name,
                    "member_id": member_id_of(demo, station, worker),
                    "employer_credit_code": employer.credit_code,
                    "employer_name": employer.name,
                    "sector": sector,
                    "front_line": front_line,
                    "achievements": "技术革新多项，带徒十余名，连续三年获评优秀员工",
                    "congress_endorsed_on": _recent(15),
                },
            ),
            f"{station} nominates {worker.name} ({employer.name}, {sector})",
        )
        nominees.append((station, employer, nominee))
    flagged = next(n for s, e, n in nominees if e.credit_code == flagged_employer.credit_code)
    wait(
        lambda: (
            desk.get(f"/v1/nominations/{flagged['id']}", headers=demo.federation())
            .json()
            .get("grievance_flag")
        )
    )
    print(f"    flagged to the reviewers: the employer of nominee {flagged['id'][:10]} has an open "
          "unpaid-wages case")  # fmt: skip
    departments = ("labour_inspection", "safety", "public_security")
    vetoed = nominees[3][2]
    for _, _, nominee in nominees:
        for department in departments:
            body = {"department": department}
            if nominee is vetoed and department == "safety":
                body |= {
                    "veto": True,
                    "reason": "所在项目今年发生一起较大生产安全事故，负有管理责任",
                }
            ok(
                desk.post(
                    f"/v1/nominations/{nominee['id']}/clearances",
                    headers=demo.federation(),
                    json=body,
                ),
                None,
            )
            if body.get("veto"):
                break  # one veto removes the nominee: the other departments have nothing to do
    print("    labour inspection, safety and public security cleared the nominees; "
          "safety vetoed one (一票否决): removed")  # fmt: skip
    until = date.today() + timedelta(days=6)
    ok(
        desk.post(
            f"/v1/campaigns/{campaign['id']}/publicity",
            headers=demo.federation(),
            json={"publicity_from": _recent(0), "publicity_until": until.isoformat()},
        ),
        f"public notice (公示) until {until}; then the evaluation meeting, approval and award",
    )
    station, _, objected = nominees[0]
    ok(
        desk.post(
            f"/v1/nominations/{objected['id']}/objections",
            headers=demo.staff(station),
            json={"summary": "有职工反映该同志的部分业绩系团队成果"},
        ),
        "an objection is recorded during the notice, for the federation to decide",
    )


def _member_in(
    demo: Demo, station: str, sector: str, *, nominee: bool = False
) -> tuple[generated.Employer, generated.Worker]:
    employer = next(
        (e for e in demo.county.employers if e.station_code == station and e.sector == sector),
        None,
    ) or next(e for e in demo.county.employers if e.station_code == station)
    staff = demo.county.workers[employer.credit_code]
    # Title holders from the middle of the list, nominees from its end: never the same person.
    return employer, staff[-1] if nominee else staff[len(staff) // 2]


def member_id_of(demo: Demo, station: str, worker: generated.Worker) -> str:
    found = (
        demo.at("membership", station)
        .get("/members", headers=demo.staff(station), params={"q": worker.name})
        .json()["items"]
    )
    return next(m["id"] for m in found if m["resident_id"][-4:] == worker.resident_id[-4:])


def _recent(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()
