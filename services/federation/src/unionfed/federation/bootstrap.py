"""Wires the federation service's concrete adapters together; the one place that does."""

from unionfed.common.events.contracts import default_registry
from unionfed.common.service.runtime import ServiceRuntime
from unionfed.federation.adapters.tables import build_tables
from unionfed.federation.settings import Settings


def bootstrap(settings: Settings | None = None, *, kafka: bool = True) -> ServiceRuntime:
    return ServiceRuntime(
        settings=settings or Settings(),
        tables=build_tables(),
        registry=default_registry(),
        kafka_enabled=kafka,
    )
