"""The federation service's HTTP application."""

from fastapi import FastAPI

from unionfed.common.service.app import create_service_app
from unionfed.federation import __doc__ as description
from unionfed.federation.api import conflicts, dashboard, freshness, reports
from unionfed.federation.bootstrap import bootstrap
from unionfed.federation.settings import Settings


def create_app(settings: Settings | None = None, *, kafka: bool = True) -> FastAPI:
    return create_service_app(
        bootstrap(settings, kafka=kafka),
        title="Federation view (县总工会)",
        description=description or "",
        routers=[reports.router, conflicts.router, freshness.router, dashboard.router],
    )
