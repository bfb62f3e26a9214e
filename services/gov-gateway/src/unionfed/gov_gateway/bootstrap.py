"""Wires the gov-gateway service's concrete adapters together; the one place that does."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from unionfed.common.events.contracts import default_registry
from unionfed.common.observability.metrics import ServiceMetrics
from unionfed.common.personal_data import FieldCipher, PersonKeyer
from unionfed.common.service.runtime import PeriodicJob, ServiceRuntime, Subscription
from unionfed.gov_gateway.adapters.government import ClientPolicy, GovernmentClient
from unionfed.gov_gateway.adapters.resilience import Backoff
from unionfed.gov_gateway.adapters.tables import build_tables
from unionfed.gov_gateway.service import watch
from unionfed.gov_gateway.service.context import DeliveryPolicy, Gateway, utc_now
from unionfed.gov_gateway.service.deliveries import deliver_due, purge_nonces
from unionfed.gov_gateway.service.gauges import GatewayGauges, refresh_gauges
from unionfed.gov_gateway.service.unit_of_work import GatewayUnitOfWork
from unionfed.gov_gateway.settings import Settings


class GatewayRuntime(ServiceRuntime):
    gateway: Gateway
    gauges: GatewayGauges

    async def stop(self) -> None:
        try:
            await super().stop()
        finally:
            await self.gateway.government.aclose()


def government_client(settings: Settings) -> GovernmentClient:
    return GovernmentClient(
        base_url=settings.government_url,
        key_id=settings.government_key_id,
        secret=settings.government_secret.get_secret_value().encode(),
        policy=ClientPolicy(
            timeout=settings.government_timeout_seconds,
            attempts=settings.retry_attempts,
            backoff=Backoff(settings.retry_base_seconds, settings.retry_max_seconds),
            breaker_failures=settings.breaker_failures,
            breaker_cooldown=settings.breaker_cooldown_seconds,
        ),
        verify=settings.government_ca_file or True,
    )


def bootstrap(
    settings: Settings | None = None, *, kafka: bool = True, clock: Callable | None = None
) -> GatewayRuntime:
    settings = settings or Settings()
    tables = build_tables()
    cipher = FieldCipher.from_setting(settings.pii_keys.get_secret_value())
    gateway = Gateway(
        keyer=PersonKeyer.from_setting(settings.person_key_secret.get_secret_value()),
        government=government_client(settings),
        purposes=frozenset(settings.check_purposes),
        delivery=DeliveryPolicy(
            batch=settings.delivery_batch,
            backoff_base=settings.delivery_backoff_base_seconds,
            backoff_cap=settings.delivery_backoff_max_seconds,
            lease=settings.delivery_lease_seconds,
        ),
        partners=dict(settings.partners),
        callback_keys={
            settings.callback_key_id: settings.callback_secret.get_secret_value().encode()
        },
        max_skew=settings.signature_max_skew_seconds,
        clock=clock or utc_now,
    )
    metrics = ServiceMetrics()
    gauges = GatewayGauges(metrics.registry)
    runtime = GatewayRuntime(
        settings=settings,
        metrics=metrics,
        tables=tables,
        registry=default_registry(),
        make_uow=partial(GatewayUnitOfWork, tables=tables, cipher=cipher),
        jobs=[
            PeriodicJob(
                "deliveries",
                settings.delivery_interval_seconds,
                lambda: deliver_due(runtime.uow, gateway),
            ),
            PeriodicJob("nonce-purge", 300, lambda: purge_nonces(runtime.uow, gateway)),
            PeriodicJob("gauges", 15, lambda: refresh_gauges(runtime.uow, gateway, gauges)),
        ],
        subscriptions=[
            Subscription(name="aid", topics=["aid"], handlers=watch.aid_handlers(gateway.clock)),
            Subscription(
                name="grievances",
                topics=["grievance"],
                handlers=watch.grievance_handlers(gateway.clock),
            ),
        ],
        kafka_enabled=kafka,
    )
    runtime.gateway, runtime.gauges = gateway, gauges
    return runtime
