"""A demo deployment whose clock the story sets, so that months of a county's past play in a
minute: ``python deploy/demo/clocked.py unionfed.grievance`` instead of ``unionfed-grievance
serve``.

The service is the real one, built by its own ``create_app`` with the clock every service layer
already takes as a seam (tests move it the same way). This launcher adds one route,
``PUT /demo/clock`` (``{"now": "2026-06-03T09:30:00+08:00"}``; ``{"now": null}`` is the real
time again), from which the clock runs on at the normal pace. Every event of the service then
carries the story's time in its data (the envelope's ``time`` stays the real publication time).

For the demo only: it refuses to start outside ``ENVIRONMENT=development``, and nothing in a
service can set its own clock.
"""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from pydantic import AwareDatetime, BaseModel


class StoryClock:
    """Real time moved by an offset: setting it to a moment makes it run on from there."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def set(self, moment: datetime | None) -> None:
        self._offset = timedelta(0) if moment is None else moment - datetime.now(UTC)


class ClockSetting(BaseModel):
    now: AwareDatetime | None


def with_story_clock(app: FastAPI, clock: StoryClock) -> FastAPI:
    @app.put("/demo/clock", tags=["demo"], summary="Set this demo deployment's clock")
    def set_clock(setting: ClockSetting) -> dict[str, str]:
        clock.set(setting.now)
        return {"now": clock().isoformat()}

    return app


def main(package: str) -> int:
    service_cli = importlib.import_module(f"{package}.cli")
    app_module = importlib.import_module(f"{package}.app")
    settings_class = importlib.import_module(f"{package}.settings").Settings
    from unionfed.common.service.cli import run_cli

    def settings_factory():
        settings = settings_class()
        if settings.environment != "development":
            raise SystemExit("clocked.py is for the demo: ENVIRONMENT must be development")
        return settings

    def app_factory(settings) -> FastAPI:
        clock = StoryClock()
        return with_story_clock(app_module.create_app(settings, clock=clock), clock)

    return run_cli(
        settings_factory=settings_factory,
        app_factory=app_factory,
        migrations=service_cli.MIGRATIONS,
        argv=["serve"],
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
