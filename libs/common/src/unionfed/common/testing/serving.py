"""Serving for tests that need a real port: an ASGI app under uvicorn in this event loop (a
partner service, a simulator, a page for the browser), or a service as its own process, as a
deployment runs it (for tests that kill it)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping

import httpx
import uvicorn

from unionfed.common.testing.polling import until

__all__ = ["free_port", "served", "service_process"]


def free_port() -> int:
    """A loopback port free now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.asynccontextmanager
async def served(app, port: int | None = None) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on ``port`` (default: a free one), lifespan included; yields
    its base URL and stops it on exit."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # it failed to start: say why
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def service_process(
    module: str, env_prefix: str, settings: Mapping[str, object]
) -> AsyncIterator[httpx.AsyncClient]:
    """``python -m <module> serve`` with ``settings`` as ``<env_prefix><NAME>`` variables, on a
    free port; yields a client of it, ready (``/readyz``), with ``client.process`` to kill."""
    port = free_port()
    env = os.environ | {f"{env_prefix}{k.upper()}": str(v) for k, v in settings.items()}
    env[f"{env_prefix}HTTP_PORT"] = str(port)
    process = subprocess.Popen(  # noqa: ASYNC220, S603 (our own service, started once)
        [sys.executable, "-m", module, "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:

            async def ready() -> bool:
                with contextlib.suppress(httpx.TransportError):
                    return (await client.get("/readyz")).status_code == 200
                return False

            await until(ready, timeout=60)
            client.process = process
            yield client
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
