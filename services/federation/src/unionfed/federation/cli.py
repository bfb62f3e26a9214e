"""``unionfed-federation serve|migrate|rebuild``."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from unionfed.common.service.cli import run_cli
from unionfed.federation.app import create_app
from unionfed.federation.settings import Settings

MIGRATIONS = "unionfed.federation:migrations"
REBUILD_HELP = (
    "rebuild every read model from the beginning of the topics; stop the service first: the "
    "tables are replaced in one transaction and the consumer group is moved to where the "
    "rebuild stopped reading"
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(
        settings_factory=Settings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        argv=argv,
        commands_of_service={"rebuild": (REBUILD_HELP, rebuild_command)},
    )


def rebuild_command(settings: Settings) -> int:
    from unionfed.federation.service.rebuild import rebuild

    asyncio.run(rebuild(settings, progress=lambda line: print(line, flush=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
