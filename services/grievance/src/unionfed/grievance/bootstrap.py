"""Wires the grievance service's concrete adapters together; the one place that does."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from unionfed.common.events.contracts import default_registry
from unionfed.common.events.contracts.grievance import CaseFiled
from unionfed.common.personal_data import FieldCipher
from unionfed.common.service.runtime import PeriodicJob, ServiceRuntime, Subscription
from unionfed.grievance.adapters.evidence import FileEvidenceStore
from unionfed.grievance.adapters.holiday_calendar import ChinaWorkingCalendar
from unionfed.grievance.adapters.tables import build_tables
from unionfed.grievance.domain.clusters import ClusterRule
from unionfed.grievance.domain.deadlines import DeadlinePolicy
from unionfed.grievance.service import watch
from unionfed.grievance.service.context import Desk
from unionfed.grievance.service.deadline_sweep import sweep_deadlines
from unionfed.grievance.service.unit_of_work import GrievanceUnitOfWork
from unionfed.grievance.settings import Settings


def bootstrap(
    settings: Settings | None = None, *, kafka: bool = True, clock: Callable | None = None
) -> ServiceRuntime:
    settings = settings or Settings()
    tables = build_tables()
    cipher = FieldCipher.from_setting(settings.pii_keys.get_secret_value())
    desk = Desk(
        stations=frozenset(settings.stations),
        calendar=ChinaWorkingCalendar(),
        policy=DeadlinePolicy(
            accept_working_days=settings.accept_working_days,
            mediation_days=settings.mediation_days,
            accept_working_days_by_category=settings.accept_working_days_by_category,
        ),
        **({"clock": clock} if clock else {}),
    )
    rule = ClusterRule(cases=settings.cluster_cases, window_days=settings.cluster_window_days)
    runtime = ServiceRuntime(
        settings=settings,
        tables=tables,
        registry=default_registry(),
        make_uow=partial(GrievanceUnitOfWork, tables=tables, cipher=cipher),
        jobs=[
            PeriodicJob(
                "deadlines",
                settings.deadline_check_seconds,
                lambda: sweep_deadlines(runtime.uow, desk),
            )
        ],
        subscriptions=[
            Subscription(
                name="watch",
                topics=[CaseFiled.topic],
                handlers=watch.handlers(rule, raise_alerts=settings.raise_cluster_alerts),
            ),
            Subscription(name="members", topics=["membership"], handlers=watch.member_handlers()),
            Subscription(name="gov", topics=["gov"], handlers=watch.gov_handlers()),
        ],
        kafka_enabled=kafka,
    )
    runtime.desk = desk
    runtime.evidence_store = FileEvidenceStore(
        settings.evidence_dir, max_bytes=settings.evidence_max_bytes
    )
    return runtime
