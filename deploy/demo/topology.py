"""Which deployments the demo runs, on which ports, serving which stations.

A county as the design intends it: every station-facing service runs once per group of stations
(a town deployment for the two town stations, a street deployment for the street and the park
station: separate processes, separate databases) and once for the federation itself; the
model-worker service, the government gateway and the federation view are county-wide. They share
nothing but the Kafka topics. Ports (from 8100): 81<x><n>, x = 0 town / 1 street / 2 county,
n = service; the government simulator listens on 8199.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field

TOWN_STATIONS = ("XZ01", "HQ04")
STREET_STATIONS = ("JD02", "YQ03")


@dataclass(frozen=True)
class Deployment:
    service: str  # services/<service>, import name unionfed.<service with _>
    name: str  # the deployment id: unique per service
    port: int
    stations: tuple[str, ...] = ()  # empty: every station (the federation's deployment)
    env: dict[str, str] = field(default_factory=dict)  # extra settings, without the prefix
    clocked: bool = False  # run by clocked.py: the story sets its clock to play the past

    @property
    def key(self) -> str:
        return f"{self.service}-{self.name}"

    @property
    def module(self) -> str:
        return f"unionfed.{self.service.replace('-', '_')}"

    @property
    def env_prefix(self) -> str:
        return f"UNIONFED_{self.service.upper().replace('-', '_')}_"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None


def deployments(base: int = 8100) -> list[Deployment]:
    """The county's deployments on ports ``base`` to ``base + 99`` (the simulator's is +99)."""
    # The federation's grievance deployment raises the alerts; the stations' check deadlines
    # often, so that the months the story plays in a minute are swept as they pass.
    desks = {"RAISE_CLUSTER_ALERTS": "false", "DEADLINE_CHECK_SECONDS": "20"}
    to_gateway = {"GOV_GATEWAY_URL": f"http://127.0.0.1:{base + 5}"}
    # Only the federation's aid deployment reports a double grant that slipped through.
    station_aid = to_gateway | {"RAISE_DUPLICATE_ALERTS": "false"}
    return [
        Deployment("membership", "town", base + 1, TOWN_STATIONS),
        Deployment("membership", "street", base + 11, STREET_STATIONS),
        Deployment("membership", "county", base + 21),
        Deployment("grievance", "town", base + 2, TOWN_STATIONS, desks, clocked=True),
        Deployment("grievance", "street", base + 12, STREET_STATIONS, desks, clocked=True),
        Deployment("grievance", "county", base + 22),
        Deployment("aid", "town", base + 3, TOWN_STATIONS, station_aid),
        Deployment("aid", "street", base + 13, STREET_STATIONS, station_aid),
        Deployment("aid", "county", base + 23, (), to_gateway),
        Deployment("model-worker", "county", base + 4),
        Deployment("gov-gateway", "county", base + 5, (), {"GOVERNMENT_URL": gov_sim_url(base)}),
        Deployment("federation", "county", base),
    ]


def gov_sim_url(base: int = 8100) -> str:
    """The government simulator (deploy/gov-sim) standing in for 人社 and 民政."""
    return f"http://127.0.0.1:{base + 99}"


def serving(deployments: list[Deployment], service: str, station: str) -> Deployment:
    """The deployment of ``service`` that serves ``station`` (a station deployment first)."""
    matches = [d for d in deployments if d.service == service and station in d.stations]
    matches += [d for d in deployments if d.service == service and not d.stations]
    if not matches:
        raise LookupError(f"no {service} deployment serves {station}")
    return matches[0]
