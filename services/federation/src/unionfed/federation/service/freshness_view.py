"""The freshness answer: per topic, the last event folded in, how many, and the lag."""

from __future__ import annotations

from datetime import UTC, datetime

from unionfed.federation.adapters.figures import Figures
from unionfed.federation.service.freshness import LagProbe
from unionfed.federation.service.unit_of_work import FederationUnitOfWork


async def freshness(uow: FederationUnitOfWork, probe: LagProbe | None, topics: list[str]) -> dict:
    async with uow:
        rows = {
            r["topic"]: r
            for r in await Figures(
                uow.session, uow.tables.read_models, datetime.now(UTC).date()
            ).freshness()
        }
    lag: dict[str, int] = {}
    for topic, behind in (probe.by_topic if probe is not None else {}).items():
        domain = domain_of(topic)
        lag[domain] = lag.get(domain, 0) + behind
    now = datetime.now(UTC)
    out = []
    for topic in sorted({*(domain_of(t) for t in topics), *rows}):
        row = rows.get(topic, {})
        last = row.get("last_event_at")
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        out.append(
            {
                "topic": topic,
                "events": row.get("events", 0),
                "last_event_at": last.isoformat() if last else None,
                "age_seconds": round((now - last).total_seconds(), 1) if last else None,
                "lag": lag.get(topic),
            }
        )
    measured = probe.measured_at.isoformat() if probe and probe.measured_at else None
    return {"topics": out, "lag_measured_at": measured, "events": sum(t["events"] for t in out)}


def domain_of(topic: str) -> str:
    """The domain a topic carries: itself, or the last part of a copy's name (``x.membership``)."""
    return topic.rsplit(".", 1)[-1]
