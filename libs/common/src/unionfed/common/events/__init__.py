"""Integration events: versioned contracts, the CloudEvents envelope and the registry."""

from unionfed.common.events.contract import IntegrationEvent, event_contract
from unionfed.common.events.envelope import EventEnvelope, KafkaRecord, SourceRef
from unionfed.common.events.registry import EventRegistry, UnknownEventType

__all__ = [
    "EventEnvelope",
    "EventRegistry",
    "IntegrationEvent",
    "KafkaRecord",
    "SourceRef",
    "UnknownEventType",
    "event_contract",
]
