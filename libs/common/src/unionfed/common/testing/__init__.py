"""Test helpers shared by the services' suites (real infrastructure, found or started)."""
