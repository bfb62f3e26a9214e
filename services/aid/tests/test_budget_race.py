"""Approvals racing for one budget on PostgreSQL: the budget is never overspent and exactly
as many grants as it covers are approved."""

import asyncio

import pytest
from aid_fixtures import FED, STAFF_XZ, apply, deployment, member, on_file, program

pytestmark = pytest.mark.postgres


async def test_twenty_concurrent_approvals_never_overspend_the_budget(postgres_url):
    async with deployment(postgres_url) as aid:
        p = await program(aid, {"XZ01": "7000"}, per_person_cap="1000")
        grants = []
        for _ in range(20):
            who = await member(aid)
            await on_file(aid, who)
            r = await apply(aid, p["id"], who, amount="1000")
            assert (
                await aid.post(f"/grants/{r.json()['id']}/review", json={}, headers=STAFF_XZ)
            ).is_success
            grants.append(r.json()["id"])
        # Every grant approved twice at once too: one approval per grant wins.
        answers = await asyncio.gather(
            *(aid.post(f"/grants/{g}/approval", json={}, headers=FED) for g in grants * 2)
        )
        approved = {g for g, r in zip(grants * 2, answers, strict=True) if r.status_code == 200}
        refused = [r.json()["errors"][0]["rule"] for r in answers if r.status_code == 409]
        assert all(r.status_code in (200, 409) for r in answers), [r.text for r in answers]
        assert len(approved) == 7
        assert sum(1 for r in answers if r.status_code == 200) == 7
        assert set(refused) <= {"budget_available", "changed_meanwhile", "allowed_steps"}
        budget = (await aid.get(f"/programs/{p['id']}", headers=FED)).json()["budgets"][0]
        assert (budget["amount"], budget["committed"]) == ("7000.00", "7000.00")
        listed = (
            await aid.get(f"/grants?program_id={p['id']}&status=approved", headers=FED)
        ).json()
        assert {g["id"] for g in listed["items"]} == approved
