"""Shared fixtures for every test in the workspace: a real Kafka broker, real databases."""

pytest_plugins = ["unionfed.common.testing.fixtures"]
