"""``make demo``: a real Kafka broker and the services on this machine, with SQLite databases.

Starts the broker (from the Maven-jar cache); migrates and starts, in the background, two
membership deployments (one for a town station, one for a street and a park station: each its
own database, talking only through Kafka) and the other services; waits until each answers
``/readyz``; plays the scenario in ``scenario.py`` against them; and prints where everything is
and a development token per role. ``--stop`` stops it all. State lives in ``--state`` (``.run``)
and starts afresh each time (the demo broker keeps no data between runs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from unionfed.common.local_infra import localkafka

sys.path.insert(0, str(Path(__file__).parent))
from scenario import dev_token, play

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Deployment:
    service: str
    name: str
    port: int
    stations: tuple[str, ...] = ()  # empty: every station

    @property
    def key(self) -> str:
        return f"{self.service}-{self.name}"


DEPLOYMENTS = [
    Deployment("membership", "town-xz01", 8101, ("XZ01",)),
    Deployment("membership", "street-jd02", 8111, ("JD02", "YQ03")),
    Deployment("grievance", "county", 8102),
    Deployment("aid", "county", 8103),
    Deployment("model-worker", "county", 8104),
]


def start(state: Path, *, scenario: bool) -> None:
    stop(state, quiet=True)
    shutil.rmtree(state, ignore_errors=True)  # fresh databases for a fresh (empty) broker
    (state / "logs").mkdir(parents=True)
    broker = localkafka().start(state / "kafka")
    print(f"Kafka broker          {broker.bootstrap_servers}")
    for deployment in DEPLOYMENTS:
        start_service(state, deployment, broker.bootstrap_servers)
    for deployment in DEPLOYMENTS:
        wait_ready(deployment)
    if scenario:
        play(town=DEPLOYMENTS[0].port, street=DEPLOYMENTS[1].port, grievance=DEPLOYMENTS[2].port)
    print_guide(state)


def start_service(state: Path, deployment: Deployment, bootstrap: str) -> None:
    service = deployment.service
    pid_file = state / f"{deployment.key}.pid"
    prefix = f"UNIONFED_{service.upper().replace('-', '_')}_"
    env = os.environ | {
        prefix + "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        prefix + "DATABASE_URL": f"sqlite+aiosqlite:///{state.resolve()}/{deployment.key}.db",
        prefix + "DEPLOYMENT_ID": deployment.name,
        prefix + "HTTP_PORT": str(deployment.port),
        prefix + "STATIONS": json.dumps(list(deployment.stations)),
    }
    log = (state / "logs" / f"{deployment.key}.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 (our own console script)
        [sys.executable, "-m", f"unionfed.{service.replace('-', '_')}.cli", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pid_file.write_text(str(process.pid))


def wait_ready(deployment: Deployment, timeout: float = 90) -> None:
    url = f"http://127.0.0.1:{deployment.port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                serves = ", ".join(deployment.stations) or "all stations"
                print(f"{deployment.key:<21} {url}/docs  (ready; serves {serves})")
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{deployment.key} did not become ready; see .run/logs/{deployment.key}.log")


def print_guide(state: Path) -> None:
    print(f"\nLogs in {state}/logs; metrics at /metrics of each service.")
    print(f"Station staff token (station XZ01):\n  {dev_token('station_staff', 'XZ01')}")
    print(f"Federation admin token:\n  {dev_token('federation_admin')}")
    print("Stop everything with: make demo-stop")


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
    deadline = time.monotonic() + 15
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
    parser.add_argument("--stop", action="store_true")
    parser.add_argument("--no-scenario", action="store_true", help="only start the services")
    args = parser.parse_args()
    if args.stop:
        stop(args.state)
    else:
        start(args.state, scenario=not args.no_scenario)


if __name__ == "__main__":
    main()
