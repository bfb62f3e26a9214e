"""The CloudEvents 1.0 envelope in Kafka's binary content mode.

Attributes travel as ``ce_*`` headers, the data as the JSON value, and the aggregate id as the
message key (also sent as the ``partitionkey`` extension) so that one aggregate's events land
on one partition and stay in order. Extensions used here: ``station`` (the service station the
event concerns), ``correlationid`` (ties an event to the request or event that caused it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from unionfed.common.events.contract import IntegrationEvent

SPEC_VERSION = b"1.0"
CONTENT_TYPE = b"application/json"
REQUIRED = ("ce_specversion", "ce_id", "ce_source", "ce_type")

T = TypeVar("T", bound=IntegrationEvent)


class EnvelopeError(ValueError):
    """A Kafka record that is not a valid event envelope; ``reason`` goes to the dead letter."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SourceRef:
    """Which deployment of which service an event comes from (CloudEvents ``source``)."""

    service: str
    deployment: str

    @property
    def uri(self) -> str:
        return f"/unionfed/{self.service}/{self.deployment}"


@dataclass(frozen=True)
class KafkaRecord:
    """A record ready for the producer."""

    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


@dataclass(frozen=True)
class EventEnvelope(Generic[T]):
    """One integration event with its CloudEvents attributes. ``source`` + ``id`` is unique."""

    id: str
    source: str
    type: str
    time: datetime
    subject: str
    data: T
    station: str | None = None
    correlation_id: str | None = None


def kafka_headers(
    *,
    event_id: str,
    source: str,
    event_type: str,
    time: datetime,
    subject: str,
    station: str | None,
    correlation_id: str | None,
) -> list[tuple[str, bytes]]:
    """Headers of the binary content mode; shared by the relay, which has no pydantic models."""
    headers = [
        ("ce_specversion", SPEC_VERSION),
        ("ce_id", event_id.encode()),
        ("ce_source", source.encode()),
        ("ce_type", event_type.encode()),
        ("ce_time", _iso(time).encode()),
        ("ce_subject", subject.encode()),
        ("ce_partitionkey", subject.encode()),
        ("content-type", CONTENT_TYPE),
    ]
    if station:
        headers.append(("ce_station", station.encode()))
    if correlation_id:
        headers.append(("ce_correlationid", correlation_id.encode()))
    return headers


def to_record(envelope: EventEnvelope[IntegrationEvent]) -> KafkaRecord:
    return KafkaRecord(
        topic=envelope.data.topic,
        key=envelope.subject.encode(),
        value=envelope.data.model_dump_json().encode(),
        headers=kafka_headers(
            event_id=envelope.id,
            source=envelope.source,
            event_type=envelope.type,
            time=envelope.time,
            subject=envelope.subject,
            station=envelope.station,
            correlation_id=envelope.correlation_id,
        ),
    )


def read_headers(headers: Sequence[tuple[str, bytes]]) -> dict[str, str]:
    """Decode ``ce_*`` headers, refusing a record that lacks the required attributes."""
    try:
        attrs = {name: value.decode() for name, value in headers if value is not None}
    except UnicodeDecodeError as exc:
        raise EnvelopeError("undecodable_header", str(exc)) from exc
    missing = [name for name in REQUIRED if not attrs.get(name)]
    if missing:
        raise EnvelopeError("not_a_cloudevent", f"missing headers {', '.join(missing)}")
    if attrs["ce_specversion"] != SPEC_VERSION.decode():
        raise EnvelopeError("unsupported_specversion", attrs["ce_specversion"])
    return attrs


def parse_time(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise EnvelopeError("bad_time", value) from exc


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")
