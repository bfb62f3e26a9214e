"""The grievance service's HTTP application."""

from collections.abc import Callable

from fastapi import FastAPI

from unionfed.common.service.app import create_service_app
from unionfed.grievance import __doc__ as description
from unionfed.grievance.api import cases, evidence, online, reports
from unionfed.grievance.bootstrap import bootstrap
from unionfed.grievance.settings import Settings


def create_app(
    settings: Settings | None = None, *, kafka: bool = True, clock: Callable | None = None
) -> FastAPI:
    return create_service_app(
        bootstrap(settings, kafka=kafka, clock=clock),
        title="Grievances (维权)",
        description=description or "",
        routers=[cases.router, evidence.router, online.router, reports.router],
    )
