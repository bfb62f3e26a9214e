#!/usr/bin/env python3
"""Run a private, throw-away PostgreSQL server from the distribution's binaries.

For tests, CI and benchmarks; no Docker needed. Standard library only, so it
works both as a script and as a module imported by the test helpers
(``unionfed.common.testing.postgres``)::

    python3 deploy/postgres/localpg.py start --dir /tmp/pg1 [--port N] [--durable]
    python3 deploy/postgres/localpg.py status --dir /tmp/pg1
    python3 deploy/postgres/localpg.py stop --dir /tmp/pg1

Layout of DIR: ``data/`` (the cluster), ``postgres.log``, ``url`` (SQLAlchemy
URL of the running server), and the server's unix socket. ``start`` prints the
URL (``postgresql+asyncpg://unionfed@127.0.0.1:PORT/postgres``) as the last
line of stdout and is idempotent: when the server already runs it just prints
its URL.

PostgreSQL refuses to run as root. When invoked as root, the server runs as an
unprivileged system user instead: ``postgres`` (created by Debian's package) if
it exists, else ``unionfed-pg`` (created with ``useradd --system``); DIR is
chowned to that user and initdb/pg_ctl run through ``runuser`` (or ``su``).

Binaries: the newest ``/usr/lib/postgresql/*/bin`` holding initdb and pg_ctl
(or the one matching an existing cluster's major version), else initdb/pg_ctl
on PATH. Install them with ``deploy/postgres/install.sh``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "LocalPgError",
    "PostgresNotInstalledError",
    "find_bindir",
    "server_url",
    "start",
    "status",
    "stop",
]

DB_USER = "unionfed"
FALLBACK_SYSTEM_USER = "unionfed-pg"
INSTALL_HINT = "run `bash deploy/postgres/install.sh` (installs Debian's postgresql package)"
START_TIMEOUT_S = 60
_DEBIAN_ROOT = Path("/usr/lib/postgresql")
# Unix-domain socket paths are limited to 108 bytes (sun_path) on Linux.
_MAX_SOCKET_PATH = 107


class LocalPgError(RuntimeError):
    """Starting, stopping or inspecting the local server failed."""


class PostgresNotInstalledError(LocalPgError):
    """No PostgreSQL server binaries (initdb, pg_ctl) were found."""


def _log(msg: str) -> None:
    print(f"localpg: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- binaries


def _version_key(bindir: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin -> (15,) or (9, 6)
    return tuple(int(p) for p in re.findall(r"\d+", bindir.parent.name)) or (0,)


def _usable(bindir: Path) -> bool:
    return all(os.access(bindir / exe, os.X_OK) for exe in ("initdb", "pg_ctl", "postgres"))


def find_bindir(major: str | None = None) -> Path | None:
    """Newest PostgreSQL bin dir (``major``'s if installed), else the one on PATH, else None."""
    candidates = sorted(
        (Path(p) for p in glob.glob(f"{_DEBIAN_ROOT}/*/bin") if _usable(Path(p))),
        key=_version_key,
        reverse=True,
    )
    for c in candidates:
        if major is not None and c.parent.name == major:
            return c
    if candidates:
        return candidates[0]
    initdb = shutil.which("initdb")
    if initdb:
        bindir = Path(initdb).resolve().parent
        if _usable(bindir):
            return bindir
    return None


def _require_bindir(major: str | None = None) -> Path:
    bindir = find_bindir(major)
    if bindir is None:
        raise PostgresNotInstalledError(
            "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and "
            f"PATH); {INSTALL_HINT}"
        )
    return bindir


# --------------------------------------------------------------------- privileges


def _is_root() -> bool:
    return os.geteuid() == 0


def _system_user() -> str:
    """The unprivileged user that owns and runs the cluster when we are root."""
    for name in ("postgres", FALLBACK_SYSTEM_USER):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    _log(f"creating system user {FALLBACK_SYSTEM_USER}")
    _run(
        [
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            FALLBACK_SYSTEM_USER,
        ],
        cwd=Path("/"),
    )
    return FALLBACK_SYSTEM_USER


def _as_server_user(cmd: list[str], user: str | None) -> list[str]:
    if user is None:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *cmd]
    return ["su", "-s", "/bin/sh", user, "-c", shlex.join(cmd)]


def _chown_tree(root: Path, user: str) -> None:
    pw = pwd.getpwnam(user)
    uid, gid = pw.pw_uid, pw.pw_gid
    os.chown(root, uid, gid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            if st.st_uid != uid or st.st_gid != gid:
                os.lchown(p, uid, gid)


# ------------------------------------------------------------------------ helpers


class _Paths:
    def __init__(self, base: Path) -> None:
        self.base = base.resolve()
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.url = self.base / "url"
        self.lock = self.base / ".localpg.lock"
        self.pidfile = self.data / "postmaster.pid"


def server_url(port: int) -> str:
    return f"postgresql+asyncpg://{DB_USER}@127.0.0.1:{port}/postgres"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], *, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # Our explicit -D/-p/-k must win over whatever the caller's environment says.
    for var in ("PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGOPTIONS"):
        env.pop(var, None)
    proc = subprocess.run(  # noqa: S603 - argument list, no shell
        cmd,
        cwd=cwd,  # the server user may not be able to read the caller's cwd (e.g. /root)
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and proc.returncode != 0:
        raise LocalPgError(
            f"command failed ({proc.returncode}): {shlex.join(cmd)}\n{proc.stdout}{proc.stderr}"
        )
    return proc


@contextlib.contextmanager
def _locked(paths: _Paths) -> Iterator[None]:
    """Serialise start/stop on one DIR (e.g. parallel test workers)."""
    with open(paths.lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _running_port(paths: _Paths, bindir: Path, user: str | None) -> int | None:
    """Port of the server running on paths.data, or None if it is not running."""
    if not (paths.data / "PG_VERSION").exists():
        return None
    proc = _run(
        _as_server_user([str(bindir / "pg_ctl"), "status", "-D", str(paths.data)], user),
        cwd=paths.base,
        check=False,
    )
    if proc.returncode != 0:  # 3: not running, 4: no accessible data dir
        return None
    # postmaster.pid: pid, data dir, start time, port, socket dir, listen addr, ...
    try:
        lines = paths.pidfile.read_text().splitlines()
        return int(lines[3])
    except (OSError, IndexError, ValueError) as exc:
        raise LocalPgError(f"server runs but {paths.pidfile} is unreadable: {exc}") from exc


def _cluster_major(paths: _Paths) -> str | None:
    try:
        return (paths.data / "PG_VERSION").read_text().strip()
    except OSError:
        return None


def _bindir_for(paths: _Paths) -> Path:
    """Binaries for the cluster in paths.data (same major version), or the newest for a new one."""
    major = _cluster_major(paths)
    bindir = _require_bindir(major)
    if major is not None and bindir.parent.parent == _DEBIAN_ROOT and bindir.parent.name != major:
        raise LocalPgError(
            f"{paths.data} was created by PostgreSQL {major}, but only {bindir} is installed; "
            f"remove {paths.base} or install postgresql-{major}"
        )
    return bindir


def _initdb(paths: _Paths, bindir: Path, user: str | None, durable: bool) -> None:
    if paths.data.exists() and any(paths.data.iterdir()):
        raise LocalPgError(f"{paths.data} exists and is not a PostgreSQL data directory")
    _log(f"initdb {paths.data} ({bindir})")
    cmd = [
        str(bindir / "initdb"),
        "-D",
        str(paths.data),
        "-U",
        DB_USER,
        "-E",
        "UTF8",
        "--locale=C",
        "--auth-local=trust",
        "--auth-host=trust",
    ]
    if not durable:
        cmd.append("--no-sync")  # test/benchmark cluster: skip fsyncing the fresh files
    _run(_as_server_user(cmd, user), cwd=paths.base)
    # Trust only the unix socket and 127.0.0.1 (initdb's default also trusts ::1).
    hba = paths.data / "pg_hba.conf"
    hba.write_text(
        "# written by deploy/postgres/localpg.py: trust local socket and 127.0.0.1 only\n"
        "# TYPE  DATABASE     USER  ADDRESS       METHOD\n"
        "local   all          all                 trust\n"
        "host    all          all   127.0.0.1/32  trust\n"
        "local   replication  all                 trust\n"
        "host    replication  all   127.0.0.1/32  trust\n"
    )
    if user is not None:
        _chown_tree(paths.data, user)


def _server_options(port: int, paths: _Paths, durable: bool) -> str:
    opts = [
        f"-p {port}",
        f"-k {shlex.quote(str(paths.base))}",  # pg_ctl hands -o to /bin/sh: quote the path
        "-c listen_addresses=127.0.0.1",
        "-c max_connections=200",
        "-c shared_buffers=256MB",
    ]
    if not durable:
        # Tests and benchmarks only: a crash may lose or corrupt this throw-away cluster,
        # which is fine, and skipping the flushes makes it much faster. --durable keeps
        # fsync/synchronous_commit/full_page_writes at PostgreSQL's (safe) defaults.
        opts += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    return " ".join(opts)


def _log_tail(paths: _Paths, n: int = 20) -> str:
    try:
        return "\n".join(paths.log.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def _write_url(paths: _Paths, port: int, user: str | None) -> str:
    url = server_url(port)
    tmp = paths.url.with_suffix(".tmp")
    tmp.write_text(url + "\n")
    os.replace(tmp, paths.url)
    if user is not None:
        pw = pwd.getpwnam(user)
        os.chown(paths.url, pw.pw_uid, pw.pw_gid)
    return url


# ---------------------------------------------------------------------------- API


def start(dir: Path, port: int | None = None, durable: bool = False) -> str:
    """Start (initialising if needed) the server in ``dir``; return its SQLAlchemy URL.

    Idempotent: if the server is already running its URL is returned. ``port=None``
    picks a free loopback port. ``durable=False`` (the default) turns fsync,
    synchronous_commit and full_page_writes off: for tests and benchmarks only.
    """
    paths = _Paths(Path(dir))
    sock_path = f"{paths.base}/.s.PGSQL.65535"
    if len(sock_path.encode()) > _MAX_SOCKET_PATH:
        raise LocalPgError(f"{paths.base} is too long for a unix socket path; use a shorter dir")
    paths.base.mkdir(parents=True, exist_ok=True)
    user = _system_user() if _is_root() else None
    if user is not None:
        _chown_tree(paths.base, user)
        probe = _run(
            _as_server_user(["test", "-w", str(paths.base)], user), cwd=Path("/"), check=False
        )
        if probe.returncode != 0:
            raise LocalPgError(
                f"user {user} cannot write {paths.base} (a parent directory is probably not "
                "traversable, e.g. under /root); use a directory such as /tmp/..."
            )

    with _locked(paths):
        if user is not None:
            _chown_tree(paths.base, user)  # includes the lock file
        bindir = _bindir_for(paths)
        running = _running_port(paths, bindir, user)
        if running is not None:
            if port is not None and port != running:
                raise LocalPgError(
                    f"server in {paths.base} already runs on port {running}, not {port}; "
                    "stop it first"
                )
            return _write_url(paths, running, user)

        if not (paths.data / "PG_VERSION").exists():
            _initdb(paths, bindir, user, durable)

        attempts = 1 if port is not None else 3
        for attempt in range(1, attempts + 1):
            use_port = port if port is not None else _free_port()
            t0 = time.monotonic()
            proc = _run(
                _as_server_user(
                    [
                        str(bindir / "pg_ctl"),
                        "start",
                        "-w",
                        "-t",
                        str(START_TIMEOUT_S),
                        "-D",
                        str(paths.data),
                        "-l",
                        str(paths.log),
                        "-o",
                        _server_options(use_port, paths, durable),
                    ],
                    user,
                ),
                cwd=paths.base,
                check=False,
            )
            if proc.returncode == 0:
                _log(f"started on 127.0.0.1:{use_port} in {time.monotonic() - t0:.2f}s")
                return _write_url(paths, use_port, user)
            tail = _log_tail(paths)
            port_taken = "Address already in use" in tail or "could not bind" in tail
            if attempt < attempts and port_taken:
                _log(f"port {use_port} was taken meanwhile; retrying with another one")
                continue
            raise LocalPgError(
                f"pg_ctl start failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}\n"
                f"--- tail of {paths.log} ---\n{tail}"
            )
    raise AssertionError("unreachable")


def stop(dir: Path) -> None:
    """Stop the server in ``dir`` (fast shutdown). No-op if it is not running."""
    paths = _Paths(Path(dir))
    if not (paths.data / "PG_VERSION").exists():
        return
    user = _system_user() if _is_root() else None
    with _locked(paths):
        bindir = _bindir_for(paths)
        if _running_port(paths, bindir, user) is None:
            paths.url.unlink(missing_ok=True)
            return
        _run(
            _as_server_user(
                [str(bindir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(paths.data)],
                user,
            ),
            cwd=paths.base,
        )
        paths.url.unlink(missing_ok=True)


def status(dir: Path) -> str | None:
    """URL of the server running in ``dir``, or None if it is not running."""
    paths = _Paths(Path(dir))
    if not (paths.data / "PG_VERSION").exists():
        return None
    user = _system_user() if _is_root() else None
    port = _running_port(paths, _bindir_for(paths), user)
    return None if port is None else server_url(port)


# ---------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="localpg.py", description="Private PostgreSQL server for tests, CI and benchmarks."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="initdb if needed, start, print the URL")
    p_start.add_argument("--dir", required=True, type=Path)
    p_start.add_argument("--port", type=int, default=None, help="default: a free loopback port")
    p_start.add_argument(
        "--durable",
        action="store_true",
        help="keep fsync/synchronous_commit/full_page_writes on (default: off, for speed)",
    )
    p_stop = sub.add_parser("stop", help="fast shutdown; exit 0 if not running")
    p_stop.add_argument("--dir", required=True, type=Path)
    p_status = sub.add_parser("status", help="print the URL and exit 0 if running, else exit 3")
    p_status.add_argument("--dir", required=True, type=Path)
    args = parser.parse_args(argv)

    try:
        if args.command == "start":
            print(start(args.dir, args.port, args.durable), flush=True)
        elif args.command == "stop":
            stop(args.dir)
        else:
            url = status(args.dir)
            if url is None:
                print(f"not running ({args.dir})", flush=True)
                return 3
            print(url, flush=True)
    except LocalPgError as exc:
        _log(str(exc))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
