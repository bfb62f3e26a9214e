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
import tempfile
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
async def served(
    app, port: int | None = None, *, tls: tuple[str, str] | None = None
) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on ``port`` (default: a free one), lifespan included; yields
    its base URL and stops it on exit. ``tls`` (certificate file, key file) serves HTTPS."""
    port = port or free_port()
    certfile, keyfile = tls or (None, None)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, lifespan="on",
        ssl_certfile=certfile, ssl_keyfile=keyfile,
    )  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # it failed to start: say why
        await asyncio.sleep(0.02)
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def service_process(
    module: str, env_prefix: str, settings: Mapping[str, object]
) -> AsyncIterator[httpx.AsyncClient]:
    """``python -m <module> serve`` with ``settings`` as ``<env_prefix><NAME>`` variables, on a
    free port; yields a client of it, ready (``/readyz``), with ``client.process`` to kill.

    A process that exits before it is ready is started again on another port, twice at most:
    a free port can be taken by another program's connection before the service binds it. The
    third exit fails the test with the end of the service's output."""
    env = os.environ | {f"{env_prefix}{k.upper()}": str(v) for k, v in settings.items()}
    for attempt in range(3):
        port = free_port()
        output = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the process)
        process = subprocess.Popen(  # noqa: ASYNC220, S603 (our own service)
            [sys.executable, "-m", module, "serve"],
            env=env | {f"{env_prefix}HTTP_PORT": str(port)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5)
        try:
            if await _ready_or_exited(client, process):
                client.process = process
                yield client
                return
            if attempt == 2:
                output.seek(0)
                tail = output.read().decode(errors="replace")[-3000:]
                raise AssertionError(f"{module} exited ({process.returncode}):\n{tail}")
        finally:
            await client.aclose()
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
            output.close()


async def _ready_or_exited(client: httpx.AsyncClient, process: subprocess.Popen) -> bool:
    async def settled() -> str:
        with contextlib.suppress(httpx.TransportError):
            if (await client.get("/readyz")).status_code == 200:
                return "ready"
        return "exited" if process.poll() is not None else ""

    return await until(settled, timeout=60) == "ready"
