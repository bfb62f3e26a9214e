"""Fixtures of the gateway tests (helpers live in gov_gateway_fixtures.py)."""

import pytest
from gov_gateway_fixtures import gateway, simulator


@pytest.fixture
async def sim():
    """The real government simulator, served on a free port, fresh for each test."""
    async with simulator() as admin:
        yield admin


@pytest.fixture
async def gw(database_url, sim):
    """A gateway (no Kafka) talking to ``sim``; a short circuit-breaker cool-down."""
    async with gateway(database_url, sim.url, breaker_cooldown_seconds=0.5) as client:
        yield client
