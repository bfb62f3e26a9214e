"""Alembic operations creating the outbox and inbox, shared by every service's first migration.

Frozen on purpose: a later change to ``tables.py`` needs a new operation here and a new
migration in each service, never an edit of this one. ``test_migrations`` checks that the
migrated schema still matches ``tables.py``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unionfed.common.db.tables import OUTBOX_NOTIFY_DDL, SEQ_TYPE


def create_outbox_and_inbox_v1() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", SEQ_TYPE, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("event_key", sa.String(128), nullable=False),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("station", sa.String(32)),
        sa.Column("correlation_id", sa.String(64)),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["seq"],
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in OUTBOX_NOTIFY_DDL:
            op.execute(statement)
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "source", "event_id", name="pk_inbox"),
    )


def drop_outbox_and_inbox_v1() -> None:
    op.drop_table("inbox")
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS unionfed_outbox_notify() CASCADE")
    op.drop_table("outbox")
