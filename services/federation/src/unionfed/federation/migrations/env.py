"""Alembic environment of the federation service."""

from unionfed.common.db.migrations import run_alembic_env
from unionfed.federation.adapters.tables import build_tables

run_alembic_env(build_tables().metadata)
