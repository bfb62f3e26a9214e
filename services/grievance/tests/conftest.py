"""Fixtures of the grievance tests (helpers live in grievance_fixtures.py)."""

import pytest
from grievance_fixtures import deployment


@pytest.fixture
async def grievance(database_url):
    """One county-wide grievance deployment, without Kafka."""
    async with deployment(database_url) as client:
        yield client
