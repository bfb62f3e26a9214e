"""Be asked: partners' signed, scoped, rate-limited, audited questions — aid received by a
person in a period (from the ledger built from aid events), and the status of their referrals.
A credential never reads beyond its scope, nor another department's referrals."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from gov_gateway_fixtures import FED_ADMIN, gateway, person_key, signed

from unionfed.common.events.contracts import aid, grievance
from unionfed.common.events.envelope import EventEnvelope
from unionfed.common.testing.people import resident_id
from unionfed.gov_gateway.service import watch

MCA = ("mca-desk", "dev-only-partner-secret-of-civil-affairs")
INSPECTION = ("hrss-li", "dev-only-partner-secret-of-labour-inspection")
ARBITRATION = ("hrss-arb", "dev-only-partner-secret-of-arbitration")
PARTNERS = {
    MCA[0]: {"secret": MCA[1], "scopes": ["aid.received"], "department": "civil_affairs"},
    INSPECTION[0]: {
        "secret": INSPECTION[1], "scopes": ["referral.status"],
        "department": "labour_inspection", "burst": 3, "rate_per_minute": 6,
    },
    ARBITRATION[0]: {
        "secret": ARBITRATION[1], "scopes": ["referral.status"],
        "department": "labour_arbitration",
    },
}  # fmt: skip


@pytest.fixture
async def desk(database_url, sim):
    async with gateway(database_url, sim.url, partners=PARTNERS) as client:
        yield client


def envelope(data) -> EventEnvelope:
    return EventEnvelope(
        id=str(uuid.uuid4()), source="/unionfed/test/partner", type=data.event_type,
        time=datetime.now(UTC), subject="s", data=data,
    )  # fmt: skip


async def apply(client, data) -> None:
    handlers = {
        **watch.aid_handlers(client.runtime.gateway.clock),
        **watch.grievance_handlers(client.runtime.gateway.clock),
    }
    async with client.runtime.uow() as uow:
        await handlers[data.event_type](envelope(data), uow)
        await uow.commit()


def disbursed(key: str, amount: str, on: date, program="winter_visit") -> aid.GrantDisbursed:
    return aid.GrantDisbursed(
        grant_id=f"g-{uuid.uuid4().hex[:8]}", program_id="p-1", program_kind=program,
        period=f"{on.year}-spring-festival", year=on.year, station_code="XZ01", member_id="m-1",
        person_key=key, amount=Decimal(amount), at=datetime.now(UTC), method="bank_transfer",
        disbursed_on=on, payment_reference="pay-1",
    )  # fmt: skip


def referred(case_id: str, category="unpaid_wages", target="labour_inspection"):
    return grievance.CaseReferred(
        case_id=case_id, station_code="XZ01", category=category, employer_key="91320102MA1",
        employer_credit_code=None, workers_affected=3, collective=False, at=datetime.now(UTC),
        target=target,
    )  # fmt: skip


async def call(client, who, method, path, body=None):
    headers, content = signed(who[0], who[1], method, path, body)
    return await client.request(method, path, headers=headers, content=content)


async def test_aid_received_answers_from_the_ledger_for_the_period(desk):
    number = resident_id()
    key = person_key(number)
    await apply(desk, disbursed(key, "800.00", date(2026, 1, 20)))
    await apply(desk, disbursed(key, "500.00", date(2026, 6, 1), program="summer_relief"))
    await apply(desk, disbursed(person_key(resident_id()), "999.00", date(2026, 1, 20)))
    body = {"id_number": number, "from": "2026-01-01", "to": "2026-03-31"}
    answer = await call(desk, MCA, "POST", "/partner/aid-received", body)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "received": True,
        "total_amount": "800.00",
        "grants": [{"program_kind": "winter_visit", "period": "2026-spring-festival",
                    "amount": "800.00", "disbursed_on": "2026-01-20"}],
    }  # fmt: skip
    whole_year = {"id_number": number, "from": "2026-01-01", "to": "2026-12-31"}
    assert (await call(desk, MCA, "POST", "/partner/aid-received", whole_year)).json()[
        "total_amount"
    ] == "1300.00"
    nobody = {"id_number": resident_id(), "from": "2026-01-01", "to": "2026-12-31"}
    assert (await call(desk, MCA, "POST", "/partner/aid-received", nobody)).json() == {
        "received": False, "total_amount": "0.00", "grants": [],
    }  # fmt: skip


async def test_a_credential_cannot_read_beyond_its_scope(desk):
    await apply(desk, referred("g-scope-1"))
    body = {"id_number": resident_id(), "from": "2026-01-01", "to": "2026-12-31"}
    refused = await call(desk, INSPECTION, "POST", "/partner/aid-received", body)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "requires scope aid.received"
    refused = await call(desk, MCA, "GET", "/partner/referrals/li-g-scope-1")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "requires scope referral.status"
    unsigned = await desk.get("/partner/referrals/li-g-scope-1")
    assert unsigned.status_code == 401
    # A staff token is not a partner credential either.
    assert (await desk.get("/partner/referrals", headers=FED_ADMIN)).status_code == 401


async def test_a_partner_sees_only_referrals_to_its_own_department(desk):
    await apply(desk, referred("g-own-1"))
    await apply(desk, referred("g-own-2", category="social_insurance"))
    await apply(desk, referred("g-own-3", category="dismissal"))  # not referrable: ignored
    await apply(desk, referred("g-own-4", target="labour_arbitration"))  # not ours to send
    own = await call(desk, INSPECTION, "GET", "/partner/referrals/li-g-own-1")
    assert own.status_code == 200
    assert own.json()["status"] == "queued" and own.json()["case_id"] == "g-own-1"
    listed = (await call(desk, INSPECTION, "GET", "/partner/referrals")).json()
    assert sorted(r["case_id"] for r in listed["items"]) == ["g-own-1", "g-own-2"]
    other = await call(desk, ARBITRATION, "GET", "/partner/referrals/li-g-own-1")
    assert other.status_code == 404
    assert (await call(desk, ARBITRATION, "GET", "/partner/referrals")).json()["total"] == 0


async def test_partners_are_rate_limited_with_retry_after(desk):
    answers = [await call(desk, INSPECTION, "GET", "/partner/referrals") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1


async def test_every_partner_call_is_audited_for_the_federation(desk):
    number = resident_id()
    await call(desk, MCA, "POST", "/partner/aid-received",
               {"id_number": number, "from": "2026-01-01", "to": "2026-12-31"})  # fmt: skip
    await call(desk, MCA, "GET", "/partner/referrals")
    trail = (await desk.get("/audit?size=10", headers=FED_ADMIN)).json()["items"]
    assert [(e["actor"], e["action"], e["outcome"]) for e in trail] == [
        ("mca-desk", "partner.referral_status", "refused_scope"),
        ("mca-desk", "partner.aid_received", "answered"),
    ]
    assert number not in str(trail)
