"""Finds the machine-local infrastructure scripts in ``deploy/`` and asks whether Docker runs.

``deploy/kafka/localkafka.py`` and ``deploy/postgres/localpg.py`` are standard-library scripts
outside any package (so they run with a bare ``python3``); the test harness, the demo and the
benchmark import them by path through :func:`load_deploy_script`.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

ENV_ROOT = "UNIONFED_ROOT"


def repository_root(marker: str) -> Path:
    """The folder holding ``marker`` (a path relative to the repository root)."""
    root = os.environ.get(ENV_ROOT)
    if root:
        if (Path(root) / marker).is_file():
            return Path(root)
        raise RuntimeError(f"{ENV_ROOT}={root} does not contain {marker}")
    here = Path(__file__).resolve()
    cwd = Path.cwd().resolve()
    # Installed non-editable, this file's parents miss the repository: try the working dir too.
    for base in (*here.parents, cwd, *cwd.parents):
        if (base / marker).is_file():
            return base
    raise RuntimeError(f"cannot find {marker}; set {ENV_ROOT} to the repository root")


@functools.cache
def load_deploy_script(relative_path: str) -> ModuleType:
    """Import e.g. ``deploy/kafka/localkafka.py`` by path, once per process."""
    path = repository_root(relative_path) / relative_path
    name = "unionfed_deploy_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses look their module up in sys.modules.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def localkafka() -> ModuleType:
    return load_deploy_script("deploy/kafka/localkafka.py")


def localpg() -> ModuleType:
    return load_deploy_script("deploy/postgres/localpg.py")


def docker_available() -> bool:
    """Cheap check that a Docker engine answers; any failure means no Docker."""
    if not os.environ.get("DOCKER_HOST") and not Path("/var/run/docker.sock").exists():
        # No engine to ask; the SDK would fail anyway, and leak its unix socket when it does.
        return False
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False
