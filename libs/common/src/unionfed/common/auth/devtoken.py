"""``unionfed-dev-token``: print an HS256 access token for local development and manual tests.

Example: ``unionfed-dev-token --sub clerk-1 --role station_staff --station ST01 --ttl 30m``.
Services accept it only when their auth settings carry the same shared secret.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from datetime import timedelta

from unionfed.common.auth.principal import Role
from unionfed.common.auth.tokens import DEFAULT_ISSUER, DEV_SIGNING_SECRET, issue_dev_token

ENV_VARIABLE = "UNIONFED_DEV_JWT_SECRET"
_TTL = re.compile(r"^(?P<amount>[1-9][0-9]*)(?P<unit>[smhd]?)$")
_UNITS = {"s": "seconds", "": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_ttl(text: str) -> timedelta:
    """``"8h"``, ``"30m"``, ``"45s"``, ``"2d"`` or plain seconds as a timedelta."""
    match = _TTL.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"ttl {text!r} must look like 8h, 30m, 45s or 2d")
    return timedelta(**{_UNITS[match["unit"]]: int(match["amount"])})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unionfed-dev-token", description=__doc__.splitlines()[0])
    parser.add_argument("--sub", required=True, help="subject: the user's id")
    parser.add_argument("--name", help="display name")
    parser.add_argument(
        "--role",
        action="append",
        choices=[role.value for role in Role],
        help="role to grant; repeat for several (default: station_staff)",
    )
    parser.add_argument(
        "--station", action="append", default=[], help="station code; repeat for several"
    )
    parser.add_argument("--ttl", type=parse_ttl, default=timedelta(hours=8), help="e.g. 8h, 30m")
    parser.add_argument("--audience", default="unionfed")
    parser.add_argument("--issuer", default=DEFAULT_ISSUER)
    parser.add_argument(
        "--secret",
        default=None,
        help=f"HS256 secret (default: ${ENV_VARIABLE}, else the published development secret)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, print one token to stdout and return the exit status."""
    args = _parser().parse_args(argv)
    # Read the environment here, not at import, so that tests and shells can change it.
    secret = args.secret or os.environ.get(ENV_VARIABLE) or DEV_SIGNING_SECRET
    token = issue_dev_token(
        secret=secret,
        issuer=args.issuer,
        audience=args.audience,
        subject=args.sub,
        roles=args.role or [Role.station_staff],
        stations=args.station,
        name=args.name,
        ttl=args.ttl,
    )
    print(token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
