"""Every service declares the columns it seals personal data in, with the context its
repositories use; and ``unionfed-membership reseal`` moves a deployment's personal data to a
new key, so that the old key can leave ``PII_KEYS``."""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.db.sealed import sealed_columns
from unionfed.common.personal_data import FieldCipher, generate_key_setting
from unionfed.common.testing.tokens import token

ROOT = Path(__file__).resolve().parents[1]
SEALING = {  # service package → its folder
    "membership": "membership",
    "grievance": "grievance",
    "aid": "aid",
    "model_worker": "model-worker",
    "gov_gateway": "gov-gateway",
}


@pytest.mark.parametrize("package", sorted(SEALING))
def test_every_encrypted_column_is_declared_with_a_context_its_repositories_use(package):
    metadata = (
        importlib.import_module(f"unionfed.{package}.adapters.tables").build_tables().metadata
    )
    declared = {f"{c.table.name}.{c.column.name}": c.context for c in sealed_columns(metadata)}
    named = {
        f"{t.name}.{c.name}"
        for t in metadata.sorted_tables
        for c in t.columns
        if c.name.endswith("_enc")
    }
    assert named <= set(declared), f"not declared: {named - set(declared)}"
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "services" / SEALING[package] / "src").rglob("adapters/*.py")
        if path.name != "tables.py"
    )
    for column, context in declared.items():
        if isinstance(context, str):
            assert f'"{context}"' in source, f"{column}: no repository seals with {context!r}"


def test_membership_seals_corrections_of_exactly_the_fields_it_encrypts():
    from unionfed.membership.adapters.member_repository import CONTEXT
    from unionfed.membership.adapters.tables import SEALED_CORRECTIONS

    assert set(SEALED_CORRECTIONS) == set(CONTEXT)


ADMIN_XZ = token(Role.station_admin, stations=("XZ01",), subject="admin-xz")
OLD, NEW = generate_key_setting("k2026"), generate_key_setting("k2027")


def membership_with_keys(database_url: str, keys: str):
    from unionfed.membership.app import create_app
    from unionfed.membership.settings import Settings

    return create_app(Settings(database_url=database_url, pii_keys=keys), kafka=False)


async def test_reseal_moves_a_deployments_personal_data_to_the_new_key(tmp_path):
    # On SQLite only: the job itself runs on both databases in libs/common/tests/test_sealed.py.
    database_url = f"sqlite+aiosqlite:///{tmp_path}/membership.db"
    from membership_fixtures import FED_ADMIN, credit_code, member_body, resident_id, station, union

    from unionfed.membership.cli import MIGRATIONS

    await migrate_async(database_url, MIGRATIONS)
    app = membership_with_keys(database_url, OLD)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client,
    ):
        await station(client, "XZ01")
        xz = await union(client, "XZ01", credit_code(1))
        members = [
            (await client.post("/members", json=member_body(xz, n), headers=FED_ADMIN)).json()
            for n in (1, 2, 3)
        ]
        fixed = await client.patch(
            f"/members/{members[0]['id']}",
            json={"resident_id": resident_id(4), "mobile": "13900000004", "reason": "ID card"},
            headers=ADMIN_XZ,
        )
        assert fixed.status_code == 200, fixed.text

    env = os.environ | {
        "UNIONFED_MEMBERSHIP_DATABASE_URL": database_url,
        "UNIONFED_MEMBERSHIP_PII_KEYS": f"{OLD},{NEW}",
    }
    run = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "unionfed.membership.cli", "reseal"],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "reseal: sealing under key 'k2027'" in run.stdout
    assert "members.resident_id_enc" in run.stdout and "3 sealed again" in run.stdout
    assert resident_id(4) not in run.stdout + run.stderr

    app = membership_with_keys(database_url, NEW)  # the old key is gone
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        # Every token anywhere in the database, declared or not, names the new key.
        tokens = 0
        async with runtime.engine.connect() as conn:
            for table in runtime.tables.metadata.sorted_tables:
                for row in (await conn.execute(select(table))).all():
                    for column, value in row._mapping.items():
                        if isinstance(value, str) and FieldCipher.key_of(value) is not None:
                            assert FieldCipher.key_of(value) == "k2027", f"{table.name}.{column}"
                            tokens += 1
        assert tokens == 3 * 2 + 2 * 2  # three members' ID and mobile, two corrections' values
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://m"
        ) as client:
            seen = await client.get(
                f"/members/{members[0]['id']}?reveal=true&purpose=key rotation check",
                headers=ADMIN_XZ,
            )
    assert seen.status_code == 200, seen.text
    assert seen.json()["resident_id"] == resident_id(4) and seen.json()["mobile"] == "13900000004"


def test_a_token_under_a_lost_key_stops_reseal_with_exit_code_2_naming_its_row(tmp_path):
    from unionfed.common.db.migrations import migrate
    from unionfed.common.service import operations
    from unionfed.membership.cli import MIGRATIONS

    database_url = f"sqlite+aiosqlite:///{tmp_path}/membership.db"
    migrate(database_url, MIGRATIONS)
    app = membership_with_keys(database_url, OLD)
    runtime = app.state.runtime

    async def a_member_sealed_under_a_key_nobody_has() -> None:
        from membership_fixtures import FED_ADMIN, credit_code, member_body, station, union

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            await station(client, "XZ01")
            xz = await union(client, "XZ01", credit_code(1))
            await client.post("/members", json=member_body(xz, 1), headers=FED_ADMIN)
        stray = FieldCipher.from_setting(generate_key_setting("lost"))
        members = runtime.tables.members
        async with runtime.engine.begin() as conn:
            member_id = (await conn.execute(select(members.c.id))).scalar_one()
            lost = stray.encrypt("13800000001", context="member.mobile")
            await conn.execute(members.update().values(mobile_enc=lost))
        await runtime.engine.dispose()
        return member_id

    member_id = asyncio.run(a_member_sealed_under_a_key_nobody_has())
    said: list[str] = []
    assert operations.reseal_personal_data(runtime, out=said.append) == 2
    assert said[-1] == f"reseal stopped: members.mobile_enc (id={member_id}): unknown_key"
