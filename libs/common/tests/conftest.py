"""Fixtures for the event-backbone tests: a miniature service on a fresh database."""

from __future__ import annotations

import pytest

from unionfed.common.events.contracts import default_registry
from unionfed.common.testing.backbone import make_backbone


@pytest.fixture
async def backbone(database_url, unique):
    bb = make_backbone(database_url, f"dep-{unique}")
    async with bb.engine.begin() as conn:
        await conn.run_sync(bb.metadata.create_all)
    yield bb
    await bb.wakeup.close()
    await bb.engine.dispose()


@pytest.fixture
def registry():
    return default_registry()
