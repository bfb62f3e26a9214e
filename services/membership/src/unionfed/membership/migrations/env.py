"""Alembic environment of the membership service."""

from unionfed.common.db.migrations import run_alembic_env
from unionfed.membership.adapters.tables import build_tables

run_alembic_env(build_tables().metadata)
