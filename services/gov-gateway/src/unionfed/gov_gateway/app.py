"""The gov-gateway service's HTTP application."""

from collections.abc import Callable

from fastapi import FastAPI

from unionfed.common.service.app import create_service_app
from unionfed.gov_gateway import __doc__ as description
from unionfed.gov_gateway.api import callbacks, checks, deliveries, partner
from unionfed.gov_gateway.bootstrap import bootstrap
from unionfed.gov_gateway.settings import Settings


def create_app(
    settings: Settings | None = None, *, kafka: bool = True, clock: Callable | None = None
) -> FastAPI:
    return create_service_app(
        bootstrap(settings, kafka=kafka, clock=clock),
        title="Government gateway (政务对接)",
        description=description or "",
        routers=[checks.router, deliveries.router, callbacks.router, partner.router],
    )
