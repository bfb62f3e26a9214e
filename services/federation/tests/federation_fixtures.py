"""Test helpers for the federation view: a deployment, tokens, events of a small county put on
the broker exactly as the other services' relays put them (CloudEvents binary mode)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.events.contracts import aid, gov, grievance, membership, model_worker
from unionfed.common.events.envelope import kafka_headers
from unionfed.common.kafka import create_producer, ensure_topics
from unionfed.common.testing.tokens import token
from unionfed.federation.app import create_app
from unionfed.federation.cli import MIGRATIONS
from unionfed.federation.settings import Settings

DOMAINS = ("membership", "grievance", "aid", "model-worker", "gov")


FED = token(Role.federation_staff, subject="fed-staff")


def private_topics(run: str) -> list[str]:
    """Copies of the domain topics for one test: only its own events are on them."""
    return [f"fedtest-{run}.{d}" for d in DOMAINS]


@contextlib.asynccontextmanager
async def deployment(
    database_url: str,
    *,
    kafka: str | None = None,
    name: str = "county",
    topics: list[str] | None = None,
    **settings,
):
    await migrate_async(database_url, MIGRATIONS)
    config = Settings(
        database_url=database_url,
        deployment_id=name,
        kafka_bootstrap_servers=kafka or "unused:9092",
        freshness_check_seconds=1,
        **({"topics": topics} if topics else {}),
        **settings,
    )
    app = create_app(config, kafka=kafka is not None)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
            client.runtime = app.state.runtime
            yield client


@dataclass
class Sent:
    """An event as a relay would publish it: data, subject, station, source deployment."""

    data: object
    subject: str
    station: str | None
    source: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))


async def publish(bootstrap: str, events: list[Sent], *, topics: list[str] | None = None):
    """Produce ``events``; with ``topics`` (private copies) each goes to its domain's copy."""
    by_domain = {t.rsplit(".", 1)[-1]: t for t in topics or DOMAINS}
    await ensure_topics(bootstrap, by_domain.values(), partitions=3)
    producer = create_producer(bootstrap, client_id="federation-test")
    await producer.start()
    try:
        futures = [
            await producer.send(
                by_domain[e.data.topic],
                key=e.subject.encode(),
                value=e.data.model_dump_json().encode(),
                headers=kafka_headers(
                    event_id=e.id,
                    source=e.source,
                    event_type=type(e.data).event_type,
                    time=e.time,
                    subject=e.subject,
                    station=e.station,
                    correlation_id=None,
                ),
            )
            for e in events
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


class County:
    """Events of a small county, two deployments per service (``town`` and ``street``)."""

    def __init__(self, run: str) -> None:
        self.run = run
        self.stations = (f"A{run}", f"B{run}")
        self.n = 0
        self.clock = datetime(2026, 3, 2, 1, tzinfo=UTC)

    def src(self, service: str, station: str) -> str:
        return f"/unionfed/{service}/{'town' if station == self.stations[0] else 'street'}"

    def at(self) -> datetime:
        self.n += 1
        return self.clock + timedelta(minutes=self.n)

    def sent(self, data, subject: str, station: str | None, service: str) -> Sent:
        return Sent(
            data, subject, station, self.src(service, station or self.stations[0]), time=self.at()
        )

    def station(self, code: str, name: str) -> Sent:
        data = membership.StationRegistered(station_code=code, name=name, kind="town")
        return self.sent(data, code, code, "membership")

    def union(self, uid: str, station: str, headcount: int, credit: str | None = None) -> Sent:
        data = membership.UnionRegistered(
            union_id=uid,
            station_code=station,
            employer_name=f"企业{uid}",
            employer_credit_code=credit or "",
            sector="manufacturing",
            headcount=headcount,
            founded_on=date(2026, 1, 5),
        )
        return self.sent(data, uid, station, "membership")

    def facts(self, mid: str, person: str, station: str, union: str, **extra) -> dict:
        return dict(
            member_id=mid,
            person_key=person,
            station_code=station,
            union_id=union,
            worker_type=extra.pop("worker_type", "migrant"),
            gender=extra.pop("gender", "female"),
            birth_year=extra.pop("birth_year", 1990),
            joined_on=date(2026, 2, 1),
            **extra,
        )

    def joined(self, mid: str, person: str, station: str, union: str, **extra) -> Sent:
        data = membership.MemberJoined(**self.facts(mid, person, station, union, **extra))
        return self.sent(data, mid, station, "membership")

    def left(self, mid: str, person: str, station: str, union: str) -> Sent:
        data = membership.MemberLeft(
            **self.facts(mid, person, station, union), reason="left", left_on=date(2026, 3, 1)
        )
        return self.sent(data, mid, station, "membership")

    def transferred(self, mid: str, from_mid: str, person: str, to: tuple, origin: tuple) -> Sent:
        data = membership.MemberTransferred(
            **self.facts(mid, person, to[0], to[1]),
            transfer_id=f"t-{mid}",
            from_member_id=from_mid,
            from_station_code=origin[0],
            from_union_id=origin[1],
            transferred_on=date(2026, 3, 1),
        )
        return self.sent(data, mid, to[0], "membership")

    def case(self, kind, cid: str, station: str, category="unpaid_wages", **extra) -> Sent:
        facts = dict(
            case_id=cid,
            station_code=station,
            category=category,
            employer_key=extra.pop("employer", "91320102MA1000000X"),
            employer_credit_code=None,
            workers_affected=extra.pop("workers", 1),
            collective=extra.pop("collective", False),
            at=self.at(),
        )
        return self.sent(kind(**facts, **extra), cid, station, "grievance")

    def filed(self, cid: str, station: str, **extra) -> Sent:
        return self.case(
            grievance.CaseFiled,
            cid,
            station,
            channel="walk_in",
            accept_by=date(2026, 3, 5),
            **extra,
        )

    def resolved(self, cid: str, station: str, recovered: str = "0", **extra) -> Sent:
        return self.case(
            grievance.CaseResolved,
            cid,
            station,
            outcome="settled",
            amount_recovered=Decimal(recovered),
            filed_at=self.clock,
            **extra,
        )

    def grant(
        self, kind, gid: str, station: str, person: str, amount="500", member=None, **extra
    ) -> Sent:
        data = kind(
            grant_id=gid,
            program_id=f"p{self.run}",
            program_kind="winter_visit",
            period="2027-spring-festival",
            year=2027,
            station_code=station,
            member_id=member or f"m-{person}",
            person_key=person,
            amount=Decimal(amount),
            at=self.at(),
            **extra,
        )
        return self.sent(data, gid, station, "aid")

    def program(self) -> list[Sent]:
        opened = aid.ProgramOpened(
            program_id=f"p{self.run}",
            program_kind="winter_visit",
            period="2027-spring-festival",
            year=2027,
            title="2027年送温暖",
            per_person_cap=Decimal(1000),
            at=self.at(),
        )
        budgets = [
            aid.BudgetSet(
                program_id=f"p{self.run}",
                program_kind="winter_visit",
                period="2027-spring-festival",
                year=2027,
                station_code=s,
                amount=Decimal(10000),
                at=self.at(),
            )
            for s in self.stations
        ]
        return [self.sent(opened, f"p{self.run}", None, "aid")] + [
            self.sent(b, f"p{self.run}", b.station_code, "aid") for b in budgets
        ]

    def title(self, kind, tid: str, station: str, **extra) -> Sent:
        data = kind(
            title_id=tid,
            person_key=f"pk-{tid}",
            station_code=station,
            level="county",
            sector="industry",
            at=self.at(),
            **extra,
        )
        return self.sent(data, tid, station, "model-worker")

    def referral(self, rid: str, cid: str, station: str, status: str) -> Sent:
        data = gov.ReferralStatusChanged(
            referral_id=rid, case_id=cid, station_code=station, status=status, at=self.at()
        )
        return self.sent(data, rid, station, "gov")

    def duplicate(self, person: str, grants: list[str]) -> Sent:
        data = aid.DuplicateGrantDetected(
            person_key=person,
            program_kind="winter_visit",
            period="2027-spring-festival",
            grant_ids=grants,
            station_codes=list(self.stations),
            detected_at=self.at(),
        )
        return self.sent(data, person, None, "aid")

    def awarded(self, tid: str, station: str) -> Sent:
        return self.title(
            model_worker.TitleAwarded,
            tid,
            station,
            awarded_on=date(2025, 4, 1),
            managed_until=date(2030, 3, 31),
        )


def county_story(c: County) -> list[Sent]:
    """A small county whose figures are known (see test_read_models.py).

    Order-tolerance on purpose: the transfer comes before the origin's own join, the resolution
    of a case before its filing, a disbursement before its approval.
    """
    a, b = c.stations
    m1, m2, m3, m4, m5, m6, m7, m8, m9 = (f"{c.run}-m{i}" for i in range(1, 10))
    ua, ub = f"{c.run}-uA", f"{c.run}-uB"
    credit = f"91{c.run[:8].upper():0<8}00000000"[:18]
    g1, g2, g3 = (f"{c.run}-g{i}" for i in range(1, 4))
    return [
        c.station(a, "新庄镇服务站"),
        c.station(b, "建东街道服务站"),
        c.union(ua, a, 10, credit),
        c.union(ub, b, 5),
        c.transferred(m7, m3, "pk-3", (b, ub), (a, ua)),
        c.joined(m1, "pk-1", a, ua, gender="male", birth_year=1970),
        c.joined(m2, "pk-2", a, ua, worker_type="new_form"),
        c.joined(m3, "pk-3", a, ua),
        c.joined(m4, "pk-4", a, ua),
        c.left(m4, "pk-4", a, ua),
        c.joined(m5, "pk-5", b, ub, worker_type="regular", birth_year=2003),
        c.joined(m6, "pk-6", b, ub),
        c.joined(m8, "pk-x", a, ua),
        c.joined(m9, "pk-x", b, ub),
        c.resolved(f"{c.run}-c1", a, recovered="1200.50", employer=credit),
        c.filed(f"{c.run}-c1", a, employer=credit),
        c.case(
            grievance.CaseAccepted,
            f"{c.run}-c1",
            a,
            employer=credit,
            mediation_by=date(2026, 3, 20),
        ),
        c.case(grievance.FeedbackRecorded, f"{c.run}-c1", a, employer=credit, satisfaction=4),
        c.filed(f"{c.run}-c2", a, category="social_insurance"),
        c.filed(f"{c.run}-c3", b, workers=12, collective=True),
        c.case(
            grievance.CaseEscalated,
            f"{c.run}-c3",
            b,
            workers=12,
            collective=True,
            reason="collective",
        ),
        c.filed(f"{c.run}-c4", b),
        c.case(grievance.CaseDeclined, f"{c.run}-c4", b),
        c.sent(
            grievance.ClusterDetected(
                cluster_id=f"{c.run}-k1",
                employer_key=credit,
                case_ids=[f"{c.run}-c1", f"{c.run}-c2"],
                station_codes=[a],
                window_days=30,
                detected_at=c.at(),
            ),
            f"{c.run}-k1",
            None,
            "grievance",
        ),
        *c.program(),
        c.grant(
            aid.GrantDisbursed,
            g1,
            a,
            "pk-1",
            member=m1,
            method="cash",
            disbursed_on=date(2027, 1, 20),
            payment_reference="r1",
        ),
        c.grant(aid.GrantApplied, g1, a, "pk-1", member=m1),
        c.grant(aid.GrantApproved, g1, a, "pk-1", member=m1),
        c.grant(aid.GrantApplied, g2, b, "pk-5", amount="800"),
        c.grant(aid.GrantApproved, g2, b, "pk-5", amount="800"),
        c.grant(aid.GrantApplied, g3, a, "pk-2", member=m2),
        c.grant(aid.GrantDeclined, g3, a, "pk-2", member=m2, reason="not_eligible"),
        c.duplicate("pk-1", [g1, f"{c.run}-gX"]),
        c.awarded(f"{c.run}-t1", a),
        c.awarded(f"{c.run}-t2", b),
        c.title(model_worker.TitleRevoked, f"{c.run}-t2", b, revoked_on=date(2026, 6, 1)),
        c.awarded(f"{c.run}-t3", a),
        c.title(model_worker.TitleAssessed, f"{c.run}-t3", a, year=date.today().year, passed=True),
        c.referral(f"{c.run}-r1", f"{c.run}-c1", a, "sent"),
        c.referral(f"{c.run}-r1", f"{c.run}-c1", a, "concluded"),
    ]


def mixed_stream(c: County, count: int, seed: int = 7) -> list[Sent]:
    """``count`` events of every kind over both stations, lifecycles in a shuffled order."""
    import random

    rnd = random.Random(seed)
    a, b = c.stations
    out: list[Sent] = []
    while len(out) < count:
        i = len(out)
        s = rnd.choice(c.stations)
        u = f"{c.run}-u{s}"
        kind = rnd.randrange(6)
        if kind == 0:
            mid = f"{c.run}-x{i}"
            out.append(
                c.joined(
                    mid, f"pk{rnd.randrange(count)}", s, u, birth_year=rnd.randrange(1960, 2005)
                )
            )
            if rnd.random() < 0.2:
                out.append(c.left(mid, f"pk-{mid}", s, u))
        elif kind == 1:
            cid = f"{c.run}-case{i}"
            steps = [
                c.filed(cid, s),
                c.case(grievance.CaseAccepted, cid, s, mediation_by=date(2026, 4, 1)),
            ]
            if rnd.random() < 0.6:
                steps += [
                    c.resolved(cid, s, recovered=str(rnd.randrange(5000))),
                    c.case(grievance.FeedbackRecorded, cid, s, satisfaction=rnd.randrange(1, 6)),
                ]
            rnd.shuffle(steps)
            out += steps
        elif kind == 2:
            gid = f"{c.run}-grant{i}"
            steps = [
                c.grant(aid.GrantApplied, gid, s, f"pk{i}"),
                c.grant(aid.GrantApproved, gid, s, f"pk{i}"),
            ]
            if rnd.random() < 0.5:
                steps.append(
                    c.grant(
                        aid.GrantDisbursed,
                        gid,
                        s,
                        f"pk{i}",
                        method="cash",
                        disbursed_on=date(2027, 1, 1 + rnd.randrange(28)),
                        payment_reference=f"r{i}",
                    )
                )
            rnd.shuffle(steps)
            out += steps
        elif kind == 3:
            tid = f"{c.run}-title{i}"
            out.append(c.awarded(tid, s))
            if rnd.random() < 0.3:
                out.append(c.title(model_worker.TitleExpired, tid, s, expired_on=date(2026, 5, 1)))
        elif kind == 4:
            out.append(c.union(u, s, rnd.randrange(20, 200)))
        else:
            mid, dest = f"{c.run}-y{i}", b if s == a else a
            out.append(
                c.transferred(
                    mid, f"{c.run}-x{i - 1}", f"pk{i}", (dest, f"{c.run}-u{dest}"), (s, u)
                )
            )
    return out
