"""The demo's story, told through the HTTP APIs of two membership deployments.

A town station (XZ01) and a street station (JD02) each run their own membership deployment
with its own database; they share nothing but the Kafka topic. The people are fictitious: their
ID numbers are generated with valid check digits, never real ones.
"""

from __future__ import annotations

import time

import httpx
from stdnum.cn import ric, uscc

from unionfed.common.auth import DEFAULT_ISSUER, DEV_SIGNING_SECRET, issue_dev_token


def dev_token(role: str, *stations: str) -> str:
    return issue_dev_token(
        secret=DEV_SIGNING_SECRET,
        issuer=DEFAULT_ISSUER,
        audience="unionfed",
        subject=f"demo-{role}",
        roles=[role],
        stations=list(stations),
        name=f"demo {role}",
    )


def person(n: int) -> str:
    body = f"320102{1990 + n % 10}0{1 + n % 9}15{n % 1000:03d}"  # region, birth date, serial
    return body + ric.calc_check_digit(body + "?")


def credit_code(n: int) -> str:
    body = f"91320102MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def play(*, town: int, street: int, grievance: int) -> None:
    admin = {"Authorization": f"Bearer {dev_token('federation_admin')}"}
    xz = {"Authorization": f"Bearer {dev_token('station_staff', 'XZ01')}"}
    jd = {"Authorization": f"Bearer {dev_token('station_staff', 'JD02')}"}
    a = httpx.Client(base_url=f"http://127.0.0.1:{town}", timeout=30)
    b = httpx.Client(base_url=f"http://127.0.0.1:{street}", timeout=30)

    say("The federation registers its service stations")
    for client, code, name, kind in (
        (a, "XZ01", "新庄镇职工服务站", "town"),
        (b, "JD02", "建东街道职工服务站", "street"),
        (b, "YQ03", "经开区园区职工服务站", "industrial_park"),
    ):
        ok(
            client.post(
                "/stations", json={"code": code, "name": name, "kind": kind}, headers=admin
            ),
            f"{code} {name}",
        )

    say("Each station registers the grassroots unions founded there (建会)")
    factory = ok(
        a.post(
            "/unions",
            headers=xz,
            json={
                "station_code": "XZ01",
                "name": "新庄精密机械有限公司",
                "sector": "manufacturing",
                "employer_credit_code": credit_code(1),
                "headcount": 120,
                "founded_on": "2018-03-08",
            },
        ),
        "XZ01: 新庄精密机械有限公司工会",
    )["id"]
    riders = ok(
        b.post(
            "/unions",
            headers=jd,
            json={
                "station_code": "JD02",
                "kind": "joint",
                "name": "建东街道快递外卖行业联合工会",
                "sector": "delivery",
                "headcount": 300,
                "founded_on": "2021-07-01",
            },
        ),
        "JD02: 快递外卖行业联合工会 (a joint union for new-form workers)",
    )["id"]

    say("XZ01 imports its member spreadsheet; bad rows are reported, good rows imported")
    rows = ["姓名,身份证号,手机号,职工类型,入会日期"]
    for n in range(1, 7):
        rows.append(f"职工{n},{person(n)},138001100{n:02d},农民工,2023-0{n}-15")
    rows.append(f"职工7,{person(7)[:-1]}0,13800110007,农民工,2023-07-15")  # a mistyped ID
    job = ok(
        a.post(
            "/imports",
            headers=xz,
            data={"union_id": factory},
            files={"file": ("members.csv", "\n".join(rows).encode())},
        ),
        "import started (a background job; GET /imports/{id} shows its progress)",
    )
    wait(lambda: a.get(f"/imports/{job['id']}", headers=xz).json()["status"] == "done")
    report = a.get(f"/imports/{job['id']}", headers=xz).json()
    print(f"    rows {report['total_rows']}, imported {report['imported']}, errors:")
    for error in report["errors"]:
        print(f"      row {error['row']}: {error['field']} ({error['rule']}) {error['message']}")

    say("JD02 tries to enrol a worker who is already a member at XZ01 (another deployment)")
    wait(lambda: b.get(f"/unions/{factory}", headers=admin).status_code == 200)
    time.sleep(2)  # the members' events travel through Kafka to JD02's directory
    refused = b.post(
        "/members",
        headers=jd,
        json={
            "union_id": riders,
            "name": "职工1",
            "resident_id": person(1),
            "mobile": "13800110001",
            "worker_type": "new_form",
            "joined_on": "2025-01-01",
        },
    )
    print(f"    {refused.status_code}: {refused.json()['detail']}")

    say("So XZ01 transfers the membership to JD02 (会籍转移); JD02 accepts with the ID card")
    members = a.get("/members", headers=xz, params={"q": "职工1"}).json()["items"]
    transfer = ok(
        a.post(f"/members/{members[0]['id']}/transfers", headers=xz, json={"to_union_id": riders}),
        "transfer requested",
    )
    wait(
        lambda: any(
            t["id"] == transfer["id"] for t in b.get("/transfers", headers=jd).json()["items"]
        )
    )
    moved = ok(
        b.post(
            f"/transfers/{transfer['id']}/accept",
            headers=jd,
            json={
                "real_name": {"name": "职工1", "resident_id": person(1), "mobile": "13800110001"}
            },
        ),
        "accepted at JD02",
    )
    print(
        f"    new card {moved['card_number']}, joined {moved['joined_on']} (kept), "
        f"ID shown as {moved['resident_id']}"
    )

    origin = f"/members/{members[0]['id']}"
    wait(lambda: a.get(origin, headers=xz).json()["status"] == "transferred_out")
    print("    XZ01 learnt of it through Kafka: its record is now transferred_out")

    say("Coverage (入会率) as each station sees it")
    for client, headers in ((a, xz), (b, jd)):
        for row in client.get("/coverage", headers=headers).json()["stations"]:
            print(
                f"    {row['station_code']}: {row['members']} members of "
                f"{row['employees']} employees in {row['unions']} union(s), "
                f"rate {row['membership_rate']}"
            )
    grievances(grievance)


def say(text: str) -> None:
    print(f"\n== {text}")


def ok(response: httpx.Response, label: str) -> dict:
    if response.status_code >= 400:
        raise SystemExit(f"demo step failed ({label}): {response.status_code} {response.text}")
    print(f"    ok: {label}")
    return response.json() if response.content else {}


def wait(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit("demo: an event did not arrive in time; see .run/logs")


def grievances(port: int) -> None:
    g = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    xz = {"Authorization": f"Bearer {dev_token('station_staff', 'XZ01')}"}
    jd = {"Authorization": f"Bearer {dev_token('station_staff', 'JD02')}"}
    fed = {"Authorization": f"Bearer {dev_token('federation_staff')}"}
    employer = {"employer_name": "宏达建筑劳务有限公司", "employer_credit_code": credit_code(9)}

    say("Grievances (维权): three complaints of unpaid wages against one employer, two stations")
    for n, (station, headers) in enumerate([("XZ01", xz), ("JD02", jd), ("JD02", jd)]):
        case = ok(
            g.post(
                "/cases",
                headers=headers,
                json={
                    "station_code": station,
                    "channel": "walk_in",
                    "category": "unpaid_wages",
                    "description": "三个月工资未发",
                    "workers_affected": 1 + n,
                    "amount_claimed": "9000",
                    "worker_name": f"职工{n}",
                    "worker_phone": f"1390000{n:04d}",
                    **employer,
                },
            ),
            f"{station}: case filed, accept or decline by the deadline (working days)",
        )
        print(f"    accept by {case['deadlines']['accept_by']}")
    wait(lambda: g.get("/alerts", headers=fed).json()["items"])
    alert = g.get("/alerts", headers=fed).json()["items"][0]
    print(
        f"    early warning to the federation: {len(alert['case_ids'])} cases against "
        f"{alert['employer_credit_code']} at {', '.join(alert['station_codes'])}"
    )

    say("A collective case (群体性: 10 or more workers) goes to the federation at once")
    big = ok(
        g.post(
            "/cases",
            headers=jd,
            json={
                "station_code": "JD02",
                "channel": "hotline_12351",
                "category": "social_insurance",
                "description": "单位两年未缴社保",
                "workers_affected": 36,
                "worker_name": "职工代表",
                "worker_phone": "13900000099",
                "employer_name": "建东物流有限公司",
            },
        ),
        "collective case filed",
    )
    print(f"    escalated: {big['escalated']}")

    say("XZ01 mediates its case to the end; the worker gives feedback (回访)")
    first = g.get("/cases", headers=xz).json()["items"][0]
    for step, body in (
        ("accept", {}),
        ("assign", {"handler": "调解员王"}),
        ("mediate", {"note": "约谈企业负责人"}),
        ("resolve", {"outcome": "settled", "amount_recovered": "9000"}),
        ("record_feedback", {"satisfaction": 5}),
        ("close", {}),
    ):
        ok(g.post(f"/cases/{first['id']}/steps/{step}", headers=xz, json=body), step)
    refused = g.post(f"/cases/{first['id']}/steps/accept", headers=xz, json={})
    print(f"    a step out of order: {refused.status_code} {refused.json()['detail']}")
    month = g.get(
        "/reports/monthly",
        headers=fed,
        params={"year": time.localtime().tm_year, "month": time.localtime().tm_mon},
    )
    total = month.json()["total"]
    print(
        f"    this month in the county: received {total['received']}, resolved "
        f"{total['resolved']}, recovered {total['amount_recovered']} yuan; "
        "GET /reports/monthly.xlsx downloads it"
    )
