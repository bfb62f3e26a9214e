"""Domain errors as HTTP answers that name the field and the rule."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from unionfed.membership.adapters.member_repository import StaleRecord
from unionfed.membership.domain.errors import MembershipError, NotAllowed, NotFound

STATUS = {NotFound: 404, NotAllowed: 409}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MembershipError, _membership_error)
    app.add_exception_handler(StaleRecord, _stale)


async def _membership_error(_request: Request, exc: MembershipError) -> JSONResponse:
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 422)
    if status == 404:
        # The same body whether it does not exist or belongs to another station.
        return JSONResponse({"detail": "not found"}, status_code=404)
    error = {"field": exc.field, "rule": exc.rule, "message": exc.message}
    body = {"detail": exc.message, "errors": [error]}
    if exc.context:
        body["context"] = {k: str(v) for k, v in exc.context.items()}
    return JSONResponse(body, status_code=status)


async def _stale(_request: Request, _exc: StaleRecord) -> JSONResponse:
    message = "the member was changed by someone else meanwhile; reload and try again"
    return JSONResponse({"detail": message}, status_code=409)
