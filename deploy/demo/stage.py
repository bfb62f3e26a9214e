"""What every chapter of the demo's story needs: the running deployments, who speaks, and how."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import county as generated
import httpx
from topology import Deployment, serving

from unionfed.common.auth import DEFAULT_ISSUER, DEV_SIGNING_SECRET, issue_dev_token


@dataclass(frozen=True)
class Sizes:
    members: int = 2000
    cases: int = 120
    seed: int = 2026


def dev_token(role: str, *stations: str) -> str:
    return issue_dev_token(
        secret=DEV_SIGNING_SECRET,
        issuer=DEFAULT_ISSUER,
        audience="unionfed",
        subject=f"demo-{role}" + (f"-{stations[0]}" if stations else ""),
        roles=[role],
        stations=list(stations),
        name=f"demo {role}",
    )


@dataclass
class Demo:
    """The running deployments, and who is speaking to them."""

    deployments: list[Deployment]
    county: generated.County
    rng: random.Random
    unions: dict[str, str] = field(default_factory=dict)  # employer credit code → union id
    open_cases: list[tuple[str, str]] = field(default_factory=list)  # (station, case id)
    _clients: dict[str, httpx.Client] = field(default_factory=dict)

    def has(self, service: str) -> bool:
        return any(d.service == service for d in self.deployments)

    def at(self, service: str, station: str | None = None) -> httpx.Client:
        """A client of the deployment serving ``station`` (None: the federation's)."""
        if station is None:
            deployment = next(
                d for d in self.deployments if d.service == service and not d.stations
            )
        else:
            deployment = serving(self.deployments, service, station)
        if deployment.key not in self._clients:
            self._clients[deployment.key] = httpx.Client(base_url=deployment.url, timeout=60)
        return self._clients[deployment.key]

    def set_clock(self, service: str, station: str, moment: datetime) -> None:
        """Move the clock of the (clocked) deployment of ``service`` serving ``station``."""
        ok(self.at(service, station).put("/demo/clock", json={"now": moment.isoformat()}), None)

    def reset_clocks(self, service: str) -> None:
        """Every clocked deployment of ``service`` back on the real time."""
        for d in self.deployments:
            if d.service == service and d.clocked:
                ok(self.at(service, d.stations[0]).put("/demo/clock", json={"now": None}), None)

    @staticmethod
    def staff(station: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {dev_token('station_staff', station)}"}

    @staticmethod
    def admin(station: str | None = None) -> dict[str, str]:
        role = "station_admin" if station else "federation_admin"
        stations = (station,) if station else ()
        return {"Authorization": f"Bearer {dev_token(role, *stations)}"}

    @staticmethod
    def federation() -> dict[str, str]:
        return {"Authorization": f"Bearer {dev_token('federation_staff')}"}


# -------------------------------------------------------------------------------- helpers


def say(text: str) -> None:
    print(f"\n== {text}", flush=True)


def ok(response: httpx.Response, label: str | None) -> dict:
    if response.status_code >= 400:
        raise SystemExit(f"demo step failed ({label}): {response.status_code} {response.text}")
    if label:
        print(f"    ok: {label}")
    return response.json() if response.content else {}


def wait(condition: Callable[[], object], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise SystemExit("demo: an event did not arrive in time; see .run/logs")
