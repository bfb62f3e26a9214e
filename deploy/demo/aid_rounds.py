"""Chapter: the past year of aid (帮扶), quietly — the rounds the stations ran before this month:
the last Spring Festival's winter visits (送温暖), the summer relief for front-line workers
(送清凉) and the autumn education aid per child in school (金秋助学), each for dozens of families
at every station, from application through approval and public notice to payment.

The staff record each round as they would enter last season's paper records: the application,
approval, notice and payment dates are in the past (the aid service accepts past dates, never
future ones). The walk-through of one round, with every step printed, is ``aid_story.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import county as generated
from model_worker_story import member_id_of
from stage import Demo, ok, say, wait

BUDGETS = {"town": ("XZ01", "HQ04"), "street": ("JD02", "YQ03")}  # deployment → stations
FRONT_LINE = ("construction", "logistics", "delivery", "manufacturing", "domestic_services")
STAGES = ("primary", "junior_secondary", "senior_secondary", "vocational", "undergraduate")
STAGE_AMOUNTS = {"primary": 800, "junior_secondary": 1000, "senior_secondary": 1500,
                 "vocational": 1500, "undergraduate": 3000}  # fmt: skip
# Hardship families of the rounds: (household size, monthly household income, level, causes)
HOUSEHOLDS = (
    (3, 2400, "deep", ["serious_illness"]),
    (4, 3600, "relative", ["children_in_school"]),
    (2, 1600, "deep", ["disability"]),
    (5, 4500, "relative", ["children_in_school", "unemployment_in_family"]),
    (3, 2700, "relative", ["single_parent", "children_in_school"]),
    (4, 2000, "deep", ["serious_illness", "children_in_school"]),
)


@dataclass(frozen=True)
class Round:
    kind: str
    month_day: tuple[int, int]  # when the applications came in (the latest such day past)
    period: str  # after the year: 2026-spring-festival
    title: str  # after the year: 2026年春节送温暖
    cap: int
    budget: int  # per station
    for_hardship_families: bool


ROUNDS = (
    Round("winter_visit", (1, 12), "spring-festival", "年春节送温暖", 800, 20000, True),
    Round("summer_relief", (7, 6), "summer", "年夏季送清凉", 300, 8000, False),
    Round("education_aid", (8, 10), "autumn-school", "年金秋助学", 5000, 30000, True),
)


def past_year_of_aid(demo: Demo) -> None:
    today = date.today()
    say("The past year of aid (送温暖 · 送清凉 · 金秋助学), entered from the stations' records")
    families = {s.code: _hardship_families(demo, s.code) for s in demo.county.stations}
    print(f"    {sum(len(f) for f in families.values())} hardship families on file")
    for r in ROUNDS:
        applied = _latest_before(today - timedelta(days=20), *r.month_day)
        period, title = f"{applied.year}-{r.period}", f"{applied.year}{r.title}"
        paid = []
        for stations in BUDGETS.values():
            program = open_program(demo, stations, _program_body(r, period, title), r.budget)
            grants = [
                (station, _grant(demo, station, program, recipient, applied))
                for station in stations
                for recipient in _recipients(demo, station, r, families)
            ]
            for station in stations:  # each station posts its own notice
                ours = [g for s, g in grants if s == station]
                _publicise(demo, station, ours, applied + timedelta(days=4))
            for n, (station, g) in enumerate(grants, start=1):
                reference = f"{r.kind[:3].upper()}-{period}-{station}-{n:04d}"
                _pay(demo, station, g, applied + timedelta(days=12), reference, cash=n % 4 == 0)
                paid.append(float(g["amount"]))
        print(f"    {title}: {len(paid)} people, ¥{sum(paid):,.0f} paid in {applied:%Y-%m}")


def _publicise(demo: Demo, station: str, grants: list[dict], start: date) -> None:
    body = {"grant_ids": [g["id"] for g in grants], "publicity_from": start.isoformat()}
    ok(
        demo.at("aid", station).post("/grants/publicity", headers=demo.staff(station), json=body),
        None,
    )


def _pay(demo: Demo, station: str, g: dict, on: date, reference: str, *, cash: bool) -> None:
    body = {
        "amount": g["amount"],
        "method": "cash" if cash else "bank_transfer",
        "disbursed_on": on.isoformat(),
        "payment_reference": reference,
    }
    desk = demo.at("aid", station)
    ok(desk.post(f"/grants/{g['id']}/disbursement", headers=demo.staff(station), json=body), None)


def open_program(demo: Demo, stations: tuple[str, ...], body: dict, budget: int) -> dict:
    """The program opened at the aid deployment serving ``stations``, with a budget for each
    (none: the federation's deployment and its own desk); an earlier run's program is reused."""
    desk = demo.at("aid", stations[0]) if stations else demo.at("aid")
    response = desk.post("/programs", headers=demo.admin(), json=body)
    if response.status_code == 409:  # opened in an earlier run of the demo
        program_id = response.json()["context"]["program_id"]
        return desk.get(f"/programs/{program_id}", headers=demo.admin()).json()
    program = ok(response, None)
    for station in stations or (None,):
        ok(
            desk.put(
                f"/programs/{program['id']}/budgets",
                headers=demo.admin(),
                json={"station_code": station, "amount": str(budget)},
            ),
            None,
        )
    return program


def _program_body(r: Round, period: str, title: str) -> dict:
    eligibility: dict = {"hardship_file_required": r.for_hardship_families}
    if r.kind == "education_aid":
        eligibility["stage_amounts"] = {s: str(a) for s, a in STAGE_AMOUNTS.items()}
    return {
        "kind": r.kind,
        "period": period,
        "year": int(period[:4]),
        "title": title,
        "per_person_cap": str(r.cap),
        "eligibility": eligibility,
    }


def _hardship_families(demo: Demo, station: str) -> list[tuple[generated.Worker, str, tuple]]:
    """Six families on file at the station (members the walk-through does not use)."""
    employers = [e for e in demo.county.employers if e.station_code == station]
    workers = [w for e in employers for w in demo.county.workers[e.credit_code][3:5]]
    families = []
    for worker, household in zip(workers, HOUSEHOLDS, strict=False):
        causes = household[3]
        member_id = member_id_of(demo, station, worker)
        put_on_file(demo, station, member_id, household, visit="入户核查属实")
        children = STAGES[len(families) % len(STAGES)] if "children_in_school" in causes else None
        families.append((worker, member_id, (children,) if children else ()))
    return families


def put_on_file(demo: Demo, station: str, member_id: str, household: tuple, visit: str) -> dict:
    """A hardship file opened for ``household`` (size, monthly income, level, causes), through
    the union's review and the station's home visit, approved by the federation: on file."""
    size, income, level, causes = household
    desk = demo.at("aid", station)
    wait(lambda: member_arrived(demo, desk, station, member_id))
    body = {
        "member_id": member_id,
        "level": level,
        "causes": causes,
        "household_size": size,
        "monthly_household_income": str(income),
        "cause_details": visit,
        "evidence": "收入证明、村（居）委会证明",
    }
    f = ok(desk.post("/hardship-files", headers=demo.staff(station), json=body), None)
    for step, who, note in (
        ("union_review", demo.staff(station), "基层工会初审：情况属实"),
        ("home_visit", demo.staff(station), f"入户走访：{visit}"),
        ("approve", demo.admin(), "县总工会审批建档"),
    ):
        path = f"/hardship-files/{f['id']}/steps/{step}"
        f = ok(desk.post(path, headers=who, json={"note": note}), None)
    return f


def _recipients(demo: Demo, station: str, r: Round, families: dict) -> list[tuple]:
    if r.kind == "education_aid":
        return [f for f in families[station] if f[2]]
    if r.for_hardship_families:
        return families[station]
    front_line = [e for e in demo.county.employers
                  if e.station_code == station and e.sector in FRONT_LINE]  # fmt: skip
    chosen = [w for e in front_line for w in demo.county.workers[e.credit_code][6:12]]
    return [(w, member_id_of(demo, station, w), ()) for w in chosen]


def _grant(demo: Demo, station: str, program: dict, recipient: tuple, applied: date) -> dict:
    worker, member_id, children = recipient
    desk, staff = demo.at("aid", station), demo.staff(station)
    body = {
        "program_id": program["id"],
        "member_id": member_id,
        "name": worker.name,
        "reason": program["title"],
        "children": list(children),
        "applied_on": applied.isoformat(),
    }
    if program["kind"] == "summer_relief":
        body["amount"] = "200"
    g = ok(desk.post("/grants", headers=staff, json=body), None)
    ok(desk.post(f"/grants/{g['id']}/review", headers=staff, json={}), None)
    approved_on = (applied + timedelta(days=3)).isoformat()
    return ok(
        desk.post(
            f"/grants/{g['id']}/approval",
            headers=demo.admin(station),
            json={"approved_on": approved_on},
        ),
        None,
    )


def member_arrived(demo: Demo, desk, station: str, member_id: str) -> bool:
    """Whether the aid deployment has learnt the member from the membership events yet."""
    found = desk.get(f"/members/{member_id}", headers=demo.staff(station))
    return found.status_code == 200 and found.json()["active"]


def _latest_before(limit: date, month: int, day: int) -> date:
    """The latest ``month``/``day`` on or before ``limit``."""
    this_year = date(limit.year, month, day)
    return this_year if this_year <= limit else date(limit.year - 1, month, day)
