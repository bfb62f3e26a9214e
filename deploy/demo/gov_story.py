"""Chapter: the government gateway (政务对接) — asking civil affairs (民政) and social security
(人社) with the worker's consent before approving serious-illness relief, telling civil affairs
what the union paid, and labour inspection's answers on referred cases coming back to the case.

The government side is the simulator in ``deploy/gov-sim`` (seeded people, signed requests).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from stage import Demo, ok, say, wait


def government(demo: Demo, paid: list[tuple]) -> None:
    if not demo.has("gov-gateway") or not paid:
        return
    gateway = demo.at("gov-gateway")
    station, worker, member_id, _ = paid[0]
    desk, staff = demo.at("aid", station), demo.staff(station)
    today = date.today()
    say("Serious-illness relief (大病救助) asks the government first, with the worker's consent")
    program = _illness_program(demo, station, today.year)
    grant = ok(
        desk.post(
            "/grants",
            headers=staff,
            json={
                "program_id": program["id"],
                "member_id": member_id,
                "name": worker.name,
                "reason": "住院治疗自付费用高",
                "amount": "3000",
            },
        ),
        None,
    )
    ok(desk.post(f"/grants/{grant['id']}/review", headers=staff, json={}), None)
    early = desk.post(f"/grants/{grant['id']}/approval", headers=demo.admin(station), json={})
    print(f"    approving before any check: {early.status_code} {early.json()['detail']}")
    no_consent = desk.post(
        f"/grants/{grant['id']}/government-checks",
        headers=staff,
        json={"kind": "civil_affairs", "id_number": worker.resident_id, "name": worker.name},
    )
    print(f"    asking without consent: {no_consent.status_code} {no_consent.json()['detail']}")
    ok(
        desk.post(
            f"/grants/{grant['id']}/consent",
            headers=staff,
            json={
                "given_by": "worker",
                "given_at": datetime.now(UTC).isoformat(),
                "valid_until": (today + timedelta(days=90)).isoformat(),
                "scopes": ["civil_affairs", "social_insurance"],
            },
        ),
        f"{worker.name} signs the consent to ask civil affairs and social security (90 days)",
    )
    for kind in ("civil_affairs", "social_insurance"):
        answer = ok(
            desk.post(
                f"/grants/{grant['id']}/government-checks",
                headers=staff,
                json={"kind": kind, "id_number": worker.resident_id, "name": worker.name},
            ),
            None,
        )["answer"]
        print(f"    {kind}: {answer[kind]}")
    ok(
        desk.post(f"/grants/{grant['id']}/approval", headers=demo.admin(station), json={}),
        "approved with the answers on the application; the ID number was not kept by aid",
    )
    queries = gateway.get("/queries", headers=demo.admin()).json()
    print(f"    the gateway's audit: {queries['total']} queries, each with who asked and why")

    say("Civil affairs is told what the union paid (so help is neither missed nor paid twice)")
    wait(lambda: _deliveries(demo, "aid_report", "sent") >= len(paid), timeout=90)
    sent = _deliveries(demo, "aid_report", "sent")
    print(f"    {sent} aid reports acknowledged by civil affairs")

    say("Unpaid-wage cases referred to labour inspection (劳动监察) and the bureau's answers")
    referrals = gateway.get("/referrals", headers=demo.federation()).json()
    print(f"    cases referred: {referrals['total']}; statuses come back to each case's timeline")
    for item in referrals["items"][:3]:
        print(f"    case {item.get('case_id', '?')[:12]}…: {item.get('status')}")


def _illness_program(demo: Demo, station: str, year: int) -> dict:
    desk = demo.at("aid", station)
    response = desk.post(
        "/programs",
        headers=demo.admin(),
        json={
            "kind": "serious_illness_relief",
            "period": f"{year}-serious-illness",
            "year": year,
            "title": f"{year}年职工大病救助",
            "per_person_cap": "5000",
            "eligibility": {"hardship_file_required": False},
            "government_check_required": True,
        },
    )
    if response.status_code == 409:
        program_id = response.json()["context"]["program_id"]
        return desk.get(f"/programs/{program_id}", headers=demo.admin()).json()
    program = ok(response, None)
    ok(
        desk.put(
            f"/programs/{program['id']}/budgets",
            headers=demo.admin(),
            json={"station_code": station, "amount": "50000"},
        ),
        None,
    )
    return program


def _deliveries(demo: Demo, kind: str, status: str) -> int:
    found = demo.at("gov-gateway").get(
        "/deliveries", headers=demo.federation(), params={"kind": kind, "status": status}
    )
    return found.json()["total"] if found.status_code == 200 else 0
