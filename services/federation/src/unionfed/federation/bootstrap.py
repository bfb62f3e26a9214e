"""Wires the federation service's concrete adapters together; the one place that does."""

from __future__ import annotations

from functools import partial

from unionfed.common.events.contracts import default_registry
from unionfed.common.service.runtime import PeriodicJob, ServiceRuntime
from unionfed.federation.adapters.tables import build_tables
from unionfed.federation.service.consumers import subscriptions
from unionfed.federation.service.freshness import LagProbe
from unionfed.federation.service.unit_of_work import FederationUnitOfWork
from unionfed.federation.settings import Settings


def bootstrap(settings: Settings | None = None, *, kafka: bool = True) -> ServiceRuntime:
    settings = settings or Settings()
    tables = build_tables()
    subs = subscriptions(list(settings.topics))
    runtime = ServiceRuntime(
        settings=settings,
        tables=tables,
        registry=default_registry(),
        make_uow=partial(FederationUnitOfWork, tables=tables),
        subscriptions=subs,
        kafka_enabled=kafka,
    )
    probe = LagProbe(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group=runtime.consumer_group(subs[0]),
        topics=list(settings.topics),
        metrics=runtime.metrics,
    )
    runtime.jobs = [PeriodicJob("consumer-lag", settings.freshness_check_seconds, probe.measure)]
    runtime.lag_probe = probe
    return runtime
