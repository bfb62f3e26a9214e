"""Two membership deployments, separate databases, one real Kafka broker: one person, one
membership county-wide, conflicts found when events meet, transfers carried across.

Deployment A serves one station (on the parametrised database), B another (on SQLite). Station
codes and the person-key secret are new in every test: the broker keeps earlier tests' events.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer
from membership_fixtures import (
    FED_ADMIN,
    FED_STAFF,
    deployment,
    member_body,
    resident_id,
    station,
    union,
)

from unionfed.common.auth import Role
from unionfed.common.personal_data import PersonKeyer
from unionfed.common.testing.polling import until
from unionfed.common.testing.privacy import numbers_that_look_personal
from unionfed.common.testing.tokens import token


@dataclass
class County:
    a: object
    b: object
    ua: str
    ub: str
    xz: str
    jd: str

    @property
    def staff_a(self) -> dict:
        return token(Role.station_staff, stations=(self.xz,), subject="staff-a")

    @property
    def staff_b(self) -> dict:
        return token(Role.station_staff, stations=(self.jd,), subject="staff-b")


@contextlib.asynccontextmanager
async def county(database_url, tmp_path, kafka_bootstrap):
    """Deployment a on ``database_url`` (the tests give PostgreSQL), b on SQLite: every test
    runs both engines at once, once (each run replays the whole topic, so it is not cheap)."""
    run = uuid.uuid4().hex[:8]
    secret = f"federation-secret-for-test-run-{run}"
    xz, jd = f"XZ-{run.upper()}", f"JD-{run.upper()}"
    async with (
        deployment(
            database_url, name=f"a-{run}", stations=[xz], kafka=kafka_bootstrap, secret=secret
        ) as a,
        deployment(
            f"sqlite+aiosqlite:///{tmp_path / 'b.db'}",
            name=f"b-{run}",
            stations=[jd],
            kafka=kafka_bootstrap,
            secret=secret,
        ) as b,
    ):
        a.keyer = b.keyer = PersonKeyer(secret.encode())
        await station(a, xz)
        await station(b, jd, kind="street")
        ua = await union(a, xz, None, name=f"{xz} 快递行业联合工会", sector="delivery")
        ub = await union(b, jd, None, name=f"{jd} 外卖行业联合工会", sector="delivery")
        # Each deployment learns the other's union from its events.
        await until(lambda: knows_union(a, ub))
        await until(lambda: knows_union(b, ua))
        yield County(a, b, ua, ub, xz, jd)


async def knows_union(client, union_id: str) -> bool:
    async with client.runtime.uow() as uow:
        return await uow.unions.get(union_id) is not None


async def directory(client, n: int) -> list:
    async with client.runtime.uow() as uow:
        return await uow.directory.memberships(client.keyer.person_key(resident_id(n)))


async def test_enrolment_elsewhere_in_the_county_is_refused(
    postgres_url, tmp_path, kafka_bootstrap
):
    async with county(postgres_url, tmp_path, kafka_bootstrap) as c:
        joined = await c.a.post("/members", json=member_body(c.ua, 1), headers=c.staff_a)
        assert joined.status_code == 201
        await until(lambda: _active_in(c.b, 1))
        refused = await c.b.post("/members", json=member_body(c.ub, 1), headers=c.staff_b)
    assert refused.status_code == 409
    error = refused.json()["errors"][0]
    assert error["rule"] == "one_membership"
    assert c.xz in error["message"] and c.ua in error["message"]


async def test_concurrent_enrolments_are_shown_to_the_federation(
    postgres_url, tmp_path, kafka_bootstrap
):
    async with county(postgres_url, tmp_path, kafka_bootstrap) as c:
        a, b = c.a, c.b
        first, second = await asyncio.gather(
            a.post("/members", json=member_body(c.ua, 2), headers=c.staff_a),
            b.post("/members", json=member_body(c.ub, 2), headers=c.staff_b),
        )
        assert first.status_code == second.status_code == 201  # neither knew of the other
        # The directory holds every deployment's events, earlier tests' too: look at ours.
        for client in (a, b):
            await until(lambda cl=client: _conflicts_of(cl, c.xz, count=1))
            [conflict] = await _conflicts_of(client, c.xz)
            stations = {conflict["first_station_code"], conflict["second_station_code"]}
            assert stations == {c.xz, c.jd}
        station_view = await a.get("/conflicts", headers=c.staff_a)
        assert station_view.status_code == 403
        [at_a] = await _conflicts_of(a, c.xz)  # each deployment numbers its conflicts itself
        resolved = await a.post(
            f"/conflicts/{at_a['id']}/resolve",
            json={"resolution": "JD02 membership ended after a call"},
            headers=FED_ADMIN,
        )
        assert resolved.status_code == 204
        assert await _conflicts_of(a, c.xz) == []


async def test_transfer_to_another_deployment_keeps_the_membership_continuous(
    postgres_url, tmp_path, kafka_bootstrap
):
    async with county(postgres_url, tmp_path, kafka_bootstrap) as c:
        a, b = c.a, c.b
        body = member_body(c.ua, 3, joined_on="2019-06-01")
        origin = (await a.post("/members", json=body, headers=c.staff_a)).json()
        requested = await a.post(
            f"/members/{origin['id']}/transfers", json={"to_union_id": c.ub}, headers=c.staff_a
        )
        assert requested.status_code == 201, requested.text
        transfer_id = requested.json()["id"]
        await until(lambda: _has_transfer(b, transfer_id))

        wrong = {"name": "会员3", "resident_id": resident_id(4), "mobile": "13800000003"}
        mismatch = await b.post(
            f"/transfers/{transfer_id}/accept", json={"real_name": wrong}, headers=c.staff_b
        )
        assert mismatch.json()["errors"][0]["rule"] == "matches_transfer"
        right = {**wrong, "resident_id": resident_id(3)}
        accepted = await b.post(
            f"/transfers/{transfer_id}/accept", json={"real_name": right}, headers=c.staff_b
        )
        assert accepted.status_code == 200, accepted.text
        moved = accepted.json()
        assert (moved["station_code"], moved["union_id"]) == (c.jd, c.ub)
        assert moved["joined_on"] == "2019-06-01"

        await until(lambda: _status(a, origin["id"], "transferred_out"))
        transfers = (await a.get("/transfers", headers=c.staff_a)).json()["items"]
        assert [(t["id"], t["status"]) for t in transfers] == [(transfer_id, "accepted")]
        for client in (a, b):
            await until(lambda c=client: _only_active_at(c, 3, moved["id"]))


async def test_no_event_on_the_topic_carries_a_name_id_number_or_phone(
    postgres_url, tmp_path, kafka_bootstrap
):
    """Produces every kind of member event, then scans every message on the membership topic
    (this test's and all earlier tests')."""
    async with county(postgres_url, tmp_path, kafka_bootstrap) as c:
        m = (await c.a.post("/members", json=member_body(c.ua, 5), headers=c.staff_a)).json()
        fix = {"name": "会员五", "mobile": "13800000055", "reason": "typo"}
        await c.a.patch(f"/members/{m['id']}", json=fix, headers=c.staff_a)
        await c.a.post(
            f"/members/{m['id']}/transfers", json={"to_union_id": c.ub}, headers=c.staff_a
        )
        other = (await c.a.post("/members", json=member_body(c.ua, 6), headers=c.staff_a)).json()
        await c.a.post(
            f"/members/{other['id']}/leave",
            json={"reason": "left", "on": "2025-01-01"},
            headers=c.staff_a,
        )
        await until(lambda: _has_transfer_for(c.b, m["id"]))
    consumer = AIOKafkaConsumer(
        "membership",
        bootstrap_servers=kafka_bootstrap,
        group_id=f"scan-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    seen, texts = 0, []
    try:
        while batch := await consumer.getmany(timeout_ms=2000):
            for records in batch.values():
                for r in records:
                    seen += 1
                    parts = [r.key or b"", r.value or b""] + [v for _, v in r.headers]
                    texts.append(b" ".join(parts).decode("utf-8", "replace"))
    finally:
        await consumer.stop()
    assert seen >= 6  # at least this test's own events
    everything = "\n".join(texts)
    # Anything shaped like an ID or mobile number standing alone (not inside a hex key or id).
    assert numbers_that_look_personal(everything) == []
    # And exactly the values and names these tests give their members.
    assert not any(resident_id(n) in everything for n in range(100))
    assert not any(f"1380000{n:04d}" in everything for n in range(100))
    assert "会员" not in everything


async def _active_in(client, n: int) -> bool:
    return any(m.active for m in await directory(client, n))


async def _conflicts_of(client, station_code: str, count: int | None = None):
    response = await client.get("/conflicts?size=500", headers=FED_STAFF)
    ours = [
        c
        for c in response.json()["items"]
        if station_code in (c["first_station_code"], c["second_station_code"])
    ]
    return ours if count is None else len(ours) == count


async def _has_transfer_for(client, member_id: str) -> bool:
    response = await client.get("/transfers", headers=FED_ADMIN)
    return any(t["from_member_id"] == member_id for t in response.json()["items"])


async def _has_transfer(client, transfer_id: str) -> bool:
    async with client.runtime.uow() as uow:
        return await uow.transfers.get(transfer_id) is not None


async def _status(client, member_id: str, status: str) -> bool:
    response = await client.get(f"/members/{member_id}", headers=FED_ADMIN)
    return response.json()["status"] == status


async def _only_active_at(client, n: int, member_id: str) -> bool:
    return [m.member_id for m in await directory(client, n) if m.active] == [member_id]
