"""Every service starts, migrates and reports health the same way, on a real broker and DB."""

from __future__ import annotations

import asyncio
import importlib

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from unionfed.common.db.migrations import migrate_async
from unionfed.common.personal_data import generate_key_setting

SERVICES = ["membership", "grievance", "aid", "model_worker", "gov_gateway", "federation"]


def service_modules(name: str):
    return (
        importlib.import_module(f"unionfed.{name}.settings"),
        importlib.import_module(f"unionfed.{name}.app"),
        importlib.import_module(f"unionfed.{name}.cli"),
        importlib.import_module(f"unionfed.{name}.adapters.tables"),
    )


@pytest.mark.parametrize("service", SERVICES)
async def test_service_migrates_starts_and_reports_health(
    service, database_url, kafka_bootstrap, unique
):
    settings_mod, app_mod, cli_mod, _ = service_modules(service)
    settings = settings_mod.Settings(
        **real_secrets(settings_mod.Settings),
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        deployment_id=f"test-{unique}",
        environment="test",
        auth={"audience": "unionfed", "jwks_url": "http://127.0.0.1:9/jwks.json"},
    )
    await migrate_async(database_url, cli_mod.MIGRATIONS)
    app = app_mod.create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            health = await client.get("/healthz")
            ready = await client.get("/readyz")
            metrics = await client.get("/metrics")
            anonymous = await client.get("/docs")
    assert health.json() == {
        "status": "ok",
        "service": settings.service_name,
        "deployment": f"test-{unique}",
    }
    assert ready.status_code == 200, ready.text
    checks = ready.json()["checks"]
    assert {"database", "outbox-relay", "housekeeping"} <= set(checks)
    assert set(checks.values()) == {"ok"}
    assert "unionfed_outbox_backlog" in metrics.text
    assert anonymous.status_code == 200
    assert health.headers["x-correlation-id"]


def real_secrets(settings_class) -> dict:
    """Outside development the services refuse their dev-only secrets: give them real ones."""
    secrets = {"pii_keys": generate_key_setting(), "person_key_secret": "x" * 48}
    secrets |= {"government_secret": "g" * 48, "callback_secret": "c" * 48}  # the gov gateway
    return {k: v for k, v in secrets.items() if k in settings_class.model_fields}


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_match_the_tables_the_code_uses(service, database_url):
    _, _, cli_mod, tables_mod = service_modules(service)
    await migrate_async(database_url, cli_mod.MIGRATIONS)
    engine = create_async_engine(database_url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync), tables_mod.build_tables().metadata
            )
        )
    await engine.dispose()
    assert diff == []


@pytest.mark.parametrize("service", SERVICES)
def test_settings_refuse_development_secrets_outside_development(service):
    settings_mod, *_ = service_modules(service)
    with pytest.raises(ValueError, match=r"auth\.shared_secret"):
        settings_mod.Settings(environment="production")
    assert settings_mod.Settings(environment="development").environment == "development"


async def test_a_stopping_service_publishes_what_it_committed(
    database_url, kafka_bootstrap, unique
):
    # The shared runtime alone (the aid service's tables and settings, none of its consumers):
    # what is measured is the relay's drain, not how long a consumer takes to leave its group.
    from unionfed.aid.adapters.tables import build_tables
    from unionfed.aid.settings import Settings
    from unionfed.common.events.contracts import default_registry
    from unionfed.common.service.runtime import ServiceRuntime
    from unionfed.common.testing.backbone import member_joined, read_from_source

    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        deployment_id=f"drain-{unique}",
    )
    await migrate_async(database_url, "unionfed.aid:migrations")
    runtime = ServiceRuntime(settings=settings, tables=build_tables(), registry=default_registry())
    await runtime.start()
    async with runtime.uow() as uow:
        ids = [uow.publish(member_joined(n), subject=f"m-{n}") for n in range(20)]
        await uow.commit()
    await runtime.stop()  # at once: the relay has not had its turn yet
    records = await read_from_source(kafka_bootstrap, runtime.outbox.source, expected=20)
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted(ids)


async def test_a_stopping_service_lets_its_consumer_finish_the_batch_in_hand(
    database_url, kafka_bootstrap, unique
):
    """Stopped while a consumer is inside a handler: the batch is applied and committed (the
    inbox has it), not cut off half-way; cancelling it there could leave SQLite's write lock
    to hold the next writer for the whole busy timeout."""
    from sqlalchemy import select

    from unionfed.aid.adapters.tables import build_tables
    from unionfed.aid.settings import Settings
    from unionfed.common.events.contracts import default_registry
    from unionfed.common.kafka import ensure_topics
    from unionfed.common.service.runtime import ServiceRuntime, Subscription
    from unionfed.common.testing.backbone import member_joined
    from unionfed.common.testing.topics import send

    ours = member_joined(0).model_copy(update={"member_id": f"m-stop-{unique}"})  # only ours
    await ensure_topics(kafka_bootstrap, ["membership"])
    await send(kafka_bootstrap, ours, subject=ours.member_id, station=None)
    inside, handled = asyncio.Event(), []

    async def slow_for_ours(envelope, uow):
        if envelope.data.member_id == ours.member_id:
            handled.append(envelope.id)
            inside.set()
            await asyncio.sleep(0.5)  # still in the transaction when stop() is called

    await migrate_async(database_url, "unionfed.aid:migrations")
    tables = build_tables()
    runtime = ServiceRuntime(
        settings=Settings(
            database_url=database_url,
            kafka_bootstrap_servers=kafka_bootstrap,
            deployment_id=f"stop-{unique}",
        ),
        tables=tables,
        registry=default_registry(),
        subscriptions=[
            Subscription("slow", ["membership"], {ours.event_type: slow_for_ours}),
        ],
    )
    await runtime.start()
    await asyncio.wait_for(inside.wait(), 60)
    await runtime.stop()
    engine = create_async_engine(database_url)
    async with engine.connect() as conn:
        applied = (await conn.execute(select(tables.inbox.c.event_id))).scalars().all()
    await engine.dispose()
    assert handled and handled[0] in applied
