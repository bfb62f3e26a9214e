"""The membership service's HTTP application."""

from fastapi import FastAPI

from unionfed.common.service.app import create_service_app
from unionfed.membership import __doc__ as description
from unionfed.membership.api import federation, imports, members, stations_unions, transfers
from unionfed.membership.bootstrap import bootstrap
from unionfed.membership.settings import Settings


def create_app(settings: Settings | None = None, *, kafka: bool = True) -> FastAPI:
    return create_service_app(
        bootstrap(settings, kafka=kafka),
        title="Membership (会员)",
        description=description or "",
        routers=[
            stations_unions.router,
            members.router,
            transfers.router,
            imports.router,
            federation.router,
        ],
    )
