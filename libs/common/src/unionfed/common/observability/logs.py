"""Structured logs: one JSON object per line, tied to the request or event being handled,
with resident ID numbers and mobile numbers masked before anything is written.
"""

from __future__ import annotations

import json as jsonlib
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from unionfed.common.identifiers import mask_mobile, mask_resident_id

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
event_id: ContextVar[str | None] = ContextVar("event_id", default=None)

# 18-character (17 digits + digit or X) and old 15-digit resident ID numbers, not inside a
# longer run of digits; then mainland mobiles with an optional +86/0086 and separators.
_RESIDENT_ID = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")
_MOBILE = re.compile(
    r"(?<![0-9])(?P<prefix>(?:\+|00)86[\s-]?)?"
    r"(?P<number>1[3-9][0-9][\s-]?[0-9]{4}[\s-]?[0-9]{4})(?![0-9])"
)
_SEPARATORS = re.compile(r"[\s-]")
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}
_HANDLER_MARK = "_unionfed_handler"


def redact(text: str) -> str:
    """Mask resident ID numbers and mobile numbers in ``text``."""
    text = _RESIDENT_ID.sub(lambda m: mask_resident_id(m.group()), text)
    return _MOBILE.sub(
        lambda m: (m["prefix"] or "") + mask_mobile(_SEPARATORS.sub("", m["number"])), text
    )


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bool | float) or value is None:
        return value
    if isinstance(value, int):
        # A mobile or ID number passed as a number must not slip through as one.
        masked = redact(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, Mapping):
        return {str(key): _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(item) for item in value]
    return redact(str(value))


class JsonFormatter(logging.Formatter):
    """Formats a record as one redacted JSON object with the service and current context."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "service": self.service,
            "msg": record.getMessage(),
            "correlation_id": correlation_id.get(),
            "event_id": event_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = record.stack_info
        return jsonlib.dumps(_scrub(entry), ensure_ascii=False)


class RedactingFormatter(logging.Formatter):
    """Plain-text lines for a developer's terminal, redacted like the JSON ones."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(
    service: str, level: str = "INFO", json: bool = True, *, stream: TextIO | None = None
) -> logging.Handler:
    """Send the root logger's records to ``stream`` (stdout) as JSON lines, or plain text.

    Calling it again replaces the handler it installed before rather than adding a second.
    """
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(
        JsonFormatter(service)
        if json
        else RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler


@contextmanager
def _bound(var: ContextVar[str | None], value: str | None) -> Iterator[None]:
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def bind_correlation_id(value: str | None) -> AbstractContextManager[None]:
    """Within the ``with`` block, log lines carry ``correlation_id=value``."""
    return _bound(correlation_id, value)


def bind_event_id(value: str | None) -> AbstractContextManager[None]:
    """Within the ``with`` block, log lines carry the id of the event being handled."""
    return _bound(event_id, value)


def current_correlation_id() -> str | None:
    """The correlation id bound in this context, to pass on to events and outgoing calls."""
    return correlation_id.get()


def current_event_id() -> str | None:
    """The id of the event being handled in this context, if any."""
    return event_id.get()
