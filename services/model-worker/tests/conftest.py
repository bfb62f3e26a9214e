"""Fixtures of the model-worker tests (helpers live in model_worker_fixtures.py)."""

from datetime import date

import pytest
from model_worker_fixtures import Clock, deployment


@pytest.fixture
async def office(database_url):
    """The county's model-worker office, without Kafka, on 1 March 2026."""
    async with deployment(database_url, clock=Clock(date(2026, 3, 1))) as client:
        yield client
