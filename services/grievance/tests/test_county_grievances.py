"""Two grievance deployments on one real broker: a cluster of cases against one employer across
two stations raises one alert; collective cases are escalated; no event carries personal data.

Deployment A (the federation's, on the parametrised database) raises cluster alerts; B (a town
deployment, SQLite) only files cases. Employers and station codes are new in every test: the
broker keeps earlier tests' events.
"""

from __future__ import annotations

import uuid
from datetime import date

from grievance_fixtures import FED_STAFF, case_body, deployment

from unionfed.common.auth import Role
from unionfed.common.events.contracts.membership import MemberJoined
from unionfed.common.testing.people import credit_code
from unionfed.common.testing.polling import until
from unionfed.common.testing.privacy import numbers_that_look_personal
from unionfed.common.testing.tokens import token
from unionfed.common.testing.topics import send, topic_records


async def test_cluster_alert_collective_escalation_and_no_personal_data(
    database_url, tmp_path, kafka_bootstrap
):
    run = uuid.uuid4().hex[:6].upper()
    xz, jd = f"XZ-{run}", f"JD-{run}"
    employer = credit_code()
    staff_a = token(Role.station_staff, stations=(xz,), subject="a")
    staff_b = token(Role.station_staff, stations=(jd,), subject="b")
    names = [f"申诉人{run}{n}" for n in range(4)]
    phones = [f"1390000{n:04d}" for n in range(4)]
    async with (
        deployment(database_url, name=f"fed-{run}", stations=[xz], kafka=kafka_bootstrap) as a,
        deployment(
            f"sqlite+aiosqlite:///{tmp_path / 'b.db'}",
            name=f"town-{run}",
            stations=[jd],
            kafka=kafka_bootstrap,
            raise_cluster_alerts=False,
        ) as b,
    ):
        filed = []
        for n, (client, station, headers) in enumerate(
            [(a, xz, staff_a), (b, jd, staff_b), (b, jd, staff_b)]
        ):
            body = case_body(
                station=station,
                employer_credit_code=employer,
                worker_name=names[n],
                worker_phone=phones[n],
                description=f"欠薪 {names[n]} 住址某村",
            )
            response = await client.post("/cases", json=body, headers=headers)
            assert response.status_code == 201, response.text
            filed.append(response.json()["id"])
        # A member enrolled elsewhere becomes known through the membership topic.
        member_id = f"m-{run.lower()}"
        await announce_member(kafka_bootstrap, member_id, xz)
        await until(lambda: knows_member(a, member_id))
        as_member = await a.post(
            "/cases", headers=staff_a, json=case_body(station=xz, member_id=member_id)
        )
        assert as_member.status_code == 201, as_member.text
        collective = await b.post(
            "/cases",
            headers=staff_b,
            json=case_body(
                station=jd, workers_affected=30, worker_name=names[3], worker_phone=phones[3]
            ),
        )
        assert collective.json()["escalated"]

        async def alerted():
            alerts = (await a.get("/alerts", headers=FED_STAFF)).json()["items"]
            return [x for x in alerts if x["employer_key"] == employer]

        await until(alerted)
        [alert] = await alerted()
        assert sorted(alert["case_ids"]) == sorted(filed)
        assert alert["station_codes"] == sorted([xz, jd])
        assert (await b.get("/alerts", headers=FED_STAFF)).json()["items"] == []

    events = [text_of(r) for r in await topic_records(kafka_bootstrap, "grievance")]
    ours = [e for e in events if employer in e or collective.json()["id"] in e]
    assert any("grievance.cluster.detected.v1" in e for e in ours)
    assert any("grievance.case.escalated.v1" in e and '"collective"' in e for e in ours)
    everything = "\n".join(events)
    for secret in [*names, *phones, "住址"]:
        assert secret not in everything
    assert numbers_that_look_personal(everything) == []


async def announce_member(bootstrap: str, member_id: str, station: str) -> None:
    joined = MemberJoined(
        member_id=member_id,
        person_key="0" * 64,
        station_code=station,
        union_id="u-1",
        worker_type="migrant",
        gender="male",
        birth_year=1990,
        joined_on=date(2024, 1, 1),
    )
    await send(bootstrap, joined, subject=member_id, station=station)


async def knows_member(client, member_id: str) -> bool:
    async with client.runtime.uow() as uow:
        return await uow.members.is_active(member_id)


def text_of(record) -> str:
    """Key, value and header values of a record, as one text to search."""
    parts = [record.key or b"", record.value or b""] + [v for _, v in record.headers]
    return b" ".join(parts).decode("utf-8", "replace")
