"""Fixtures of the aid tests (helpers live in aid_fixtures.py)."""

import pytest
from aid_fixtures import deployment


@pytest.fixture
async def aid(database_url):
    """The federation's aid deployment, without Kafka, on 2 November 2026."""
    async with deployment(database_url) as client:
        yield client
