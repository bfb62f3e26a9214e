"""Fixtures of the federation tests (helpers live in federation_fixtures.py)."""
