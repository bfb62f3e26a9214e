"""``unionfed-federation serve|migrate``."""

from collections.abc import Sequence

from unionfed.common.service.cli import run_cli
from unionfed.federation.app import create_app
from unionfed.federation.settings import Settings

MIGRATIONS = "unionfed.federation:migrations"


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(
        settings_factory=Settings, app_factory=create_app, migrations=MIGRATIONS, argv=argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
