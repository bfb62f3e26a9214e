"""The model-worker service's HTTP application."""

from collections.abc import Callable

from fastapi import FastAPI

from unionfed.common.service.app import create_service_app
from unionfed.model_worker import __doc__ as description
from unionfed.model_worker.api import campaigns, studios, titles
from unionfed.model_worker.bootstrap import bootstrap
from unionfed.model_worker.settings import Settings


def create_app(
    settings: Settings | None = None, *, kafka: bool = True, clock: Callable | None = None
) -> FastAPI:
    return create_service_app(
        bootstrap(settings, kafka=kafka, clock=clock),
        title="Model workers (劳动模范)",
        description=description or "",
        routers=[campaigns.router, titles.router, studios.router],
    )
