"""Alembic operations for the audit log of unmasked reads (``db/audit.py``), shared by every
service's migrations. Frozen like ``outbox_migration``: a change needs a new operation."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unionfed.common.db.tables import SEQ_TYPE


def create_audit_log_v1() -> None:
    op.create_table(
        "pii_audit",
        sa.Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("actor_roles", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("record_type", sa.String(20), nullable=False),
        sa.Column("record_id", sa.String(40)),
        sa.Column("station_code", sa.String(32)),
        sa.Column("fields", sa.String(200), nullable=False),
        sa.Column("purpose", sa.String(500), nullable=False),
    )
    op.create_index("ix_pii_audit_record_id", "pii_audit", ["record_id"])
    op.create_index("ix_pii_audit_station_code", "pii_audit", ["station_code"])


def drop_audit_log_v1() -> None:
    op.drop_index("ix_pii_audit_station_code", table_name="pii_audit")
    op.drop_index("ix_pii_audit_record_id", table_name="pii_audit")
    op.drop_table("pii_audit")
