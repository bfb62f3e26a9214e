"""The HTTP shell every service shares: lifespan, health, readiness, metrics, error format."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from unionfed.common.auth.tokens import TokenVerifier
from unionfed.common.errors import ServiceError
from unionfed.common.observability.logs import bind_correlation_id
from unionfed.common.observability.metrics import MetricsMiddleware, add_observability_routes
from unionfed.common.service.runtime import ServiceRuntime

CORRELATION_HEADER = "x-correlation-id"


def create_service_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str = "",
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, description=description, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.token_verifier = TokenVerifier(runtime.settings.auth)
    app.add_middleware(MetricsMiddleware, metrics=runtime.metrics)
    app.add_middleware(CorrelationIdMiddleware)
    add_observability_routes(app, runtime.metrics)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(ServiceError, _service_error)

    settings = runtime.settings

    @app.get("/healthz", tags=["operations"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {
            "status": "ok",
            "service": settings.service_name,
            "deployment": settings.deployment_id,
        }

    @app.get("/readyz", tags=["operations"], summary="Database, relay and consumers are working")
    async def readyz() -> JSONResponse:
        checks = await runtime.readiness()
        ready = all(value == "ok" for value in checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    for router in routers:
        app.include_router(router)
    return app


class CorrelationIdMiddleware:
    """Takes ``X-Correlation-ID`` from the request (or makes one) for logs and events."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        value = headers.get(CORRELATION_HEADER.encode(), b"").decode()[:64] or uuid.uuid4().hex

        async def send_with_header(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append(
                    (CORRELATION_HEADER.encode(), value.encode())
                )
            await send(message)

        with bind_correlation_id(value):
            await self.app(scope, receive, send_with_header)


async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """Name the field and the rule; never echo the input (it may be personal data)."""
    errors = [
        {
            "field": ".".join(str(part) for part in err["loc"] if part != "body"),
            "rule": err["type"],
            "message": err["msg"],
        }
        for err in exc.errors()
    ]
    return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)


async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
    if exc.status == 404:
        # The same body whether it does not exist or belongs to another station.
        return JSONResponse({"detail": "not found"}, status_code=404)
    error = {"field": exc.field, "rule": exc.rule, "message": exc.message}
    body: dict = {"detail": exc.message, "errors": [error]}
    if exc.context:
        body["context"] = {key: str(value) for key, value in exc.context.items()}
    return JSONResponse(body, status_code=exc.status)
