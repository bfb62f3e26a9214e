"""Alembic environment of the model-worker service."""

from unionfed.common.db.migrations import run_alembic_env
from unionfed.model_worker.adapters.tables import build_tables

run_alembic_env(build_tables().metadata)
