"""The county-wide directory as other deployments' events build it, applied through the
consumer's own handlers: a membership that ended stays ended, whatever arrives late."""

from __future__ import annotations

from datetime import UTC, datetime

from membership_fixtures import FED_ADMIN, credit_code, member_body, resident_id, station, union

from unionfed.common.events.contracts import membership as contracts
from unionfed.common.events.envelope import EventEnvelope
from unionfed.common.personal_data import PersonKeyer
from unionfed.membership.settings import Settings

STREET = "/unionfed/membership/street"


def facts(kind, person_key: str, **extra):
    return kind(
        member_id="m-street-9", person_key=person_key, station_code="JD02", union_id="u-street",
        worker_type="migrant", gender="male", birth_year=1990, joined_on="2024-03-01", **extra,
    )  # fmt: skip


async def apply(client, n: int, data) -> None:
    """Event ``n`` from the street deployment, as its consumer hands it over."""
    handler = client.runtime.subscriptions[0].handlers[data.event_type]
    env = EventEnvelope(f"street-{n}", STREET, data.event_type, datetime.now(UTC), "m", data)
    async with client.runtime.uow() as uow:
        await handler(env, uow)
        await uow.commit()


async def test_a_join_that_arrives_after_the_member_left_does_not_bring_them_back(membership):
    secret = Settings().person_key_secret.get_secret_value()
    person = PersonKeyer.from_setting(secret).person_key(resident_id(7))
    await apply(membership, 1, facts(contracts.MemberJoined, person))
    await apply(
        membership, 2, facts(contracts.MemberLeft, person, reason="left", left_on="2026-11-01")
    )
    # Redriven from a dead-letter topic, long after: a join and a correction of that membership.
    await apply(membership, 3, facts(contracts.MemberJoined, person))
    await apply(membership, 4, facts(contracts.MemberUpdated, person, changed=["union_id"]))

    await station(membership, "XZ01")
    xz = await union(membership, "XZ01", credit_code(1))
    joined = await membership.post("/members", json=member_body(xz, 7), headers=FED_ADMIN)
    assert joined.status_code == 201, joined.text  # not "a member at JD02 already"
    assert (await membership.get("/conflicts", headers=FED_ADMIN)).json()["total"] == 0


async def test_a_join_redriven_after_the_members_leaving_was_applied_stays_ended(membership):
    secret = Settings().person_key_secret.get_secret_value()
    person = PersonKeyer.from_setting(secret).person_key(resident_id(8))
    # The join was dead-lettered; the leaving was applied; then the join is redriven.
    await apply(
        membership, 2, facts(contracts.MemberLeft, person, reason="left", left_on="2026-11-01")
    )
    await apply(membership, 1, facts(contracts.MemberJoined, person))

    await station(membership, "XZ01")
    xz = await union(membership, "XZ01", credit_code(1))
    joined = await membership.post("/members", json=member_body(xz, 8), headers=FED_ADMIN)
    assert joined.status_code == 201, joined.text
    assert (await membership.get("/conflicts", headers=FED_ADMIN)).json()["total"] == 0
