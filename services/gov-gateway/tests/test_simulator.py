"""The simulator as the demo starts it: ``python deploy/gov-sim/app.py --port N``, a process
of its own with the development keys the gateway uses by default."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
from gov_gateway_fixtures import SIM_PATH, free_port, load_simulator

from unionfed.gov_gateway.adapters.government import ClientPolicy, GovernmentClient
from unionfed.gov_gateway.settings import Settings


async def test_the_simulator_runs_as_a_script_with_the_gateways_default_keys():
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SIM_PATH), "--port", str(port), "--seed", "3",
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    defaults = Settings()
    client = GovernmentClient(
        base_url=f"http://127.0.0.1:{port}",
        key_id=defaults.government_key_id,
        secret=defaults.government_secret.get_secret_value().encode(),
        policy=ClientPolicy(),
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as admin:
            for _ in range(100):
                try:
                    if (await admin.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            person = list(load_simulator().people.fixed_people())[2]
            answer = await client.post("/mca/v1/assistance/status", {"id_number": person})
            assert answer == {
                "minimum_living_guarantee": True, "extreme_poverty": True,
                "temporary_assistance_last_12_months": True,
            }  # fmt: skip
            config = (await admin.get("/_sim/stats")).json()["config"]
            assert config["callback_url"] == f"http://127.0.0.1:{defaults.http_port}"
            assert defaults.government_url == "http://127.0.0.1:8199"
    finally:
        await client.aclose()
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)
