"""Wires the model-worker service's concrete adapters together; the one place that does."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from unionfed.common.events.contracts import default_registry
from unionfed.common.personal_data import FieldCipher, PersonKeyer
from unionfed.common.service.runtime import PeriodicJob, ServiceRuntime, Subscription
from unionfed.model_worker.adapters.tables import build_tables
from unionfed.model_worker.service import watch
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.titles import sweep_expiry
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork
from unionfed.model_worker.settings import Settings


def bootstrap(
    settings: Settings | None = None, *, kafka: bool = True, clock: Callable | None = None
) -> ServiceRuntime:
    settings = settings or Settings()
    tables = build_tables()
    cipher = FieldCipher.from_setting(settings.pii_keys.get_secret_value())
    office = Office(
        keyer=PersonKeyer.from_setting(settings.person_key_secret.get_secret_value()),
        departments=tuple(settings.clearance_departments),
        yearly_benefits=tuple(settings.yearly_benefits),
        min_publicity_days=settings.min_publicity_days,
        **({"clock": clock} if clock else {}),
    )
    runtime = ServiceRuntime(
        settings=settings,
        tables=tables,
        registry=default_registry(),
        make_uow=partial(ModelWorkerUnitOfWork, tables=tables, cipher=cipher),
        jobs=[
            PeriodicJob(
                "title-expiry",
                settings.expiry_check_seconds,
                lambda: sweep_expiry(runtime.uow, office),
            )
        ],
        subscriptions=[
            Subscription(
                name="grievances", topics=["grievance"], handlers=watch.grievance_handlers()
            ),
            Subscription(name="members", topics=["membership"], handlers=watch.member_handlers()),
            Subscription(name="aid", topics=["aid"], handlers=watch.aid_handlers()),
        ],
        kafka_enabled=kafka,
    )
    runtime.office = office
    return runtime
