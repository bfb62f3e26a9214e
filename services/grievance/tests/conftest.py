"""Fixtures of the grievance tests (helpers live in grievance_fixtures.py)."""

import pytest
from grievance_fixtures import deployment


@pytest.fixture
async def grievance(database_url, tmp_path):
    """One county-wide grievance deployment, without Kafka."""
    async with deployment(
        database_url, evidence_dir=str(tmp_path / "evidence"), evidence_max_bytes=64 * 1024
    ) as client:
        yield client
