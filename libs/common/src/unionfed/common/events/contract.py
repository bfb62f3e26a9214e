"""What every integration event's data is: a pydantic model bound to one versioned type.

A contract's type name is ``<domain>.<aggregate>.<what happened>.v<N>``, for example
``grievance.case.filed.v1``. The domain is also the Kafka topic. A breaking change to the
data needs a new type version (``...v2``); the contracts checker in CI enforces that.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

_TYPE_NAME = re.compile(r"^(?P<domain>[a-z][a-z-]*)\.[a-z][a-z_.]*\.v(?P<version>[1-9][0-9]*)$")


class IntegrationEvent(BaseModel):
    """Data of an integration event. Subclasses are declared with :func:`event_contract`.

    Unknown fields are ignored on read so that a producer may add optional fields without
    breaking consumers that still run the previous release.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    topic: ClassVar[str]
    version: ClassVar[int]
    summary: ClassVar[str] = ""


def event_contract(event_type: str, *, summary: str = ""):
    """Class decorator binding an :class:`IntegrationEvent` subclass to its type name."""
    match = _TYPE_NAME.match(event_type)
    if match is None:
        raise ValueError(
            f"event type {event_type!r} must look like '<domain>.<aggregate>.<verb>.v<N>'"
        )

    def bind(cls: type[IntegrationEvent]) -> type[IntegrationEvent]:
        cls.event_type = event_type
        cls.topic = match["domain"]
        cls.version = int(match["version"])
        cls.summary = summary or (cls.__doc__ or "").strip().splitlines()[0]
        return cls

    return bind
