"""The read models on a real broker: a small county's events, some out of order and some twice,
folded into the figures the federation reads (members, unions, grievances, aid, model workers,
conflicts), scoped by role, exported as .xlsx."""

from __future__ import annotations

import dataclasses
import io
import uuid
from datetime import date

import pytest
from federation_fixtures import FED, County, county_story, deployment, private_topics, publish
from openpyxl import load_workbook

from unionfed.common.auth import Role
from unionfed.common.events.contracts import aid, grievance
from unionfed.common.testing.people import credit_code
from unionfed.common.testing.polling import until
from unionfed.common.testing.tokens import bearer, dev_token

pytestmark = pytest.mark.kafka
PAST = date(2026, 3, 20)  # a mediation deadline long gone


def table(report: dict, name: str) -> list[dict]:
    return next(t for t in report["tables"] if t["name"] == name)["rows"]


def by_key(rows: list[dict], field: str = "n") -> dict:
    return {r["key"]: r[field] for r in rows}


@pytest.fixture
async def county(database_url, kafka_bootstrap):
    run = uuid.uuid4().hex[:8]
    topics = private_topics(run)
    c = County(run)
    story = county_story(c)
    await publish(kafka_bootstrap, story + story[:5], topics=topics)  # five sent twice
    async with deployment(database_url, kafka=kafka_bootstrap, topics=topics) as client:
        client.county = c
        client.expected_events = len(story)

        async def caught_up():
            answer = (await client.get("/v1/freshness", headers=FED)).json()
            return answer["events"] == len(story) and answer

        client.freshness = await until(caught_up, timeout=60)
        yield client


async def test_county_figures_from_every_topic(county):
    a, b = county.county.stations
    report = (await county.get("/v1/county", headers=FED)).json()
    f = report["figures"]
    assert f["members_active"] == 7  # m3 moved to B, m4 left; the twice-enrolled person twice
    assert by_key(table(report, "members_by_worker_type")) == {
        "migrant": 5,
        "new_form": 1,
        "regular": 1,
    }
    assert by_key(table(report, "members_by_gender")) == {"female": 6, "male": 1}
    bands = by_key(table(report, "members_by_age_band"))
    assert bands["≤25"] == 1 and bands["56+"] == 1 and sum(bands.values()) == 7
    assert f["unions_active"] == 2 and f["membership_rate"] == round(7 / 15, 4)
    assert f["cases_total"] == 4 and f["cases_open"] == 2 and f["cases_open_overdue"] == 2
    assert f["recovered_yuan"] == 1200.5 and f["satisfaction_avg"] == 4
    assert f["cases_collective"] == 1 and f["cluster_alerts"] == 1
    statuses = by_key(table(report, "grievances_by_status"), "cases")
    assert statuses == {"declined": 1, "filed": 2, "resolved": 1}
    assert f["aid_budget_yuan"] == 20000 and f["aid_committed_yuan"] == 1300
    assert f["aid_disbursed_yuan"] == 500 and f["people_helped"] == 1
    assert f["model_workers_active"] == 2 and f["model_workers_revoked"] == 1
    assert f["assessments_due"] == 1  # t1; t3 is assessed this year
    stations = {s["station_code"]: s for s in table(report, "stations")}
    assert stations[a]["members"] == 3 and stations[b]["members"] == 4
    assert stations[a]["name"] == "新庄镇服务站" and stations[a]["score"] is not None


async def test_station_users_see_their_own_station_only(county):
    a, b = county.county.stations
    staff_a = bearer(dev_token(Role.station_staff, stations=(a,)))
    assert (await county.get("/v1/county", headers=staff_a)).status_code == 403
    assert (await county.get(f"/v1/stations/{b}", headers=staff_a)).status_code == 404
    own = (await county.get(f"/v1/stations/{a}", headers=staff_a)).json()
    assert own["figures"]["members_active"] == 3 and own["name"] == "新庄镇服务站"
    listed = (await county.get("/v1/stations", headers=staff_a)).json()["items"]
    assert [s["station_code"] for s in listed] == [a]
    assert (await county.get("/v1/conflicts", headers=staff_a)).status_code == 403
    assert (await county.get("/v1/county")).status_code == 401


async def test_union_drill_down_with_its_employers_cases(county):
    a, _ = county.county.stations
    station = (await county.get(f"/v1/stations/{a}", headers=FED)).json()
    unions = table(station, "unions")
    assert [u["members"] for u in unions] == [3] and unions[0]["membership_rate"] == 0.3
    union = (await county.get(f"/v1/unions/{unions[0]['union_id']}", headers=FED)).json()
    assert union["figures"]["members_active"] == 3
    assert union["figures"]["cases_total"] == 1  # the case against its employer
    # The aid its members received: g1 to m1, paid 500; g3 to m2 declined; g2 is elsewhere.
    assert union["figures"]["aid_disbursed_yuan"] == 500
    assert union["figures"]["aid_committed_yuan"] == 500 and union["figures"]["people_helped"] == 1
    [program] = table(union, "aid_by_program")
    assert program["disbursed_yuan"] == 500 and program["grants"] == 2
    columns = next(t for t in union["tables"] if t["name"] == "aid_by_program")["columns"]
    assert "budget_yuan" not in [c["key"] for c in columns]  # budgets are the stations'


async def test_every_table_exports_as_xlsx(county):
    a, _ = county.county.stations
    whole = await county.get("/v1/county.xlsx", headers=FED)
    book = load_workbook(io.BytesIO(whole.content))
    assert "维权案件按类别" in book.sheetnames and len(book.sheetnames) > 10
    one = await county.get(f"/v1/stations/{a}/tables/unions.xlsx?lang=en", headers=FED)
    sheet = load_workbook(io.BytesIO(one.content)).active
    assert [c.value for c in sheet[1]][:2] == ["union", "employer"]
    assert (await county.get("/v1/county/tables/nope.xlsx", headers=FED)).status_code == 404


async def test_conflicts_listed_and_resolved_with_a_note(county):
    listed = (await county.get("/v1/conflicts", headers=FED)).json()
    mine = [c for c in listed["items"] if county.county.run in ",".join(c["refs"])]
    kinds = sorted(c["kind"] for c in mine)
    assert kinds == ["crossed_enrolment", "double_grant"]
    enrolment = next(c for c in mine if c["kind"] == "crossed_enrolment")
    assert enrolment["station_codes"] == sorted(county.county.stations)
    key = enrolment["conflict_key"]
    empty = await county.post(f"/v1/conflicts/{key}/resolution", json={"note": " "}, headers=FED)
    assert empty.status_code == 422
    done = await county.post(
        f"/v1/conflicts/{key}/resolution", json={"note": "街道会籍保留"}, headers=FED
    )
    assert done.status_code == 200 and done.json()["resolved"]
    again = await county.post(f"/v1/conflicts/{key}/resolution", json={"note": "x"}, headers=FED)
    assert again.status_code == 409
    still_open = (await county.get("/v1/conflicts", headers=FED)).json()["items"]
    assert key not in [c["conflict_key"] for c in still_open]


async def test_freshness_per_topic_and_lag_metric(county):
    topics = {t["topic"]: t for t in county.freshness["topics"]}
    assert topics["membership"]["events"] == 14 and topics["membership"]["last_event_at"]

    async def lag_measured():
        answer = (await county.get("/v1/freshness", headers=FED)).json()
        return answer["lag_measured_at"] and all(t["lag"] == 0 for t in answer["topics"])

    await until(lag_measured, timeout=60)
    metrics = (await county.get("/metrics")).text
    assert 'unionfed_consumer_lag{consumer="federation.county.read-models"' in metrics


async def test_a_case_referred_or_in_legal_aid_is_not_late_for_mediation(
    database_url, kafka_bootstrap
):
    # Three cases accepted with a mediation deadline long past; only the one still waiting for
    # the union's mediation is overdue, as the grievance service's own sweep counts it.
    run, topics, c, a = small_county()
    waiting, referred, legal = (f"{run}-{name}" for name in ("waiting", "referred", "legal"))
    story = [c.station(a, "新庄镇服务站")]
    for cid in (waiting, referred, legal):
        story += [c.filed(cid, a), c.case(grievance.CaseAccepted, cid, a, mediation_by=PAST)]
    story += [
        c.case(grievance.CaseReferred, referred, a, target="labour_inspection"),
        c.case(grievance.LegalAidStarted, legal, a),
    ]
    report = await folded(database_url, kafka_bootstrap, topics, story, f"/v1/stations/{a}")
    assert report["figures"]["cases_open"] == 3
    [late] = table(report, "overdue_cases")
    assert late["case_id"] == waiting
    assert late["filed_at"] == "2026-03-02 09:02"  # filed at 01:02 UTC, shown in China time
    assert report["figures"]["cases_open_overdue"] == 1


async def test_a_program_opened_at_two_deployments_is_one_row(database_url, kafka_bootstrap):
    # Each aid deployment opens the county's winter visits with its own program id: the
    # federation shows one program, its budgets and grants summed, people counted once.
    run, topics, c, a = small_county()
    b = c.stations[1]
    town, street = c.program()[:2], c.program()[::2]  # opened + budget for A; for B
    street = [on_program(s, f"p{run}-street") for s in street]
    paid = {"method": "cash", "disbursed_on": date(2027, 1, 20), "payment_reference": "r"}
    story = [
        *town,
        *street,
        c.grant(aid.GrantDisbursed, f"{run}-ga", a, "pk-1", **paid),
        on_program(c.grant(aid.GrantDisbursed, f"{run}-gb", b, "pk-2", **paid), f"p{run}-street"),
    ]
    report = await folded(database_url, kafka_bootstrap, topics, story, "/v1/county")
    [program] = table(report, "aid_by_program")
    assert program["title"] == "2027年送温暖" and program["period"] == "2027-spring-festival"
    assert program["budget_yuan"] == 20000 and program["disbursed_yuan"] == 1000
    assert program["grants"] == 2 and program["people"] == 2


def on_program(sent, program_id: str):
    """The same event as another deployment's program (its own program id) would carry it."""
    return dataclasses.replace(sent, data=sent.data.model_copy(update={"program_id": program_id}))


async def folded(database_url, kafka_bootstrap, topics, story, path: str) -> dict:
    """``story`` published on private topics and folded by a federation deployment: ``path``."""
    await publish(kafka_bootstrap, story, topics=topics)
    async with deployment(database_url, kafka=kafka_bootstrap, topics=topics) as client:

        async def caught_up():
            answer = (await client.get("/v1/freshness", headers=FED)).json()
            return answer["events"] == len(story)

        await until(caught_up, timeout=60)
        return (await client.get(path, headers=FED)).json()


async def test_a_page_lists_200_overdue_cases_and_the_export_all(database_url, kafka_bootstrap):
    run, topics, c, a = small_county()
    story = [c.station(a, "新庄镇服务站")] + [c.filed(f"{run}-{n:03d}", a) for n in range(205)]
    page = await folded(database_url, kafka_bootstrap, topics, story, f"/v1/stations/{a}")
    assert page["figures"]["cases_open_overdue"] == 205  # not accepted by 2026-03-05
    assert len(table(page, "overdue_cases")) == 200
    async with deployment(database_url, kafka=kafka_bootstrap, topics=topics) as client:
        export = await client.get(f"/v1/stations/{a}/tables/overdue_cases.xlsx", headers=FED)
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 1 + 205  # the header and every case


async def test_a_unions_page_shows_the_alerts_on_its_own_employer_only(
    database_url, kafka_bootstrap
):
    run, topics, c, a = small_county()
    alerted, other = credit_code(), credit_code()
    alert = grievance.ClusterDetected(
        cluster_id=f"{run}-k",
        employer_key=alerted,
        employer_credit_code=alerted,
        case_ids=[f"{run}-c1", f"{run}-c2", f"{run}-c3"],
        station_codes=[a],
        window_days=30,
        detected_at=c.at(),
    )
    story = [
        c.station(a, "新庄镇服务站"),
        c.union(f"{run}-u1", a, 10, alerted),
        c.union(f"{run}-u2", a, 10, other),
        c.sent(alert, f"{run}-k", None, "grievance"),
    ]
    station = await folded(database_url, kafka_bootstrap, topics, story, f"/v1/stations/{a}")
    assert station["figures"]["cluster_alerts"] == 1
    async with deployment(database_url, kafka=kafka_bootstrap, topics=topics) as client:
        pages = [
            (await client.get(f"/v1/unions/{run}-{u}", headers=FED)).json() for u in ("u1", "u2")
        ]
    assert [p["figures"]["cluster_alerts"] for p in pages] == [1, 0]
    [row] = table(station, "cluster_alerts")  # named with the union the employer has
    assert row["employer_key"] == alerted and row["union_name"] == f"企业{run}-u1"


def small_county() -> tuple[str, list[str], County, str]:
    """A run id, its private topics, a county for its events, and the county's first station."""
    run = uuid.uuid4().hex[:8]
    c = County(run)
    return run, private_topics(run), c, c.stations[0]
