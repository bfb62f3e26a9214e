"""Kafka clients configured the way every service needs them."""

from unionfed.common.kafka.clients import create_producer, ensure_topics, partitions_of

__all__ = ["create_producer", "ensure_topics", "partitions_of"]
