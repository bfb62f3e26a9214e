"""Logs and metrics every service and worker shares."""

from unionfed.common.observability.logs import (
    JsonFormatter,
    bind_correlation_id,
    bind_event_id,
    configure_logging,
    correlation_id,
    current_correlation_id,
    current_event_id,
    event_id,
    redact,
)
from unionfed.common.observability.metrics import (
    MetricsMiddleware,
    ServiceMetrics,
    add_observability_routes,
)

__all__ = [
    "JsonFormatter",
    "MetricsMiddleware",
    "ServiceMetrics",
    "add_observability_routes",
    "bind_correlation_id",
    "bind_event_id",
    "configure_logging",
    "correlation_id",
    "current_correlation_id",
    "current_event_id",
    "event_id",
    "redact",
]
