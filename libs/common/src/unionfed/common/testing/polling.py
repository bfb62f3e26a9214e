"""``until``: wait for something that happens in the background (a relay, a consumer, a job)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["until"]


async def until(
    condition: Callable[[], Awaitable[Any]], timeout: float = 30.0, every: float = 0.2
) -> Any:
    """Await ``condition()`` every ``every`` seconds until it is truthy and return that value;
    after ``timeout`` seconds fail the test, showing the last value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last = None
    while loop.time() < deadline:
        last = await condition()
        if last:
            return last
        await asyncio.sleep(every)
    raise AssertionError(f"not reached in time (last: {last!r})")
