"""The membership service's HTTP application."""

from fastapi import FastAPI

from unionfed.common.service.app import create_service_app
from unionfed.membership import __doc__ as description
from unionfed.membership.bootstrap import bootstrap
from unionfed.membership.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        bootstrap(settings), title="Membership (会员)", description=description or ""
    )
