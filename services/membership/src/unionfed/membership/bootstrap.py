"""Wires the membership service's concrete adapters together; the one place that does."""

from __future__ import annotations

from functools import partial

from unionfed.common.events.contracts import default_registry
from unionfed.common.events.contracts.membership import StationRegistered
from unionfed.common.personal_data import FieldCipher, PersonKeyer
from unionfed.common.service.runtime import ServiceRuntime, Subscription
from unionfed.membership.adapters.tables import build_tables
from unionfed.membership.service.context import Deployment
from unionfed.membership.service.events import handlers
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork
from unionfed.membership.settings import Settings


def bootstrap(settings: Settings | None = None, *, kafka: bool = True) -> ServiceRuntime:
    settings = settings or Settings()
    tables = build_tables()
    cipher = FieldCipher.from_setting(settings.pii_keys.get_secret_value())
    deployment = Deployment(
        stations=frozenset(settings.stations),
        keyer=PersonKeyer.from_setting(settings.person_key_secret.get_secret_value()),
    )
    runtime = ServiceRuntime(
        settings=settings,
        tables=tables,
        registry=default_registry(),
        make_uow=partial(MembershipUnitOfWork, tables=tables, cipher=cipher),
        subscriptions=[
            Subscription(
                name="directory", topics=[StationRegistered.topic], handlers=handlers(deployment)
            )
        ],
        kafka_enabled=kafka,
    )
    runtime.deployment = deployment
    return runtime
