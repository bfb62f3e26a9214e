"""Alembic environment of the aid service."""

from unionfed.aid.adapters.tables import build_tables
from unionfed.common.db.migrations import run_alembic_env

run_alembic_env(build_tables().metadata)
