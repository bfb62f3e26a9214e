"""``service_process``, which the kill tests start services with: it says why one never came up."""

from __future__ import annotations

import pytest

from unionfed.common.testing.serving import service_process


async def test_a_service_that_cannot_start_fails_with_its_own_words():
    with pytest.raises(AssertionError) as failed:
        async with service_process("unionfed.no_such_service", "UNIONFED_NONE_", {}):
            pytest.fail("a module that does not exist served")
    assert "unionfed.no_such_service exited (1)" in str(failed.value)
    assert "No module named unionfed.no_such_service" in str(failed.value)
