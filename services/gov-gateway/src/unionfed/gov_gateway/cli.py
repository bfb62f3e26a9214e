"""``unionfed-gov-gateway serve|migrate``."""

from collections.abc import Sequence

from unionfed.common.service.cli import run_cli
from unionfed.gov_gateway.app import create_app
from unionfed.gov_gateway.settings import Settings

MIGRATIONS = "unionfed.gov_gateway:migrations"


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(
        settings_factory=Settings, app_factory=create_app, migrations=MIGRATIONS, argv=argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
