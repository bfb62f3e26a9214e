"""Adapters: database tables and other ports to the outside world."""
