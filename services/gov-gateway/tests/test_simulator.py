"""The simulator as the demo starts it: ``python deploy/gov-sim/app.py --port N``, a process
of its own with the development keys the gateway uses by default."""

from __future__ import annotations

import httpx
from gov_gateway_fixtures import default_keys_client, load_simulator, simulator_script

from unionfed.gov_gateway.settings import Settings


async def test_the_simulator_runs_as_a_script_with_the_gateways_default_keys():
    defaults = Settings()
    async with simulator_script("--seed", "3") as port:
        client = default_keys_client(f"http://127.0.0.1:{port}")
        try:
            person = list(load_simulator().people.fixed_people())[2]
            answer = await client.post("/mca/v1/assistance/status", {"id_number": person})
        finally:
            await client.aclose()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as admin:
            config = (await admin.get("/_sim/stats")).json()["config"]
    assert answer == {
        "minimum_living_guarantee": True, "extreme_poverty": True,
        "temporary_assistance_last_12_months": True,
    }  # fmt: skip
    assert config["callback_url"] == f"http://127.0.0.1:{defaults.http_port}"
    assert defaults.government_url == "http://127.0.0.1:8199"
