"""The government check before approval: consent first, the ID number must be the member's,
the answer and its time are recorded on the application, nothing asked without consent."""

from datetime import UTC, datetime

from aid_fixtures import FED, STAFF_JD, STAFF_XZ, apply, member, on_file, program
from sqlalchemy import select

CONSENT = {
    "given_by": "worker",
    "given_at": "2026-11-01T10:00:00+08:00",
    "purpose": "aid_eligibility",
    "valid_until": "2027-06-30",
    "scopes": ["civil_affairs"],
}


async def _grant(aid, **program_extra):
    p = await program(aid, {"XZ01": "5000"}, **program_extra)
    who = await member(aid)
    await on_file(aid, who)
    r = await apply(aid, p["id"], who)
    assert r.status_code == 201, r.text
    return r.json()["id"], who


def _check(who, kind="civil_affairs", **extra) -> dict:
    return {"kind": kind, "id_number": who["resident_id"], "name": "张小三"} | extra


async def test_without_consent_no_query_is_made(aid):
    grant_id, who = await _grant(aid)
    r = await aid.post(f"/grants/{grant_id}/government-checks", json=_check(who), headers=STAFF_XZ)
    assert r.status_code == 422
    assert (r.json()["errors"][0]["field"], r.json()["errors"][0]["rule"]) == (
        "consent",
        "required",
    )
    assert aid.gov.calls == []


async def test_consent_must_cover_the_kind_and_still_be_valid(aid):
    grant_id, who = await _grant(aid)
    bad = await aid.post(
        f"/grants/{grant_id}/consent", json={**CONSENT, "purpose": "marketing"}, headers=STAFF_XZ
    )
    assert bad.json()["errors"][0]["rule"] == "purpose_mismatch"
    assert (
        await aid.post(f"/grants/{grant_id}/consent", json=CONSENT, headers=STAFF_XZ)
    ).status_code == 201
    r = await aid.post(
        f"/grants/{grant_id}/government-checks",
        json=_check(who, "social_insurance"),
        headers=STAFF_XZ,
    )
    assert r.json()["errors"][0]["rule"] == "scope_missing"
    aid.clock.advance(300)
    r = await aid.post(f"/grants/{grant_id}/government-checks", json=_check(who), headers=STAFF_XZ)
    assert r.json()["errors"][0]["rule"] == "expired"
    assert aid.gov.calls == []


async def test_the_answer_and_its_time_are_recorded_and_the_id_number_is_not(aid):
    grant_id, who = await _grant(aid)
    await aid.post(f"/grants/{grant_id}/consent", json=CONSENT, headers=STAFF_XZ)
    someone_else = await aid.post(
        f"/grants/{grant_id}/government-checks",
        json=_check(who, id_number="11010519491231002X"),
        headers=STAFF_XZ,
    )
    assert someone_else.json()["errors"][0]["rule"] == "same_person"
    r = await aid.post(f"/grants/{grant_id}/government-checks", json=_check(who), headers=STAFF_XZ)
    assert r.status_code == 201, r.text
    assert r.json()["answer"]["civil_affairs"]["minimum_living_guarantee"] is True
    ((request, bearer),) = aid.gov.calls
    assert bearer == STAFF_XZ["Authorization"].split()[1]
    assert (request.kind, request.case_reference, request.station_code) == (
        "civil_affairs",
        grant_id,
        "XZ01",
    )
    assert request.consent["scopes"] == ["civil_affairs"]
    assert request.consent["recorded_by"] == "staff-xz"
    # Stored without an offset on SQLite, sent in UTC: the same moment as given.
    assert request.consent["given_at"] == "2026-11-01T02:00:00+00:00"
    detail = (await aid.get(f"/grants/{grant_id}", headers=STAFF_XZ)).json()
    (check,) = detail["government_checks"]
    assert check["answered_at"] and check["query_id"] == "q-1"
    assert detail["consents"][0]["given_by"] == "worker"
    async with aid.runtime.uow() as uow:
        for table in aid.runtime.tables.metadata.sorted_tables:
            for row in await uow.session.execute(select(table)):
                assert who["resident_id"] not in str(tuple(row))


async def test_a_program_needing_a_check_is_not_approved_without_one(aid):
    grant_id, who = await _grant(aid, government_check_required=True)
    await aid.post(f"/grants/{grant_id}/review", json={}, headers=STAFF_XZ)
    r = await aid.post(f"/grants/{grant_id}/approval", json={}, headers=FED)
    assert (r.status_code, r.json()["errors"][0]["field"]) == (409, "government_checks")
    await aid.post(f"/grants/{grant_id}/consent", json=CONSENT, headers=STAFF_XZ)
    aid.gov.unavailable = True
    down = await aid.post(
        f"/grants/{grant_id}/government-checks", json=_check(who), headers=STAFF_XZ
    )
    assert down.status_code == 503 and "circuit open" in down.json()["detail"]
    aid.gov.unavailable = False
    assert (
        await aid.post(f"/grants/{grant_id}/government-checks", json=_check(who), headers=STAFF_XZ)
    ).status_code == 201
    assert (await aid.post(f"/grants/{grant_id}/approval", json={}, headers=FED)).is_success


async def test_another_station_cannot_record_consent_or_ask(aid):
    grant_id, who = await _grant(aid)
    r = await aid.post(f"/grants/{grant_id}/consent", json=CONSENT, headers=STAFF_JD)
    assert r.status_code == 404
    r = await aid.post(f"/grants/{grant_id}/government-checks", json=_check(who), headers=STAFF_JD)
    assert r.status_code == 404 and aid.gov.calls == []
    future = {**CONSENT, "given_at": datetime(2030, 1, 1, tzinfo=UTC).isoformat()}
    assert (
        await aid.post(f"/grants/{grant_id}/consent", json=future, headers=STAFF_XZ)
    ).status_code == 422
