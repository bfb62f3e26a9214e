"""Wires the aid service's concrete adapters together; the one place that does."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from unionfed.aid.adapters.gov_gateway import HttpGovernmentChecks
from unionfed.aid.adapters.tables import build_tables
from unionfed.aid.service import county, watch
from unionfed.aid.service.checks import GovernmentChecks
from unionfed.aid.service.context import Office
from unionfed.aid.service.hardship import flag_overdue
from unionfed.aid.service.unit_of_work import AidUnitOfWork
from unionfed.aid.settings import Settings
from unionfed.common.events.contracts import default_registry
from unionfed.common.personal_data import FieldCipher, PersonKeyer
from unionfed.common.service.runtime import PeriodicJob, ServiceRuntime, Subscription


def bootstrap(
    settings: Settings | None = None,
    *,
    kafka: bool = True,
    clock: Callable | None = None,
    gov: GovernmentChecks | None = None,
) -> ServiceRuntime:
    settings = settings or Settings()
    tables = build_tables()
    cipher = FieldCipher.from_setting(settings.pii_keys.get_secret_value())
    office = Office(
        keyer=PersonKeyer.from_setting(settings.person_key_secret.get_secret_value()),
        thresholds=dict(settings.hardship_income_thresholds),
        gov=gov
        or HttpGovernmentChecks(settings.gov_gateway_url, timeout=settings.gov_timeout_seconds),
        stations=frozenset(settings.stations),
        reverify_months=settings.reverify_months,
        default_publicity_days=settings.default_publicity_days,
        raise_duplicate_alerts=settings.raise_duplicate_alerts,
        **({"clock": clock} if clock else {}),
    )
    runtime = ServiceRuntime(
        settings=settings,
        tables=tables,
        registry=default_registry(),
        make_uow=partial(AidUnitOfWork, tables=tables, cipher=cipher),
        jobs=[
            PeriodicJob(
                "reverification-due",
                settings.overdue_check_seconds,
                lambda: flag_overdue(runtime.uow(), office),
            )
        ],
        subscriptions=[
            Subscription(name="members", topics=["membership"], handlers=watch.member_handlers()),
            Subscription(
                name="model-workers",
                topics=["model-worker"],
                handlers=watch.model_worker_handlers(),
            ),
            Subscription(name="ledger", topics=["aid"], handlers=county.aid_handlers(office)),
        ],
        kafka_enabled=kafka,
    )
    runtime.office = office
    return runtime
