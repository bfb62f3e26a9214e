"""Fixtures of the membership tests (helpers live in membership_fixtures.py)."""

import pytest
from membership_fixtures import deployment


@pytest.fixture
async def membership(database_url):
    """A single county-wide deployment (serves every station), without Kafka."""
    async with deployment(database_url, name="county") as client:
        yield client
