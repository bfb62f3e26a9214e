"""Alembic environment of the grievance service."""

from unionfed.common.db.migrations import run_alembic_env
from unionfed.grievance.adapters.tables import build_tables

run_alembic_env(build_tables().metadata)
