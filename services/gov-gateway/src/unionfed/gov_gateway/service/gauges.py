"""What federation IT watches of the gateway (Prometheus, beside every service's metrics):
deliveries by state, how long the oldest pending one has waited, and each government system's
circuit. Refreshed by a job every few seconds; ``deploy/monitoring/alerts.yml`` alerts on them."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge

from unionfed.gov_gateway.domain.delivery import STATUSES
from unionfed.gov_gateway.service.context import Gateway


class GatewayGauges:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.deliveries = Gauge(
            "unionfed_gov_deliveries",
            "Reports and referrals to the government, by state (pending, sent, failed)",
            ["status"],
            registry=registry,
        )
        self.oldest_pending_age = Gauge(
            "unionfed_gov_delivery_oldest_pending_seconds",
            "How long the oldest delivery still waiting to go out has waited (0: none waits)",
            registry=registry,
        )
        self.circuit_open = Gauge(
            "unionfed_gov_circuit_open",
            "1 while the circuit to a government system (hrss, mca) is open or half open",
            ["system"],
            registry=registry,
        )


async def refresh_gauges(make_uow, gateway: Gateway, gauges: GatewayGauges) -> None:
    async with make_uow() as uow:
        counts = await uow.deliveries.counts()
        oldest = await uow.deliveries.oldest_pending_since()
    for status in STATUSES:
        gauges.deliveries.labels(status=status).set(counts.get(status, 0))
    waited = 0.0 if oldest is None else (gateway.clock() - oldest).total_seconds()
    gauges.oldest_pending_age.set(max(0.0, waited))
    for system, state in gateway.government.breaker_states().items():
        gauges.circuit_open.labels(system=system).set(0 if state == "closed" else 1)
