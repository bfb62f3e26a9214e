"""Publicity, objections, the evaluation meeting (threshold, quotas, composition), approval by
numbered document and award of titles with a managed term of at most five years."""

from __future__ import annotations

from datetime import date, timedelta

from model_worker_fixtures import FED, STAFF_XZ, evaluate, publicised_campaign


async def test_objection_upheld_withdraws_and_evaluation_waits_for_publicity(office):
    campaign, (a, b) = await publicised_campaign(office, [{}, {"sector": "services"}])
    objection = await office.post(
        f"/v1/nominations/{b}/objections", json={"summary": "群众反映其材料不实"}, headers=STAFF_XZ
    )
    assert objection.status_code == 201
    during = await evaluate(office, campaign, {a: (9, 9)})
    assert during.status_code == 409
    assert during.json()["errors"][0]["rule"] == "publicity_over"
    office.clock.advance(7)
    late = await office.post(
        f"/v1/nominations/{a}/objections", json={"summary": "逾期异议"}, headers=STAFF_XZ
    )
    assert late.json()["errors"][0]["rule"] == "within_publicity"
    undecided = await evaluate(office, campaign, {a: (9, 9)})
    assert undecided.json()["errors"][0]["rule"] == "all_decided"
    decided = await office.post(
        f"/v1/objections/{objection.json()['id']}/decision",
        json={"upheld": True, "finding": "经核实材料不实"},
        headers=FED,
    )
    assert decided.status_code == 200, decided.text
    assert (await office.get(f"/v1/nominations/{b}", headers=FED)).json()["status"] == "withdrawn"
    missing = await evaluate(office, campaign, {})
    assert missing.json()["errors"][0]["rule"] == "every_publicised_nominee"
    done = await evaluate(office, campaign, {a: (6, 9)})
    assert done.status_code == 200, done.text
    assert (await office.get(f"/v1/nominations/{a}", headers=FED)).json()["status"] == "passed"


async def test_threshold_quota_and_composition_are_enforced(office):
    nominees = [
        {"sector": "industry", "front_line": True},
        {"sector": "industry", "front_line": False},
        {"sector": "industry", "front_line": False},
        {"sector": "services", "front_line": False},
    ]
    campaign, (a, b, c, d) = await publicised_campaign(office, nominees)
    office.clock.advance(7)
    over_sector = await evaluate(office, campaign, {a: (9, 9), b: (9, 9), c: (9, 9), d: (1, 9)})
    assert over_sector.status_code == 422
    assert over_sector.json()["errors"][0]["rule"] == "quota_sector"
    too_few_front_line = await evaluate(
        office, campaign, {a: (9, 9), b: (9, 9), c: (1, 9), d: (9, 9)}
    )
    assert too_few_front_line.json()["errors"][0]["rule"] == "min_front_line_share"
    # nothing was recorded by the refused attempts
    assert (await office.get(f"/v1/nominations/{a}", headers=FED)).json()["votes_for"] is None
    # 5 of 9 is below two thirds: b fails; a and d pass, one of two front-line: 50 %
    ok = await evaluate(office, campaign, {a: (9, 9), b: (5, 9), c: (1, 9), d: (6, 9)})
    assert ok.status_code == 200, ok.text
    statuses = {
        n["id"]: n["status"]
        for n in (await office.get(f"/v1/campaigns/{campaign}/nominations", headers=FED)).json()[
            "items"
        ]
    }
    assert statuses == {a: "passed", b: "failed", c: "failed", d: "passed"}


async def test_quota_total(office):
    campaign, ids = await publicised_campaign(
        office, [{}, {}, {"sector": "services"}], quota_total=2
    )
    office.clock.advance(7)
    refused = await evaluate(office, campaign, dict.fromkeys(ids, (9, 9)))
    assert refused.json()["errors"][0]["rule"] == "quota_total"


async def test_approval_by_document_then_award_with_term_of_at_most_five_years(office):
    campaign, (a, b) = await publicised_campaign(office, [{}, {"sector": "services"}])
    office.clock.advance(7)
    assert (await evaluate(office, campaign, {a: (8, 9), b: (2, 9)})).status_code == 200
    early_award = await office.post(
        f"/v1/campaigns/{campaign}/award", json={"awarded_on": "2026-04-01"}, headers=FED
    )
    assert early_award.status_code == 409
    approval = await office.post(
        f"/v1/campaigns/{campaign}/approval",
        json={"document_number": "县委发〔2026〕12号", "approved_on": "2026-03-20"},
        headers=FED,
    )
    assert approval.json()["status"] == "approved"
    too_long = await office.post(
        f"/v1/campaigns/{campaign}/award",
        json={"awarded_on": "2026-04-01", "term_years": 6},
        headers=FED,
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "term_years"
    award = await office.post(
        f"/v1/campaigns/{campaign}/award", json={"awarded_on": "2026-04-01"}, headers=FED
    )
    assert award.status_code == 200, award.text
    [title_id] = award.json()["title_ids"]
    title = (await office.get(f"/v1/titles/{title_id}", headers=STAFF_XZ)).json()
    assert title["nomination_id"] == a
    assert title["managed_until"] == (date(2031, 4, 1) - timedelta(days=1)).isoformat()
    assert title["status"] == "active"
    assert title["name"] == "候选人甲"
    assert "person_key" not in title
