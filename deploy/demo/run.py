"""``make demo``: a real Kafka broker and every service on this machine, with SQLite databases.

Starts the broker (from the Maven-jar cache), migrates and starts each service in the
background, waits until each answers ``/readyz``, and prints where everything is and a
development token per role. ``--stop`` stops it all. State lives in ``--state`` (``.run``).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from unionfed.common.auth import DEV_SIGNING_SECRET, issue_dev_token
from unionfed.common.local_infra import localkafka

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"membership": 8101, "grievance": 8102, "aid": 8103, "model-worker": 8104}
DEMO_STATIONS = ["XZ01", "JD02", "YQ03"]  # a town, a street and an industrial-park station


def start(state: Path) -> None:
    state.mkdir(parents=True, exist_ok=True)
    (state / "logs").mkdir(exist_ok=True)
    broker = localkafka().start(state / "kafka")
    print(f"Kafka broker      {broker.bootstrap_servers}")
    for service, port in SERVICES.items():
        start_service(state, service, port, broker.bootstrap_servers)
    for service, port in SERVICES.items():
        wait_ready(service, port)
    print_guide(state)


def start_service(state: Path, service: str, port: int, bootstrap: str) -> None:
    pid_file = state / f"{service}.pid"
    if pid_file.exists() and _alive(int(pid_file.read_text())):
        return
    prefix = f"UNIONFED_{service.upper().replace('-', '_')}_"
    env = os.environ | {
        prefix + "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        prefix + "DATABASE_URL": f"sqlite+aiosqlite:///{state.resolve()}/{service}.db",
        prefix + "DEPLOYMENT_ID": "county-demo",
        prefix + "HTTP_PORT": str(port),
    }
    log = (state / "logs" / f"{service}.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 (our own console script)
        [sys.executable, "-m", f"unionfed.{service.replace('-', '_')}.cli", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pid_file.write_text(str(process.pid))


def wait_ready(service: str, port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                print(f"{service:<17} http://127.0.0.1:{port}/docs  (ready)")
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{service} did not become ready; see .run/logs/{service}.log")


def print_guide(state: Path) -> None:
    common = {"secret": DEV_SIGNING_SECRET, "issuer": "https://id.unionfed.local/realms/county"}
    staff = issue_dev_token(
        **common,
        audience="unionfed",
        subject="staff-xz01",
        roles=["station_staff"],
        stations=[DEMO_STATIONS[0]],
        name="Station staff (XZ01)",
    )
    admin = issue_dev_token(
        **common,
        audience="unionfed",
        subject="fed-admin",
        roles=["federation_admin"],
        stations=[],
        name="Federation admin",
    )
    print(f"\nLogs in {state}/logs; metrics at /metrics of each service.")
    print(f"Station staff token (station {DEMO_STATIONS[0]}):\n  {staff}")
    print(f"Federation admin token:\n  {admin}")
    print("Stop everything with: make demo-stop")


def stop(state: Path) -> None:
    for service in SERVICES:
        pid_file = state / f"{service}.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text())
            if _alive(pid):
                os.killpg(pid, signal.SIGTERM)
            pid_file.unlink()
            print(f"stopped {service}")
    localkafka().stop(state / "kafka")
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
    parser.add_argument("--stop", action="store_true")
    args = parser.parse_args()
    stop(args.state) if args.stop else start(args.state)


if __name__ == "__main__":
    main()
