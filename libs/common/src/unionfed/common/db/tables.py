"""The outbox and inbox tables every service adds to its own metadata.

They are Core tables (not ORM models) because the relay and the consumer work on them in bulk.
"""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    event,
)

from unionfed.common.outbox.wakeup import CHANNEL

# On PostgreSQL the outbox announces new rows itself, once per INSERT statement and only on
# commit, so the relay wakes at once without the unit of work paying another round trip.
OUTBOX_NOTIFY_DDL = (
    "CREATE OR REPLACE FUNCTION unionfed_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$",
    "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
    "FOR EACH STATEMENT EXECUTE FUNCTION unionfed_outbox_notify()",
)

# SQLite only auto-increments an INTEGER PRIMARY KEY (the rowid alias).
SEQ_TYPE = BigInteger().with_variant(Integer(), "sqlite")


def outbox_table(metadata: MetaData) -> Table:
    """Events written in the same transaction as the state change they describe."""
    table = Table(
        "outbox",
        metadata,
        Column("seq", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(64), nullable=False),
        Column("event_key", String(128), nullable=False),
        Column("event_type", String(128), nullable=False),
        Column("source", String(200), nullable=False),
        Column("station", String(32)),
        Column("correlation_id", String(64)),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("payload", Text, nullable=False),
        Column("sent_at", DateTime(timezone=True)),
    )
    # The relay only ever looks at unsent rows; keep that index small.
    Index(
        "ix_outbox_unsent",
        table.c.seq,
        postgresql_where=table.c.sent_at.is_(None),
        sqlite_where=table.c.sent_at.is_(None),
    )
    for statement in OUTBOX_NOTIFY_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    return table


def inbox_table(metadata: MetaData) -> Table:
    """Events a consumer has applied, keyed by CloudEvents ``source`` + ``id``."""
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(100), nullable=False),
        Column("source", String(200), nullable=False),
        Column("event_id", String(64), nullable=False),
        Column("event_type", String(128), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("consumer", "source", "event_id", name="pk_inbox"),
    )
