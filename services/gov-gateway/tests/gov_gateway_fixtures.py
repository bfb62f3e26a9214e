"""Test helpers for the gateway: the real simulator and the gateway served by uvicorn on free
ports in this process, tokens, request bodies, signed requests."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from unionfed.common.auth import Role
from unionfed.common.db.migrations import migrate_async
from unionfed.common.personal_data import PersonKeyer
from unionfed.common.testing.people import resident_id
from unionfed.common.testing.polling import until
from unionfed.common.testing.serving import free_port, served
from unionfed.common.testing.tls import LoopbackTLS
from unionfed.common.testing.tokens import token
from unionfed.gov_gateway import signing
from unionfed.gov_gateway.adapters.government import ClientPolicy, GovernmentClient
from unionfed.gov_gateway.app import create_app
from unionfed.gov_gateway.cli import MIGRATIONS
from unionfed.gov_gateway.settings import DEV_PERSON_KEY_SECRET, Settings

SIM_PATH = Path(__file__).resolve().parents[3] / "deploy" / "gov-sim" / "app.py"


STAFF_XZ = token(Role.station_staff, stations=("XZ01",), subject="staff-xz")
STAFF_JD = token(Role.station_staff, stations=("JD02",), subject="staff-jd")
ADMIN_XZ = token(Role.station_admin, stations=("XZ01",), subject="admin-xz")
FED_ADMIN = token(Role.federation_admin, subject="fed-admin")


def person_key(id_number: str) -> str:
    return PersonKeyer.from_setting(DEV_PERSON_KEY_SECRET).person_key(id_number)


def consent(**extra) -> dict:
    return {
        "consent_id": f"c-{uuid.uuid4().hex[:10]}",
        "given_by": "worker",
        "given_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "purpose": "aid_eligibility",
        "valid_until": (date.today() + timedelta(days=90)).isoformat(),
        "scopes": ["social_insurance", "civil_affairs"],
        "recorded_by": "staff-xz",
    } | extra


def check_body(kind: str = "social_insurance", id_number: str | None = None, **extra) -> dict:
    number = id_number or resident_id()
    return {
        "kind": kind,
        "id_number": number,
        "name": "困难职工甲",
        "person_key": person_key(number),
        "purpose": "aid_eligibility",
        "case": {
            "service": "aid",
            "reference": f"hf-{uuid.uuid4().hex[:8]}",
            "station_code": "XZ01",
        },
        "consent": consent(),
    } | extra


def load_simulator():
    if "gov_sim_app" not in sys.modules:
        spec = importlib.util.spec_from_file_location("gov_sim_app", SIM_PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules["gov_sim_app"] = module
        spec.loader.exec_module(module)
    return sys.modules["gov_sim_app"]


@contextlib.asynccontextmanager
async def simulator(*, tls: LoopbackTLS | None = None, **config):
    """The real simulator on a free port (over HTTPS with ``tls``); ``sim.admin`` is a client
    of it, ``sim.state`` its in-memory state."""
    module = load_simulator()
    config.setdefault("advance_seconds", 0)
    app = module.create_app(module.SimConfig(**config))
    server_tls = tls.server if tls else None
    verify = tls.client_context() if tls else True
    async with (
        served(app, free_port(), tls=server_tls) as url,
        httpx.AsyncClient(base_url=url, verify=verify) as admin,
    ):
        admin.url, admin.state = url, app.state.sim
        yield admin


@contextlib.asynccontextmanager
async def simulator_script(*args: str):
    """``python deploy/gov-sim/app.py --port N *args``, a process as the demo starts it; yields
    its port once it accepts connections."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SIM_PATH), "--port", str(port), *args,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    async def listening() -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return False
        writer.close()
        return True

    try:
        await until(listening, timeout=30, every=0.1)
        yield port
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)


def default_keys_client(base_url: str, **options) -> GovernmentClient:
    """A government client with the gateway's development keys (what the simulator expects)."""
    defaults = Settings()
    return GovernmentClient(
        base_url=base_url,
        key_id=defaults.government_key_id,
        secret=defaults.government_secret.get_secret_value().encode(),
        policy=options.pop("policy", ClientPolicy()),
        **options,
    )


async def stats(sim) -> dict:
    return (await sim.get("/_sim/stats")).json()


def gateway_settings(database_url: str, government_url: str, **settings) -> Settings:
    return Settings(
        database_url=database_url,
        government_url=government_url,
        deployment_id=settings.pop("name", "county"),
        kafka_bootstrap_servers=settings.pop("kafka", None) or "unused:9092",
        retry_base_seconds=0.01,
        retry_max_seconds=0.05,
        **settings,
    )


@contextlib.asynccontextmanager
async def gateway(
    database_url: str, government_url: str, *, kafka: str | None = None, port=None, **settings
):
    """A gateway deployment: over ASGI in-process, or served on ``port`` (for callbacks)."""
    await migrate_async(database_url, MIGRATIONS)
    config = gateway_settings(database_url, government_url, kafka=kafka, **settings)
    app = create_app(config, kafka=kafka is not None)
    if port is None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                client.runtime = app.state.runtime
                yield client
        return
    async with served(app, port) as url, httpx.AsyncClient(base_url=url) as client:
        client.runtime = app.state.runtime
        yield client


def signed(key_id: str, secret: str, method: str, path: str, body: dict | None = None, **kw):
    """(headers, content) of a request signed as a partner or the bureau would sign it."""
    content = b"" if body is None else json.dumps(body).encode()
    headers = signing.sign(
        key_id=key_id, secret=secret.encode(), method=method, target=path, body=content, **kw
    )
    return headers | {"Content-Type": "application/json"}, content
