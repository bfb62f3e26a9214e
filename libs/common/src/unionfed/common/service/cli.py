"""The console script every service has: ``serve`` (migrate, then run) and ``migrate``, plus
any command of the service's own (``commands``: run after the migrations, with the settings)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from unionfed.common.db.migrations import migrate
from unionfed.common.observability.logs import configure_logging
from unionfed.common.settings import ServiceSettings


def run_cli(
    *,
    settings_factory: Callable[[], ServiceSettings],
    app_factory: Callable[[ServiceSettings], FastAPI],
    migrations: str,
    argv: Sequence[str] | None = None,
    commands_of_service: Mapping[str, tuple[str, Callable[[ServiceSettings], int]]] | None = None,
) -> int:
    """``commands_of_service``: name → (help, run(settings) → exit code)."""
    own = dict(commands_of_service or {})
    parser = argparse.ArgumentParser(description="Run or migrate this service.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="apply migrations, then serve HTTP, relay, consumers")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--no-migrate", action="store_true", help="skip the migrations")
    commands.add_parser("migrate", help="upgrade the database to the latest migration")
    for name, (help_text, _) in own.items():
        commands.add_parser(name, help=help_text, description=help_text)
    args = parser.parse_args(argv)

    settings = settings_factory()
    configure_logging(settings.service_name, settings.log_level)
    if args.command != "serve" or not args.no_migrate:
        upgrade(settings, migrations)
    if args.command in own:
        return own[args.command][1](settings)
    if args.command == "serve":
        import uvicorn

        uvicorn.run(
            app_factory(settings),
            host=args.host or settings.http_host,
            port=args.port or settings.http_port,
            log_config=None,  # our JSON logging, already configured
            access_log=False,
        )
    return 0


def upgrade(settings: ServiceSettings, migrations: str) -> None:
    url = settings.resolved_database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    migrate(url, migrations)
