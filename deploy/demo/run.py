"""``make demo``: a county on this machine — a real Kafka broker, every service, a simulation.

Starts the broker (from the Maven-jar cache), the government simulator, and every deployment in
``topology.py`` (town and street deployments of the station services plus the federation's, each
with its own SQLite database); waits until each answers ``/readyz``; plays the county in
``scenario.py`` through their HTTP APIs (thousands of members, grievances through their
lifecycle, aid to payment, a model-worker campaign); prints the dashboard and API URLs; then
keeps the county alive — new cases arrive and move on every few seconds — until Ctrl-C, which
stops everything. ``--detach`` returns after the scenario instead (``make demo-stop`` ends it).
State lives in ``--state`` (``.run``) and starts afresh each time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from unionfed.common.local_infra import localkafka

sys.path.insert(0, str(Path(__file__).parent))
from scenario import Sizes, dev_token, live, play
from topology import Deployment, deployments

ROOT = Path(__file__).resolve().parents[2]
GOV_SIM = ROOT / "deploy" / "gov-sim" / "app.py"
CLOCKED = Path(__file__).with_name("clocked.py")


def start(state: Path, *, sizes: Sizes | None, detach: bool, pace: float, base: int = 8100) -> None:
    stop(state, quiet=True)
    shutil.rmtree(state, ignore_errors=True)  # fresh databases for a fresh (empty) broker
    (state / "logs").mkdir(parents=True)
    keep_running = False
    try:
        running = launch(state, base)
        demo = play(running, sizes) if sizes is not None else None
        print_guide(state, running, base)
        if detach:
            keep_running = True  # ``make demo-stop`` ends it
            return
        print("\nThe county keeps working (new cases every few seconds). Ctrl-C stops everything.")
        live(running, pace=pace, demo=demo)
    except KeyboardInterrupt:
        print("\nstopping the county… (a few seconds; Ctrl-C again is ignored until it is done)")
    finally:
        if not keep_running:  # also when a step failed: nothing is left running, logs stay
            # A second Ctrl-C (or make passing it on) must not leave the broker running.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            stop(state, quiet=True)


def launch(state: Path, base: int) -> list[Deployment]:
    """The broker, the government simulator and every installed deployment, each ready."""
    refuse_ports_in_use([d.port for d in deployments(base)] + [base + 99], base)
    broker = localkafka().start(state / "kafka")
    print(f"Kafka broker            {broker.bootstrap_servers}")
    running = [d for d in deployments(base) if d.installed()]
    for missing in (d for d in deployments(base) if not d.installed()):
        print(f"{missing.key:<23} not installed in this checkout; skipped")
    if GOV_SIM.exists():
        callback = f"http://127.0.0.1:{base + 5}"  # the gateway, for the bureau's status updates
        args = [str(GOV_SIM), "--port", str(base + 99), "--callback-url", callback]
        spawn(state, "gov-sim", args, {})
    for deployment in running:
        serve = ["-m", f"{deployment.module}.cli", "serve"]
        if deployment.clocked:
            serve = [str(CLOCKED), deployment.module]
        spawn(state, deployment.key, serve, settings(state, deployment, broker.bootstrap_servers))
    for deployment in running:
        wait_ready(state, deployment)
    return running


def refuse_ports_in_use(ports: list[int], base: int) -> None:
    """Before anything starts: a port another program holds is named, with the way out."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise SystemExit(
                    f"port {port} is in use (the demo needs {base} to {base + 99}); "
                    "stop what holds it, or use other ports: make demo DEMO_ARGS='--ports 9100'"
                ) from None


def settings(state: Path, deployment: Deployment, bootstrap: str) -> dict[str, str]:
    values = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "DATABASE_URL": f"sqlite+aiosqlite:///{state.resolve()}/{deployment.key}.db",
        "DEPLOYMENT_ID": deployment.name,
        "HTTP_PORT": str(deployment.port),
        "STATIONS": json.dumps(list(deployment.stations)),
        **deployment.env,
    }
    return {deployment.env_prefix + name: value for name, value in values.items()}


def spawn(state: Path, key: str, args: list[str], env: dict[str, str]) -> None:
    log = (state / "logs" / f"{key}.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 (our own programs)
        [sys.executable, *args],
        env=os.environ | env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches this script, which stops them in order
    )
    (state / f"{key}.pid").write_text(str(process.pid))


def wait_ready(state: Path, deployment: Deployment, timeout: float = 180) -> None:
    """Until the deployment answers ``/readyz``; a deployment that exited or never answers stops
    the demo with the end of its log (the whole log stays in ``<state>/logs``)."""
    deadline = time.monotonic() + timeout
    pid = int((state / f"{deployment.key}.pid").read_text())
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{deployment.url}/readyz", timeout=2).status_code == 200:
                serves = ", ".join(deployment.stations) or "the county"
                print(f"{deployment.key:<23} {deployment.url}/docs  (serves {serves})")
                return
        except httpx.TransportError:
            pass
        if not alive(pid):
            raise SystemExit(not_ready(state, deployment, "exited"))
        time.sleep(0.5)
    raise SystemExit(not_ready(state, deployment, f"did not answer /readyz in {timeout:.0f} s"))


def not_ready(state: Path, deployment: Deployment, what: str) -> str:
    """What to tell: the log's errors (a port in use, a failed migration) and its last lines."""
    log = state / "logs" / f"{deployment.key}.log"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    errors = [line for line in lines[:-5] if '"level": "ERROR"' in line or "Traceback" in line]
    return "\n".join([f"{deployment.key} {what}; from {log}:", *errors[-10:], *lines[-5:]])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that exited stays a zombie until reaped; it is not running.
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    return True


def print_guide(state: Path, running: list[Deployment], base: int) -> None:
    federation = next((d for d in running if d.service == "federation"), None)
    print("\n== Where things are")
    if federation is not None:
        fed_token, xz_token = dev_token("federation_staff"), dev_token("station_staff", "XZ01")
        print(f"    dashboard (federation)      {federation.url}/dashboard?token={fed_token}")
        print(f"    XZ01 station's own page     {federation.url}/dashboard?token={xz_token}")
    for d in running:
        print(f"    API docs {d.key:<20} {d.url}/docs")
    if GOV_SIM.exists():
        print(f"    government simulator        http://127.0.0.1:{base + 99}/docs")
    print(f"    logs                        {state}/logs   (metrics: /metrics of each service)")
    print("\n== Development tokens (send as 'Authorization: Bearer …'; /docs → Authorize)")
    print(f"    station staff XZ01:  {dev_token('station_staff', 'XZ01')}")
    print(f"    federation staff:    {dev_token('federation_staff')}")
    print(f"    federation admin:    {dev_token('federation_admin')}")


def stop(state: Path, *, quiet: bool = False) -> None:
    stopping = []
    for pid_file in sorted(state.glob("*.pid")):
        pid = int(pid_file.read_text())
        if _alive(pid):
            os.killpg(pid, signal.SIGTERM)
            stopping.append(pid)
        pid_file.unlink()
        if not quiet:
            print(f"stopped {pid_file.stem}")
    # Let the services leave their consumer groups before the broker goes.
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in stopping) and time.monotonic() < deadline:
        time.sleep(0.2)
    if (state / "kafka").exists():
        localkafka().stop(state / "kafka")
        if not quiet:
            print("stopped Kafka")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--state", type=Path, default=ROOT / ".run")
    parser.add_argument("--stop", action="store_true", help="stop a detached demo")
    parser.add_argument("--detach", action="store_true", help="return after the scenario")
    parser.add_argument("--no-scenario", action="store_true", help="only start the services")
    parser.add_argument("--members", type=int, default=2000, help="members in the county")
    parser.add_argument("--cases", type=int, default=120, help="grievances filed")
    parser.add_argument("--seed", type=int, default=2026, help="same seed, same county")
    parser.add_argument("--pace", type=float, default=5.0, help="seconds between live events")
    parser.add_argument("--ports", type=int, default=8100, help="first port (uses 100 from it)")
    args = parser.parse_args()
    if args.stop:
        stop(args.state)
        return
    sizes = None if args.no_scenario else Sizes(args.members, args.cases, args.seed)
    start(args.state, sizes=sizes, detach=args.detach, pace=args.pace, base=args.ports)


if __name__ == "__main__":
    main()
