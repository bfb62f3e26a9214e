"""``unionfed-federation serve|migrate|rebuild``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from unionfed.common.observability.logs import configure_logging
from unionfed.common.service.cli import run_cli, upgrade
from unionfed.federation.app import create_app
from unionfed.federation.settings import Settings

MIGRATIONS = "unionfed.federation:migrations"


def main(argv: Sequence[str] | None = None) -> int:
    words = list(argv) if argv is not None else sys.argv[1:]
    if words[:1] == ["rebuild"]:
        return rebuild_command(words[1:])
    return run_cli(
        settings_factory=Settings, app_factory=create_app, migrations=MIGRATIONS, argv=argv
    )


def rebuild_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="unionfed-federation rebuild",
        description="Rebuild every read model from the beginning of the topics. Stop the "
        "service first: the tables are replaced in one transaction and the consumer group is "
        "moved to where the rebuild stopped reading.",
    )
    parser.parse_args(argv)
    from unionfed.federation.service.rebuild import rebuild

    settings = Settings()
    configure_logging(settings.service_name, settings.log_level)
    upgrade(settings, MIGRATIONS)
    asyncio.run(rebuild(settings, progress=lambda line: print(line, flush=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
