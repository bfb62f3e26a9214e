"""``unionfed-contracts``: generate and check the checked-in event contracts (契约) folder.

Usage::

    unionfed-contracts generate [--root PATH]   write contracts/ from the registered contracts
    unionfed-contracts check [--root PATH]      fail when contracts/ is stale or a change breaks

The root defaults to the repository root above the current directory.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from unionfed.common.events.catalogue import check, generate
from unionfed.common.events.contracts import default_registry
from unionfed.common.events.registry import EventRegistry


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``contracts/`` or the uv workspace."""
    for folder in (start, *start.parents):
        # The Python package events/contracts/ is also called contracts: require generated content.
        contracts = folder / "contracts"
        if (contracts / "asyncapi.yaml").is_file() or (contracts / "schemas").is_dir():
            return folder
        if _is_workspace(folder / "pyproject.toml"):
            return folder
    raise FileNotFoundError(f"no repository root (contracts/ or uv workspace) above {start}")


def _is_workspace(pyproject: Path) -> bool:
    if not pyproject.is_file():
        return False
    with pyproject.open("rb") as handle:
        return "workspace" in tomllib.load(handle).get("tool", {}).get("uv", {})


def main(argv: Sequence[str] | None = None, registry: EventRegistry | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="unionfed-contracts", description="Generate and check the contracts/ folder."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "write JSON Schemas, schema history and the AsyncAPI document"),
        ("check", "exit 1 when contracts/ is stale, a change breaks, or personal data leaks"),
    ):
        commands.add_parser(name, help=help_text).add_argument(
            "--root", type=Path, help="repository root (default: found from the current folder)"
        )
    args = parser.parse_args(argv)
    root = (args.root or find_root(Path.cwd())).resolve()
    registry = registry if registry is not None else default_registry()
    outcome = (generate if args.command == "generate" else check)(root, registry)
    if not outcome.ok:
        count = len(outcome.problems)
        print(f"contracts {args.command} failed with {count} problem(s):", file=sys.stderr)
        for problem in outcome.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    for change in outcome.changed:
        print(change)
    count, topics = len(list(registry)), len(registry.topics())
    print(f"contracts {args.command}: {count} event type(s) on {topics} topic(s) are in order")
    return 0
