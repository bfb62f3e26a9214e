"""The membership service's database schema; its own database, shared with no one.

Resident ID numbers and mobile numbers are stored only encrypted (``*_enc``, AES-GCM with the
deployment's key); lookup by exact ID number goes through the keyed hash ``person_key``.
"""

from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from unionfed.common.db.audit import audit_table
from unionfed.common.db.sealed import sealed
from unionfed.common.db.tables import SEQ_TYPE, inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables

#: Corrections of these fields keep their old and new values sealed (the others in clear).
SEALED_CORRECTIONS = ("resident_id", "mobile")


def correction_context(row) -> str | None:
    """What a correction's old and new values are sealed with (None: kept in clear)."""
    return f"correction.{row.field}" if row.field in SEALED_CORRECTIONS else None


@dataclass(frozen=True)
class MembershipTables(ServiceTables):
    """The outbox and inbox, plus the register's own tables."""

    stations: Table
    unions: Table
    members: Table
    corrections: Table
    card_counters: Table
    transfers: Table
    directory: Table
    conflicts: Table
    pii_audit: Table
    import_jobs: Table


def build_tables() -> MembershipTables:
    md = MetaData()
    stations = Table(
        "stations",
        md,
        Column("code", String(32), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("kind", String(20), nullable=False),
        Column("source", String(200), nullable=False),
        Column("registered_at", DateTime(timezone=True), nullable=False),
    )
    unions = Table(
        "unions",
        md,
        Column("id", String(40), primary_key=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("kind", String(20), nullable=False),
        Column("name", String(200), nullable=False),
        Column("employer_credit_code", String(18), index=True),
        Column("sector", String(100), nullable=False),
        Column("headcount", Integer, nullable=False),
        Column("founded_on", Date, nullable=False),
        Column("status", String(20), nullable=False),
        Column("ended_on", Date),
        Column("merged_into", String(40)),
        # Which deployment holds the union: ours, or another known from its events.
        Column("source", String(200), nullable=False),
    )
    members = Table(
        "members",
        md,
        Column("id", String(40), primary_key=True),
        Column("card_number", String(40), nullable=False, unique=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("union_id", String(40), ForeignKey("unions.id"), nullable=False, index=True),
        Column("name", String(50), nullable=False, index=True),
        Column("resident_id_enc", Text, nullable=False, info=sealed("member.resident_id")),
        Column("mobile_enc", Text, nullable=False, info=sealed("member.mobile")),
        Column("gender", String(10), nullable=False),
        Column("birth_date", Date, nullable=False),
        Column("worker_type", String(20), nullable=False),
        Column("joined_on", Date, nullable=False),
        Column("status", String(20), nullable=False),
        Column("ended_on", Date),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("version", Integer, nullable=False),
    )
    # One active membership per person in this deployment, enforced by the database itself so
    # that two concurrent enrolments cannot both commit.
    Index(
        "uq_members_active_person",
        members.c.person_key,
        unique=True,
        postgresql_where=text("status = 'active'"),
        sqlite_where=text("status = 'active'"),
    )
    corrections = Table(
        "member_corrections",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("member_id", String(40), ForeignKey("members.id"), nullable=False, index=True),
        Column("field", String(40), nullable=False),
        Column("old_value", Text, nullable=False, info=sealed(correction_context)),
        Column("new_value", Text, nullable=False, info=sealed(correction_context)),
        Column("reason", String(500), nullable=False),
        Column("corrected_by", String(100), nullable=False),
        Column("corrected_at", DateTime(timezone=True), nullable=False),
    )
    card_counters = Table(
        "card_counters",
        md,
        Column("station_code", String(32), nullable=False),
        Column("year", Integer, nullable=False),
        Column("last", Integer, nullable=False),
        PrimaryKeyConstraint("station_code", "year"),
    )
    transfers = Table(
        "transfers",
        md,
        Column("id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("from_member_id", String(40), nullable=False),
        Column("from_station_code", String(32), nullable=False, index=True),
        Column("from_union_id", String(40), nullable=False),
        Column("to_station_code", String(32), nullable=False, index=True),
        Column("to_union_id", String(40), nullable=False),
        Column("joined_on", Date, nullable=False),
        Column("requested_on", Date, nullable=False),
        Column("status", String(20), nullable=False),
        Column("decided_on", Date),
        Column("decline_reason", String(40)),
        Column("to_member_id", String(40)),
        Column("facts", Text, nullable=False),  # the member's non-identifying facts, as JSON
    )
    directory = Table(
        "directory",
        md,
        Column("source", String(200), nullable=False),
        Column("member_id", String(40), nullable=False),
        Column("person_key", String(64), nullable=False, index=True),
        Column("station_code", String(32), nullable=False),
        Column("union_id", String(40), nullable=False),
        Column("active", Boolean, nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("source", "member_id"),
    )
    conflicts = Table(
        "enrolment_conflicts",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("first_source", String(200), nullable=False),
        Column("first_member_id", String(40), nullable=False),
        Column("first_station_code", String(32), nullable=False),
        Column("first_union_id", String(40), nullable=False),
        Column("second_source", String(200), nullable=False),
        Column("second_member_id", String(40), nullable=False),
        Column("second_station_code", String(32), nullable=False),
        Column("second_union_id", String(40), nullable=False),
        Column("detected_at", DateTime(timezone=True), nullable=False),
        Column("resolved_at", DateTime(timezone=True)),
        Column("resolved_by", String(100)),
        Column("resolution", String(500)),
        UniqueConstraint(
            "first_source",
            "first_member_id",
            "second_source",
            "second_member_id",
            name="uq_conflict_pair",
        ),
    )
    pii_audit = audit_table(md)
    import_jobs = Table(
        "import_jobs",
        md,
        Column("id", String(40), primary_key=True),
        Column("filename", String(200), nullable=False),
        Column("union_id", String(40)),
        Column("created_by", String(100), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("status", String(20), nullable=False),  # running | done | failed | interrupted
        Column("total_rows", Integer, nullable=False),
        Column("processed_rows", Integer, nullable=False),
        Column("imported", Integer, nullable=False),
        Column("already_members", Integer, nullable=False),
        Column("errors", Text, nullable=False),  # JSON list of row errors
        Column("ignored_columns", Text, nullable=False),  # JSON list
        Column("finished_at", DateTime(timezone=True)),
        Column("failure", String(500)),
    )
    return MembershipTables(
        md,
        outbox_table(md),
        inbox_table(md),
        stations=stations,
        unions=unions,
        members=members,
        corrections=corrections,
        card_counters=card_counters,
        transfers=transfers,
        directory=directory,
        conflicts=conflicts,
        pii_audit=pii_audit,
        import_jobs=import_jobs,
    )
