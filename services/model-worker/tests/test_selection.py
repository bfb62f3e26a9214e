"""Selection over HTTP: nomination, department clearance with the one-vote veto, publicity with
objections, the evaluation meeting against threshold, quotas and composition, approval, award."""

from __future__ import annotations

import asyncio
from datetime import date

from model_worker_fixtures import (
    FED,
    STAFF_JD,
    STAFF_XZ,
    Clock,
    campaign_body,
    deployment,
    nominate,
    nomination_body,
    open_campaign,
    publicise,
)

from unionfed.common.testing.people import resident_id


async def test_veto_removes_the_nominee_and_publicity_waits_for_every_department(office):
    campaign = await open_campaign(office)
    kept = await nominate(office, campaign)
    vetoed = await nominate(office, campaign, sector="services")
    await office.post(
        f"/v1/nominations/{kept['id']}/clearances",
        json={"department": "labour_inspection"},
        headers=FED,
    )
    early = await publicise(office, campaign)
    assert early.status_code == 409
    assert early.json()["errors"][0]["rule"] == "all_departments_decided"

    no_reason = await office.post(
        f"/v1/nominations/{vetoed['id']}/clearances",
        json={"department": "safety", "veto": True},
        headers=FED,
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0] == {
        "field": "reason",
        "rule": "required_for_veto",
        "message": "a veto must give its reason",
    }
    veto = await office.post(
        f"/v1/nominations/{vetoed['id']}/clearances",
        json={"department": "safety", "veto": True, "reason": "重大安全事故责任"},
        headers=FED,
    )
    assert veto.json()["status"] == "vetoed"
    assert veto.json()["clearances"][0]["reason"] == "重大安全事故责任"
    as_station = (await office.get(f"/v1/nominations/{vetoed['id']}", headers=STAFF_XZ)).json()
    assert as_station["clearances"][0] | {"by": None, "on": None} == {
        "department": "safety",
        "veto": True,
        "reason": None,
        "by": None,
        "on": None,
    }
    after_veto = await office.post(
        f"/v1/nominations/{vetoed['id']}/clearances",
        json={"department": "labour_inspection"},
        headers=FED,
    )
    assert after_veto.status_code == 409
    await office.post(
        f"/v1/nominations/{kept['id']}/clearances", json={"department": "safety"}, headers=FED
    )
    published = await publicise(office, campaign)
    assert published.status_code == 200, published.text
    listed = (
        await office.get(f"/v1/campaigns/{campaign}/nominations?status=publicised", headers=FED)
    ).json()
    assert [n["id"] for n in listed["items"]] == [kept["id"]]
    vetoed_now = (await office.get(f"/v1/nominations/{vetoed['id']}", headers=FED)).json()
    assert vetoed_now["status"] == "vetoed"
    read = (await office.get(f"/v1/campaigns/{campaign}", headers=STAFF_XZ)).json()
    assert read["status"] == "publicised"
    assert read["nominees_by_status"] == {"publicised": 1, "vetoed": 1}
    listed = (await office.get("/v1/campaigns?year=2026", headers=STAFF_XZ)).json()
    assert [c["id"] for c in listed["items"]] == [campaign]
    assert (await office.get("/v1/campaigns?year=2025", headers=FED)).json()["total"] == 0
    found = (
        await office.get(f"/v1/campaigns/{campaign}/nominations?q=技术革新", headers=FED)
    ).json()
    assert found["total"] == 2
    found = (await office.get(f"/v1/campaigns/{campaign}/nominations?q=没有", headers=FED)).json()
    assert found["total"] == 0
    page = (await office.get(f"/v1/campaigns/{campaign}/nominations?size=1", headers=FED)).json()
    assert (page["total"], len(page["items"])) == (2, 1)


async def test_nomination_rules_and_station_scope(office):
    campaign = await open_campaign(office)
    by_station = await office.post(
        "/v1/campaigns", json=campaign_body(office.clock.today), headers=STAFF_XZ
    )
    assert by_station.status_code == 403
    closes_first = await office.post(
        "/v1/campaigns",
        json=campaign_body(office.clock.today, nominations_close="2026-02-01"),
        headers=FED,
    )
    assert closes_first.json()["errors"][0]["field"] == "nominations_close"
    bad_code = await office.post(
        f"/v1/campaigns/{campaign}/nominations",
        json=nomination_body(employer_credit_code="91320102MA0000000X"),
        headers=STAFF_XZ,
    )
    assert bad_code.status_code == 422
    assert bad_code.json()["errors"][0]["field"] == "employer_credit_code"
    other_station = await office.post(
        f"/v1/campaigns/{campaign}/nominations", json=nomination_body("JD02"), headers=STAFF_XZ
    )
    assert other_station.status_code == 404
    unknown_sector = await office.post(
        f"/v1/campaigns/{campaign}/nominations",
        json=nomination_body(sector="mining"),
        headers=STAFF_XZ,
    )
    assert unknown_sector.json()["errors"][0]["rule"] == "campaign_sector"
    unknown_member = await office.post(
        f"/v1/campaigns/{campaign}/nominations",
        json=nomination_body(member_id="m-nobody", resident_id=None),
        headers=STAFF_XZ,
    )
    assert unknown_member.json()["errors"][0]["rule"] == "known_member"
    same = resident_id()
    await nominate(office, campaign, resident_id=same)
    again = await office.post(
        f"/v1/campaigns/{campaign}/nominations",
        json=nomination_body(resident_id=same, name="另一写法"),
        headers=STAFF_XZ,
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["rule"] == "once_per_campaign"
    jd = await office.post(
        f"/v1/campaigns/{campaign}/nominations", json=nomination_body("JD02"), headers=STAFF_JD
    )
    assert jd.status_code == 201
    seen_by_xz = (
        await office.get(f"/v1/campaigns/{campaign}/nominations", headers=STAFF_XZ)
    ).json()
    assert {n["station_code"] for n in seen_by_xz["items"]} == {"XZ01"}
    assert (
        await office.get(f"/v1/nominations/{jd.json()['id']}", headers=STAFF_XZ)
    ).status_code == 404
    office.clock.advance(31)
    late = await office.post(
        f"/v1/campaigns/{campaign}/nominations", json=nomination_body(), headers=STAFF_XZ
    )
    assert late.json()["errors"][0]["rule"] == "nomination_window"


async def test_concurrent_nominations_of_one_person_leave_one_and_answer_409(postgres_url):
    """Both pass the 'not yet nominated' read; the unique index decides, the loser gets 409."""
    async with deployment(postgres_url, clock=Clock(date(2026, 3, 1))) as client:
        campaign = await open_campaign(client)
        body = nomination_body(resident_id=resident_id())
        answers = await asyncio.gather(
            *(
                client.post(f"/v1/campaigns/{campaign}/nominations", json=body, headers=STAFF_XZ)
                for _ in range(30)
            )
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [201] + [409] * 29, {a.status_code: a.text for a in answers}
        assert {a.json()["errors"][0]["rule"] for a in answers if a.status_code == 409} == {
            "once_per_campaign"
        }
        listed = await client.get(f"/v1/campaigns/{campaign}/nominations", headers=FED)
        assert listed.json()["total"] == 1
