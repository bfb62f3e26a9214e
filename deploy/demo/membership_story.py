"""Chapter: stations, unions, thousands of members imported, a worker who moves."""

from __future__ import annotations

import county as generated
import httpx
from stage import Demo, ok, say, wait


def stations_and_unions(demo: Demo) -> None:
    say("The federation registers its service stations (职工服务站)")
    county_desk = demo.at("membership")
    for station in demo.county.stations:
        ok(
            county_desk.post(
                "/stations",
                headers=demo.admin(),
                json={"code": station.code, "name": station.name, "kind": station.kind},
            ),
            f"{station.code} {station.name}",
        )
    for station in demo.county.stations:
        desk = demo.at("membership", station.code)
        wait(lambda desk=desk, code=station.code: code in stations_known(desk, demo))

    say("Each station registers the grassroots unions founded there (建会)")
    for employer in demo.county.employers:
        body = {
            "station_code": employer.station_code,
            "kind": employer.kind,
            "name": employer.name + ("" if employer.kind == "joint" else "工会委员会"),
            "sector": employer.sector,
            "headcount": employer.headcount,
            "founded_on": employer.founded_on.isoformat(),
        }
        if employer.kind != "joint":
            body["employer_credit_code"] = employer.credit_code
        desk = demo.at("membership", employer.station_code)
        created = ok(
            desk.post("/unions", headers=demo.staff(employer.station_code), json=body),
            f"{employer.station_code}: {body['name']} ({employer.headcount} employees)",
        )
        demo.unions[employer.credit_code] = created["id"]


def stations_known(desk: httpx.Client, demo: Demo) -> set[str]:
    return {s["code"] for s in desk.get("/stations", headers=demo.admin()).json()}


def members(demo: Demo) -> None:
    total = sum(len(w) for w in demo.county.workers.values())
    say(f"The stations import their members' spreadsheets ({total} workers, 16 unions)")
    jobs = []
    for i, employer in enumerate(demo.county.employers):
        workers = demo.county.workers[employer.credit_code]
        sheet = generated.member_csv(workers)
        if i == 0:  # a row with a mistyped ID number: reported, not imported
            mistyped = workers[0].resident_id[:-1] + "0"
            sheet += f"\n{workers[0].name}乙,{mistyped},13900000000,职工,2024-05-01".encode()
        desk = demo.at("membership", employer.station_code)
        job = ok(
            desk.post(
                "/imports",
                headers=demo.staff(employer.station_code),
                data={"union_id": demo.unions[employer.credit_code]},
                files={"file": (f"{employer.name}会员名册.csv", sheet)},
            ),
            None,
        )
        jobs.append((desk, employer.station_code, job["id"]))
    imported = 0
    for desk, station, job_id in jobs:
        wait(
            lambda desk=desk, station=station, job_id=job_id: (
                desk.get(f"/imports/{job_id}", headers=demo.staff(station)).json()["status"]
                == "done"
            ),
            timeout=600,
        )
        report = desk.get(f"/imports/{job_id}", headers=demo.staff(station)).json()
        imported += report["imported"]
        for error in report["errors"]:
            print(f"    {station} row {error['row']}: {error['field']} ({error['rule']}) "
                  f"{error['message']}")  # fmt: skip
    print(f"    imported {imported} members")
    say("Coverage (入会率) by station, as each station's deployment reports it")
    for station in demo.county.stations:
        desk = demo.at("membership", station.code)
        report = desk.get(
            "/coverage", headers=demo.staff(station.code), params={"station": station.code}
        ).json()
        for row in report["stations"]:
            print(
                f"    {row['station_code']} {station.name}: {row['members']} members of "
                f"{row['employees']} employees in {row['unions']} unions, "
                f"rate {row['membership_rate']}"
            )


def a_worker_moves(demo: Demo) -> None:
    employer = next(e for e in demo.county.employers if e.station_code == "XZ01")
    joint = next(e for e in demo.county.employers if e.station_code == "JD02" and e.kind == "joint")
    worker = demo.county.workers[employer.credit_code][1]
    town, street = demo.at("membership", "XZ01"), demo.at("membership", "JD02")
    say(
        f"{worker.name} starts delivering for a platform in 建东 and asks to join the riders' union"
    )
    refused = street.post(
        "/members",
        headers=demo.staff("JD02"),
        json={
            "union_id": demo.unions[joint.credit_code],
            "name": worker.name,
            "resident_id": worker.resident_id,
            "mobile": worker.mobile,
            "worker_type": "new_form",
            "joined_on": "2026-11-01",
        },
    )
    print(f"    JD02 is told: {refused.status_code} {refused.json()['detail']}")
    found = town.get("/members", headers=demo.staff("XZ01"), params={"q": worker.name}).json()
    member = next(m for m in found["items"] if m["resident_id"][-4:] == worker.resident_id[-4:])
    transfer = ok(
        town.post(
            f"/members/{member['id']}/transfers",
            headers=demo.staff("XZ01"),
            json={"to_union_id": demo.unions[joint.credit_code]},
        ),
        "so XZ01 transfers the membership (会籍转移)",
    )
    wait(
        lambda: any(
            t["id"] == transfer["id"]
            for t in street.get("/transfers", headers=demo.staff("JD02")).json()["items"]
        )
    )
    moved = ok(
        street.post(
            f"/transfers/{transfer['id']}/accept",
            headers=demo.staff("JD02"),
            json={
                "real_name": {
                    "name": worker.name,
                    "resident_id": worker.resident_id,
                    "mobile": worker.mobile,
                }
            },
        ),
        "JD02 accepts with the ID card in hand",
    )
    print(f"    new card {moved['card_number']}; joined {moved['joined_on']} (kept)")
