"""The dashboard (数据看板): one static page with hand-written SVG charts, served from this
package (no CDN is reachable from the stations' browsers). It calls the JSON API with the
bearer token the page was opened with (``?token=``, then kept in sessionStorage)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from unionfed.common.errors import NotFound

router = APIRouter(tags=["dashboard"])
STATIC = {"dashboard.js": "text/javascript", "dashboard.css": "text/css"}


def _read(name: str) -> str:
    return (resources.files("unionfed.federation") / "static" / name).read_text("utf-8")


@router.get("/dashboard", response_class=HTMLResponse, summary="The federation's dashboard")
async def dashboard(request: Request) -> HTMLResponse:
    refresh = request.app.state.runtime.settings.dashboard_refresh_seconds
    page = _read("dashboard.html").replace("{{refresh_ms}}", str(int(refresh * 1000)))
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get("/dashboard/static/{name}", include_in_schema=False)
async def static(name: str) -> Response:
    if name not in STATIC:
        raise NotFound("file")
    return Response(_read(name), media_type=STATIC[name])
