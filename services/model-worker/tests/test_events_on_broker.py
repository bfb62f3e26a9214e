"""On a real broker: members learnt from ``membership`` events, the grievance flag from real
``grievance`` events (at nomination, and for nominees already there when a case arrives), the
whole lifecycle on the ``model-worker`` topic with what aid needs, and no personal data in it.

Station codes, employers and people are new in every test: the broker keeps earlier events.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from model_worker_fixtures import (
    FED,
    Clock,
    clear_all,
    deployment,
    evaluate,
    nominate,
    open_campaign,
    publicise,
    titles_of,
)

from unionfed.common.auth import Role
from unionfed.common.events.contracts import aid, grievance
from unionfed.common.events.contracts.membership import MemberJoined
from unionfed.common.personal_data import PersonKeyer
from unionfed.common.testing.people import credit_code, resident_id
from unionfed.common.testing.polling import until
from unionfed.common.testing.privacy import numbers_that_look_personal
from unionfed.common.testing.tokens import token
from unionfed.common.testing.topics import read_topic, send
from unionfed.model_worker.settings import DEV_PERSON_KEY_SECRET

pytestmark = pytest.mark.kafka


def case_event(kind, case_id: str, employer: str, category: str, station: str, **extra):
    return kind(
        case_id=case_id,
        station_code=station,
        category=category,
        employer_key=employer,
        employer_credit_code=employer,
        workers_affected=1,
        collective=False,
        at=datetime.now(UTC),
        **extra,
    )


def filed(case_id: str, employer: str, category: str, station: str):
    return case_event(
        grievance.CaseFiled,
        case_id,
        employer,
        category,
        station,
        channel="walk_in",
        accept_by=date.today() + timedelta(days=3),
    )


async def flag_of(client, nomination_id: str) -> list:
    return (await client.get(f"/v1/nominations/{nomination_id}", headers=FED)).json()[
        "grievance_flag"
    ]


async def test_grievance_flag_members_lifecycle_and_no_personal_data(database_url, kafka_bootstrap):
    run = uuid.uuid4().hex[:6].upper()
    station, name = f"XZ-{run}", f"mw-{run.lower()}"
    staff = token(Role.station_staff, stations=(station,), subject="s")
    owing, insuring, other = credit_code(), credit_code(), credit_code()
    member_rid, outsider_rid = resident_id(), resident_id()
    member_id = f"m-{run.lower()}"
    person_key = PersonKeyer.from_setting(DEV_PERSON_KEY_SECRET).person_key(member_rid)
    names = [f"劳模{run}甲", f"劳模{run}乙", f"劳模{run}丙"]
    async with deployment(
        database_url,
        clock=Clock(date(2026, 3, 1)),
        name=name,
        kafka=kafka_bootstrap,
        expiry_check_seconds=0.2,
    ) as mw:
        await send(
            kafka_bootstrap,
            MemberJoined(
                member_id=member_id,
                person_key=person_key,
                station_code=station,
                union_id="u-1",
                worker_type="migrant",
                gender="male",
                birth_year=1985,
                joined_on=date(2020, 1, 1),
            ),
            subject=member_id,
            station=station,
        )
        await send(
            kafka_bootstrap,
            filed(f"c1-{run}", owing, "unpaid_wages", station),
            subject=f"c1-{run}",
            station=station,
        )
        await send(
            kafka_bootstrap,
            filed(f"c2-{run}", other, "dismissal", station),
            subject=f"c2-{run}",
            station=station,
        )

        async def learnt():
            async with mw.runtime.uow() as uow:
                codes = await uow.employer_cases.flagged_codes()
                return await uow.members.active(member_id) is not None and owing in codes

        await until(learnt)
        campaign = await open_campaign(mw)
        by_member = await nominate(
            mw,
            campaign,
            headers=staff,
            station_code=station,
            member_id=member_id,
            resident_id=None,
            employer_credit_code=owing,
            name=names[0],
        )
        assert by_member["member_id"] == member_id
        assert [c["case_id"] for c in by_member["grievance_flag"]] == [f"c1-{run}"]
        # A non-member whose ID number belongs to a member is recognised as that member.
        same_person = await mw.post(
            f"/v1/campaigns/{campaign}/nominations",
            json={**by_member, "resident_id": member_rid, "member_id": None},
            headers=staff,
        )
        assert same_person.status_code == 409
        later = await nominate(
            mw,
            campaign,
            headers=staff,
            station_code=station,
            resident_id=outsider_rid,
            employer_credit_code=insuring,
            name=names[1],
            sector="services",
        )
        unrelated = await nominate(
            mw,
            campaign,
            headers=staff,
            station_code=station,
            employer_credit_code=other,
            name=names[2],
            sector="services",
            front_line=False,
        )
        assert later["member_id"] is None and later["grievance_flag"] == []
        assert unrelated["grievance_flag"] == []  # a dismissal case is not a flag

        # A social-insurance case filed after the nomination flags the nominee already there.
        await send(
            kafka_bootstrap,
            filed(f"c3-{run}", insuring, "social_insurance", station),
            subject=f"c3-{run}",
            station=station,
        )

        async def later_flagged():
            return bool(await flag_of(mw, later["id"]))

        await until(later_flagged)
        flagged = (
            await mw.get(f"/v1/campaigns/{campaign}/nominations?flagged=true", headers=FED)
        ).json()
        assert {n["id"] for n in flagged["items"]} == {by_member["id"], later["id"]}
        # Resolved: no longer open, no longer flagged.
        resolved = case_event(
            grievance.CaseResolved,
            f"c1-{run}",
            owing,
            "unpaid_wages",
            station,
            outcome="settled",
            filed_at=datetime.now(UTC),
        )
        await send(kafka_bootstrap, resolved, subject=f"c1-{run}", station=station)

        async def cleared():
            return await flag_of(mw, by_member["id"]) == []

        await until(cleared)

        # The rest of the lifecycle: veto, publicity, objection, evaluation, approval, award.
        veto = await mw.post(
            f"/v1/nominations/{unrelated['id']}/clearances",
            json={"department": "safety", "veto": True, "reason": f"{names[2]}有安全生产违法记录"},
            headers=FED,
        )
        assert veto.json()["status"] == "vetoed"
        for nominee in (by_member, later):
            await clear_all(mw, nominee["id"])
        assert (await publicise(mw, campaign)).status_code == 200
        objection = await mw.post(
            f"/v1/nominations/{later['id']}/objections",
            json={"summary": f"有人反映{names[1]}身份证号{outsider_rid}材料问题"},
            headers=staff,
        )
        await mw.post(
            f"/v1/objections/{objection.json()['id']}/decision",
            json={"upheld": False, "finding": "经核实不属实"},
            headers=FED,
        )
        mw.clock.advance(7)
        votes = {by_member["id"]: (9, 9), later["id"]: (8, 9)}
        assert (await evaluate(mw, campaign, votes)).status_code == 200
        await mw.post(
            f"/v1/campaigns/{campaign}/approval",
            json={"document_number": "县委发〔2026〕12号", "approved_on": "2026-03-20"},
            headers=FED,
        )
        award = await mw.post(
            f"/v1/campaigns/{campaign}/award", json={"awarded_on": "2026-04-01"}, headers=FED
        )
        assert award.status_code == 200, award.text
        member_title, other_title = await titles_of(mw, [by_member["id"], later["id"]])
        await mw.post(
            f"/v1/titles/{member_title}/benefits",
            json={"benefit": "health_check", "year": 2026, "delivered_on": "2026-06-01"},
            headers=staff,
        )
        await mw.post(
            f"/v1/titles/{other_title}/assessments",
            json={
                "year": 2026,
                "passed": False,
                "reasons": f"{names[1]}严重违纪",
                "employer_opinion": "单位同意取消",
            },
            headers=staff,
        )
        await mw.post(
            f"/v1/titles/{other_title}/revocation-decision",
            json={"approved": True, "decided_on": "2026-12-20", "document_number": "县政发30号"},
            headers=FED,
        )
        # Hardship relief through aid's model-worker program: a disbursed grant is recorded.
        for kind, grant in (("winter_visit", f"g0-{run}"), ("model_worker_relief", f"g1-{run}")):
            await send(
                kafka_bootstrap,
                aid.GrantDisbursed(
                    grant_id=grant,
                    program_id=f"p-{run}",
                    program_kind=kind,
                    period="2026",
                    year=2026,
                    station_code=station,
                    member_id=member_id,
                    person_key=person_key,
                    amount=Decimal("2000"),
                    at=datetime.now(UTC),
                    method="bank_transfer",
                    disbursed_on=date(2026, 9, 1),
                    payment_reference="ref",
                ),
                subject=grant,
                station=station,
            )

        async def relief_recorded():
            read = (await mw.get(f"/v1/titles/{member_title}", headers=FED)).json()
            return [b["benefit"] for b in read["benefits_delivered"]] == [
                "health_check",
                "hardship_relief",
            ]

        await until(relief_recorded)
        # The title-expiry job (every 0.2 s here) expires the member's title after its term.
        mw.clock.today = date(2031, 4, 1)

        async def expired():
            read = (await mw.get(f"/v1/titles/{member_title}", headers=FED)).json()
            return read["status"] == "expired"

        await until(expired)

    events = await read_topic(kafka_bootstrap, "model-worker", {f"/unionfed/model-worker/{name}"})
    types = [e["type"] for e in events]
    for expected in [
        "model-worker.campaign.opened.v1",
        "model-worker.nominee.nominated.v1",
        "model-worker.nominee.cleared.v1",
        "model-worker.nominee.vetoed.v1",
        "model-worker.campaign.publicised.v1",
        "model-worker.nominee.objection_raised.v1",
        "model-worker.nominee.evaluated.v1",
        "model-worker.campaign.approved.v1",
        "model-worker.title.awarded.v1",
        "model-worker.benefit.delivered.v1",
        "model-worker.title.assessed.v1",
        "model-worker.title.revocation_proposed.v1",
        "model-worker.title.revoked.v1",
        "model-worker.title.expired.v1",
    ]:
        assert expected in types, expected
    awarded = {e["data"]["title_id"]: e["data"] for e in events if e["type"].endswith("awarded.v1")}
    # What aid needs to learn eligibility: the member id and the person key.
    assert awarded[member_title]["member_id"] == member_id
    assert awarded[member_title]["person_key"] == person_key
    benefits = [e["data"] for e in events if e["type"].endswith("benefit.delivered.v1")]
    assert sorted(b["benefit"] for b in benefits) == ["hardship_relief", "health_check"]
    revoked = [e["data"] for e in events if e["type"].endswith("title.revoked.v1")]
    assert [r["title_id"] for r in revoked] == [other_title]
    expired = [e["data"] for e in events if e["type"].endswith("title.expired.v1")]
    assert [(x["title_id"], x["member_id"]) for x in expired] == [(member_title, member_id)]
    everything = "\n".join(e["raw"] + e["key"] + json.dumps(e["headers"]) for e in events)
    for secret in [*names, member_rid, outsider_rid, "安全生产", "严重违纪", "材料问题"]:
        assert secret not in everything
    assert numbers_that_look_personal(everything) == []
