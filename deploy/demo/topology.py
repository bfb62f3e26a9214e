"""Which deployments the demo runs, on which ports, serving which stations.

A county as the design intends it: every station-facing service runs once per group of stations
(a town deployment for the two town stations, a street deployment for the street and the park
station: separate processes, separate databases) and once for the federation itself; the
model-worker service, the government gateway and the federation view are county-wide. They share
nothing but the Kafka topics. Ports: 81<x><n>, x = 0 town / 1 street / 2 county, n = service.
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


GOV_SIM_PORT = 8199


def deployments() -> list[Deployment]:
    quiet = {"RAISE_CLUSTER_ALERTS": "false"}  # the federation's grievance deployment raises them
    to_gateway = {"GOV_GATEWAY_URL": "http://127.0.0.1:8105"}
    return [
        Deployment("membership", "town", 8101, TOWN_STATIONS),
        Deployment("membership", "street", 8111, STREET_STATIONS),
        Deployment("membership", "county", 8121),
        Deployment("grievance", "town", 8102, TOWN_STATIONS, quiet),
        Deployment("grievance", "street", 8112, STREET_STATIONS, quiet),
        Deployment("grievance", "county", 8122),
        Deployment("aid", "town", 8103, TOWN_STATIONS, to_gateway),
        Deployment("aid", "street", 8113, STREET_STATIONS, to_gateway),
        Deployment("aid", "county", 8123, (), to_gateway),
        Deployment("model-worker", "county", 8104),
        Deployment("gov-gateway", "county", 8105),
        Deployment("federation", "county", 8100),
    ]


def serving(deployments: list[Deployment], service: str, station: str) -> Deployment:
    """The deployment of ``service`` that serves ``station`` (a station deployment first)."""
    matches = [d for d in deployments if d.service == service and station in d.stations]
    matches += [d for d in deployments if d.service == service and not d.stations]
    if not matches:
        raise LookupError(f"no {service} deployment serves {station}")
    return matches[0]
