"""Kafka clients configured the way every service needs them."""

from unionfed.common.kafka.clients import create_producer, ensure_topics

__all__ = ["create_producer", "ensure_topics"]
