"""The console script every service has: ``serve`` (migrate, then run) and ``migrate``, plus
any command of the service's own (``commands``: run after the migrations, with the settings)."""

from __future__ import annotations

import argparse
import sys
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
    listing = commands.add_parser(
        "dead-letters", help="list what waits on this service's dead-letter topics, and why"
    )
    listing.add_argument("--consumer", help="one consumer (subscription) only")
    again = commands.add_parser(
        "redrive",
        help="send every waiting dead letter back through its consumer once (exit 1 if one "
        "fails again); safe while the service runs",
    )
    again.add_argument("--consumer", help="one consumer (subscription) only")
    again.add_argument(
        "--discard", action="append", default=[], metavar="REF_OR_EVENT_ID",
        help="take this record off the topic without applying it (repeatable)",
    )  # fmt: skip
    commands.add_parser(
        "reseal",
        help="seal the personal data at rest again under the current (last) key of PII_KEYS, "
        "after a rotation; safe while the service runs",
    )
    for name, (help_text, _) in own.items():
        commands.add_parser(name, help=help_text, description=help_text)
    args = parser.parse_args(argv)

    settings = settings_factory()
    # A command's own output (a rebuild's progress, a list of dead letters) goes to stdout;
    # its logs then go to stderr, so that the two do not mix.
    logs_to = sys.stdout if args.command == "serve" else sys.stderr
    configure_logging(settings.service_name, settings.log_level, stream=logs_to)
    if args.command != "serve" or not args.no_migrate:
        upgrade(settings, migrations)
    if args.command in own:
        return own[args.command][1](settings)
    if args.command in ("dead-letters", "redrive", "reseal"):
        from unionfed.common.service import operations

        runtime = app_factory(settings).state.runtime
        if args.command == "dead-letters":
            return operations.list_dead_letters(runtime, args.consumer)
        if args.command == "redrive":
            return operations.redrive_dead_letters(runtime, args.consumer, args.discard)
        return operations.reseal_personal_data(runtime)
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
