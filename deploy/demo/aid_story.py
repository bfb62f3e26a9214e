"""Chapter: aid (帮扶) — hardship files through their review steps, the winter visits before
Spring Festival (送温暖) with budgets per station, grants through approval, public notice (公示)
with an objection dismissed, payment; a second grant to the same person at the federation's
desk refused because it was already granted; the month's totals.

The service keeps the real calendar: the demo records a round that ran over the last ten days
(applications, approval and the notice dated in the past, as staff enter paper records), so
that the notice is over and the money can be paid today.
"""

from __future__ import annotations

from datetime import date, timedelta

import county as generated
from aid_rounds import BUDGETS, open_program, put_on_file
from model_worker_story import member_id_of
from stage import Demo, ok, say, wait

# (station, employer index at the station, household size, monthly household income, level,
#  causes, what the home visit found)
FAMILIES = (
    ("XZ01", 0, 3, 2100, "deep", ["serious_illness"], "丈夫尿毒症透析，妻子照料无业"),
    ("XZ01", 1, 4, 3900, "relative", ["children_in_school", "single_parent"], "单亲，两孩在读"),
    ("JD02", 0, 2, 1500, "deep", ["accident", "disability"], "工伤致残，收入锐减"),
    ("JD02", 1, 5, 4800, "relative", ["unemployment_in_family"], "配偶失业，老人患病"),
)


def aid(demo: Demo) -> list[tuple]:
    """Returns the grants paid: (station, worker, member id, grant)."""
    today = date.today()
    year = today.year + (1 if today.month >= 3 else 0)  # the next Spring Festival
    period = f"{year}-spring-festival"
    say(f"Aid (帮扶): the federation opens the {year} Spring Festival winter visits (送温暖)")
    programs = {
        key: _program(demo, key, stations, period, year) for key, stations in BUDGETS.items()
    }
    programs["county"] = _program(demo, "county", (), period, year)

    say("Hardship files (困难职工档案): application → union review → home visit → federation")
    people = []
    for station, index, size, income, level, causes, visit in FAMILIES:
        worker = _worker(demo, station, index)
        member_id = member_id_of(demo, station, worker)
        f = put_on_file(demo, station, member_id, (size, income, level, causes), visit)
        print(
            f"    {station} {worker.name}: {level} hardship, {size} people, income per head "
            f"{income / size:.0f} yuan — on file, re-verify by {f['reverify_by']}"
        )
        people.append((station, worker, member_id))

    say("Grants: applied, reviewed, approved within the station budgets, publicised for 5 days")
    grants = []
    for station, worker, member_id in people:
        desk, staff = demo.at("aid", station), demo.staff(station)
        g = ok(
            desk.post(
                "/grants",
                headers=staff,
                json={
                    "program_id": programs[_deployment(station)]["id"],
                    "member_id": member_id,
                    "name": worker.name,
                    "reason": "春节慰问困难职工",
                    "applied_on": _ago(today, 10),
                    "amount": "800",
                },
            ),
            None,
        )
        ok(desk.post(f"/grants/{g['id']}/review", headers=staff, json={}), None)
        g = ok(
            desk.post(
                f"/grants/{g['id']}/approval",
                headers=demo.admin(station),
                json={"approved_on": _ago(today, 9)},
            ),
            None,
        )
        print(f"    {station} {worker.name}: {g['amount']} yuan approved")
        grants.append((station, worker, member_id, g))
    for key, stations in BUDGETS.items():
        ids = [g["id"] for s, _, _, g in grants if s in stations]
        desk = demo.at("aid", stations[0])
        ok(
            desk.post(
                "/grants/publicity",
                headers=demo.staff(stations[0]),
                json={"grant_ids": ids, "publicity_from": _ago(today, 8)},
            ),
            None,
        )
        listed = desk.get(
            f"/programs/{programs[key]['id']}/public-list", headers=demo.federation()
        ).json()["items"]
        names = ", ".join(f"{i['name']} {i['amount']}" for i in listed)
        print(
            f"    {key} notice {listed[0]['publicity_from']} to {listed[0]['publicity_until']}: "
            f"{names} (masked; .xlsx to post it)"
        )

    station, worker, _, objected = grants[1]
    desk = demo.at("aid", station)
    objection = ok(
        desk.post(
            f"/grants/{objected['id']}/objections",
            headers=demo.staff(station),
            json={"summary": "有群众反映其家中有车", "raised_on": _ago(today, 6)},
        ),
        f"{station}: an objection to {worker.name[0]}*'s grant is recorded",
    )
    ok(
        desk.post(
            f"/objections/{objection['id']}/decision",
            headers=demo.federation(),
            json={"upheld": False, "note": "核实：车辆为单位所有，异议不成立"},
        ),
        "the federation checks it and dismisses it",
    )

    say("The notice is over: the money is paid (发放)")
    for n, (station, worker, _, g) in enumerate(grants, start=1):
        paid = ok(
            demo.at("aid", station).post(
                f"/grants/{g['id']}/disbursement",
                headers=demo.staff(station),
                json={
                    "amount": g["amount"],
                    "method": "bank_transfer",
                    "disbursed_on": _ago(today, 2),
                    "payment_reference": f"SWN-{year}-{station}-{n:04d}",
                },
            ),
            None,
        )
        print(f"    {station} {worker.name}: {paid['disbursed_amount']} yuan by bank transfer")

    station, worker, member_id, first = grants[0]
    say(f"{worker.name} asks the federation's own desk for the same winter visit")
    county_desk = demo.at("aid")
    body = {
        "program_id": programs["county"]["id"],
        "member_id": member_id,
        "name": worker.name,
        "reason": "再次申请",
    }
    # The federation's deployment learns the town's grant from the aid events.
    wait(
        lambda: county_desk.post("/grants", headers=demo.federation(), json=body).status_code == 409
    )
    refused = county_desk.post("/grants", headers=demo.federation(), json=body)
    assert refused.json()["context"]["grant_id"] == first["id"], refused.text
    print(
        f"    the federation's desk is told: {refused.status_code} {refused.json()['detail']} "
        "— already granted, so not paid twice"
    )

    paid_on = today - timedelta(days=2)
    say(f"Aid in {paid_on:%Y-%m} as each deployment reports it (GET /reports/monthly[.xlsx])")
    for key, stations in BUDGETS.items():
        report = (
            demo.at("aid", stations[0])
            .get(
                "/reports/monthly",
                headers=demo.federation(),
                params={"year": paid_on.year, "month": paid_on.month},
            )
            .json()
        )
        t = report["totals"]
        print(
            f"    {key}: budget {t['budget']}, committed {t['committed']}, paid "
            f"{t['paid_in_month']} yuan, {t['people_helped_in_month']} people helped"
        )

    return grants


def _program(demo: Demo, key: str, stations: tuple[str, ...], period: str, year: int) -> dict:
    body = {
        "kind": "winter_visit",
        "period": period,
        "year": year,
        "title": f"{year}年春节送温暖",
        "per_person_cap": "800",
        "eligibility": {"hardship_file_required": True, "levels": ["deep", "relative"]},
    }
    program = open_program(demo, stations, body, 20000)
    print(
        f"    {key} deployment: {program['title']}, cap 800 yuan, budget 20000 for "
        f"{', '.join(stations) or 'the federation desk'}"
    )
    return program


def _worker(demo: Demo, station: str, index: int) -> generated.Worker:
    employers = [e for e in demo.county.employers if e.station_code == station]
    return demo.county.workers[employers[index % len(employers)].credit_code][0]


def _deployment(station: str) -> str:
    return next(key for key, stations in BUDGETS.items() if station in stations)


def _ago(today: date, days: int) -> str:
    return (today - timedelta(days=days)).isoformat()
