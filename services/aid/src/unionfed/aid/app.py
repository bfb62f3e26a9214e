"""The aid service's HTTP application."""

from fastapi import FastAPI

from unionfed.aid import __doc__ as description
from unionfed.aid.bootstrap import bootstrap
from unionfed.aid.settings import Settings
from unionfed.common.service.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        bootstrap(settings), title="Aid (帮扶)", description=description or ""
    )
