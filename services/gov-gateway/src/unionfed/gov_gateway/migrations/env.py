"""Alembic environment of the gov-gateway service."""

from unionfed.common.db.migrations import run_alembic_env
from unionfed.gov_gateway.adapters.tables import build_tables

run_alembic_env(build_tables().metadata)
