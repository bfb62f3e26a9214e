"""The aid service's HTTP application."""

from collections.abc import Callable

from fastapi import FastAPI

from unionfed.aid import __doc__ as description
from unionfed.aid.api import grants, hardship, members, programs, reports
from unionfed.aid.bootstrap import bootstrap
from unionfed.aid.service.checks import GovernmentChecks
from unionfed.aid.settings import Settings
from unionfed.common.service.app import create_service_app


def create_app(
    settings: Settings | None = None,
    *,
    kafka: bool = True,
    clock: Callable | None = None,
    gov: GovernmentChecks | None = None,
) -> FastAPI:
    return create_service_app(
        bootstrap(settings, kafka=kafka, clock=clock, gov=gov),
        title="Aid (帮扶)",
        description=description or "",
        routers=[members.router, hardship.router, programs.router, grants.router, reports.router],
    )
