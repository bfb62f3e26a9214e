"""HTTPS to the government: the gateway trusts the bureaus' certificates only through the CA
bundle it is configured with (``GOVERNMENT_CA_FILE``), and a certificate it cannot verify means
no request is sent, so no ID number leaves."""

from __future__ import annotations

import logging

import pytest
from gov_gateway_fixtures import (
    FED_ADMIN,
    STAFF_XZ,
    check_body,
    default_keys_client,
    gateway,
    simulator,
    simulator_script,
)

from unionfed.common.testing.tls import loopback_tls
from unionfed.gov_gateway.adapters.government import ClientPolicy, GovernmentUnavailable


@pytest.fixture
def tls(tmp_path):
    return loopback_tls(tmp_path / "tls")


async def test_a_check_goes_over_https_to_a_government_the_ca_bundle_vouches_for(database_url, tls):
    async with (
        simulator(tls=tls) as sim,
        gateway(database_url, sim.url, government_ca_file=tls.ca_file) as gw,
    ):
        assert sim.url.startswith("https://")
        answered = await gw.post("/checks", json=check_body(), headers=STAFF_XZ)
        assert answered.status_code == 200, answered.text
        assert (await sim.get("/_sim/stats")).json()["queries"] == {"social_insurance": 1}


async def test_a_certificate_the_gateway_cannot_verify_sends_nothing(database_url, tls, caplog):
    async with (
        simulator(tls=tls) as sim,
        gateway(database_url, sim.url, retry_attempts=1) as gw,  # system CAs only
    ):
        with caplog.at_level(logging.WARNING, "unionfed.gov_gateway"):
            refused = await gw.post("/checks", json=check_body(), headers=STAFF_XZ)
        assert refused.status_code == 503 and "unavailable" in refused.json()["detail"]
        assert (await sim.get("/_sim/stats")).json()["queries"] == {}  # the handshake failed
        assert "CERTIFICATE_VERIFY_FAILED" in caplog.text  # what the operator reads
        entry = (await gw.get("/audit", headers=FED_ADMIN)).json()["items"][0]
        assert entry["outcome"] == "unavailable"


async def test_the_simulator_script_serves_https_with_a_certificate(tls):
    tls_args = ("--tls-cert", tls.cert_file, "--tls-key", tls.key_file)
    async with simulator_script(*tls_args) as port:
        trusting = default_keys_client(
            f"https://127.0.0.1:{port}", policy=ClientPolicy(attempts=1), verify=tls.ca_file
        )
        plain = default_keys_client(f"http://127.0.0.1:{port}", policy=ClientPolicy(attempts=1))
        try:
            answer = await trusting.post("/hrss/v1/social-insurance/status", check_person())
            with pytest.raises(GovernmentUnavailable):  # plain HTTP to a TLS port gets nowhere
                await plain.post("/hrss/v1/social-insurance/status", check_person())
        finally:
            await trusting.aclose()
            await plain.aclose()
    assert set(answer) >= {"status", "months_paid_last_12"}


def check_person() -> dict:
    return {"id_number": check_body()["id_number"]}
