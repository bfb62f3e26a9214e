"""Maps event type names to their contracts and decodes Kafka records into envelopes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pydantic import ValidationError

from unionfed.common.events.contract import IntegrationEvent
from unionfed.common.events.envelope import EnvelopeError, EventEnvelope, parse_time, read_headers


class UnknownEventType(EnvelopeError):
    def __init__(self, event_type: str) -> None:
        super().__init__("unknown_type", event_type)


class EventRegistry:
    """Type name → contract; built on call (``contracts.default_registry``), never at import."""

    def __init__(self, contracts: Iterable[type[IntegrationEvent]] = ()) -> None:
        self._by_type: dict[str, type[IntegrationEvent]] = {}
        for contract in contracts:
            self.register(contract)

    def register(self, contract: type[IntegrationEvent]) -> None:
        existing = self._by_type.get(contract.event_type)
        if existing is not None and existing is not contract:
            raise ValueError(f"event type {contract.event_type} registered twice")
        self._by_type[contract.event_type] = contract

    def __iter__(self) -> Iterator[type[IntegrationEvent]]:
        return iter(sorted(self._by_type.values(), key=lambda c: c.event_type))

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._by_type

    def contract(self, event_type: str) -> type[IntegrationEvent]:
        try:
            return self._by_type[event_type]
        except KeyError:
            raise UnknownEventType(event_type) from None

    def topics(self) -> list[str]:
        return sorted({c.topic for c in self._by_type.values()})

    def decode(
        self, headers: Sequence[tuple[str, bytes]], value: bytes | None
    ) -> EventEnvelope[IntegrationEvent]:
        """Decode a binary-mode record; raise :class:`EnvelopeError` with a reason."""
        attrs = read_headers(headers)
        contract = self.contract(attrs["ce_type"])
        if value is None:
            raise EnvelopeError("empty_value", attrs["ce_type"])
        try:
            data = contract.model_validate_json(value)
        except ValidationError as exc:
            raise EnvelopeError("schema_violation", _short(exc)) from exc
        return EventEnvelope(
            id=attrs["ce_id"],
            source=attrs["ce_source"],
            type=attrs["ce_type"],
            time=parse_time(attrs.get("ce_time")),
            subject=attrs.get("ce_subject") or attrs.get("ce_partitionkey") or "",
            data=data,
            station=attrs.get("ce_station"),
            correlation_id=attrs.get("ce_correlationid"),
        )


def _short(exc: ValidationError) -> str:
    """Field and rule of each error, without the input values (they may be personal data)."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)[:500]
