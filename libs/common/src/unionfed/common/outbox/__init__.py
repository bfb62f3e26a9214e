"""Transactional outbox: events are written with the state change, then relayed to Kafka."""

from unionfed.common.outbox.relay import OutboxRelay
from unionfed.common.outbox.wakeup import OutboxWakeup
from unionfed.common.outbox.writer import OutboxWriter, PendingEvent

__all__ = ["OutboxRelay", "OutboxWakeup", "OutboxWriter", "PendingEvent"]
