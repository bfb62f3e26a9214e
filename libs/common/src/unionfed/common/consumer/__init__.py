"""The idempotent consumer: inbox de-duplication, retries, and a dead-letter topic."""

from unionfed.common.consumer.consumer import Handler, IdempotentConsumer, RetryPolicy
from unionfed.common.consumer.dead_letter import DeadLetterPublisher, dead_letter_topic
from unionfed.common.consumer.errors import RejectEvent

__all__ = [
    "DeadLetterPublisher",
    "Handler",
    "IdempotentConsumer",
    "RejectEvent",
    "RetryPolicy",
    "dead_letter_topic",
]
