"""``unionfed-aid serve|migrate``."""

from collections.abc import Sequence

from unionfed.aid.app import create_app
from unionfed.aid.settings import Settings
from unionfed.common.service.cli import run_cli

MIGRATIONS = "unionfed.aid:migrations"


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(
        settings_factory=Settings, app_factory=create_app, migrations=MIGRATIONS, argv=argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
