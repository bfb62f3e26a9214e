"""The grievance service's database schema; its own database, shared with no one.

The worker's name and phone, the description and the notes of each step may hold personal
data (health, family): they are stored encrypted (``*_enc``) with the deployment's key.
"""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)

from unionfed.common.db.audit import audit_table
from unionfed.common.db.sealed import sealed
from unionfed.common.db.tables import SEQ_TYPE, inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables


@dataclass(frozen=True)
class GrievanceTables(ServiceTables):
    cases: Table
    steps: Table
    employer_cases: Table
    cluster_alerts: Table
    evidence: Table
    members: Table
    pii_audit: Table


def build_tables() -> GrievanceTables:
    md = MetaData()
    cases = Table(
        "cases",
        md,
        Column("id", String(40), primary_key=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("channel", String(20), nullable=False),
        Column("category", String(30), nullable=False, index=True),
        Column("description_enc", Text, nullable=False, info=sealed("case.description")),
        Column("workers_affected", Integer, nullable=False),
        Column("amount_claimed", Numeric(14, 2)),
        Column("employer_key", String(80), nullable=False, index=True),
        Column("employer_credit_code", String(18)),
        Column("employer_name", String(200), nullable=False),
        Column("worker_name_enc", Text, nullable=False, info=sealed("case.worker_name")),
        Column("worker_phone_enc", Text, nullable=False, info=sealed("case.worker_phone")),
        Column("member_id", String(40)),
        Column("filed_at", DateTime(timezone=True), nullable=False, index=True),
        Column("status", String(20), nullable=False, index=True),
        Column("handler", String(100)),
        Column("referral", String(30)),
        Column("outcome", String(20)),
        Column("amount_recovered", Numeric(14, 2)),
        Column("satisfaction", Integer),
        Column("escalated", Boolean, nullable=False),
        Column("deadlines", JSON, nullable=False),  # name -> ISO date
        Column("overdue", JSON, nullable=False),  # names already reported
        Column("version", Integer, nullable=False),
    )
    steps = Table(
        "case_steps",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("case_id", String(40), ForeignKey("cases.id"), nullable=False, index=True),
        Column("action", String(30), nullable=False),
        Column("status", String(20), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("by", String(100), nullable=False),
        Column("note_enc", Text, nullable=False, info=sealed("case.note")),
        Column("details", JSON, nullable=False),
    )
    # Every station's cases by employer, from the grievance events of all deployments.
    employer_cases = Table(
        "employer_cases",
        md,
        Column("case_id", String(40), primary_key=True),
        Column("employer_key", String(80), nullable=False, index=True),
        Column("employer_credit_code", String(18)),
        Column("station_code", String(32), nullable=False),
        Column("filed_at", DateTime(timezone=True), nullable=False),
    )
    cluster_alerts = Table(
        "cluster_alerts",
        md,
        Column("cluster_id", String(40), primary_key=True),
        Column("employer_key", String(80), nullable=False, index=True),
        Column("employer_credit_code", String(18)),
        Column("case_ids", JSON, nullable=False),
        Column("station_codes", JSON, nullable=False),
        Column("detected_at", DateTime(timezone=True), nullable=False),
    )
    # Attachments live in the evidence store (files); the database keeps what and whose.
    evidence = Table(
        "case_evidence",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("case_id", String(40), ForeignKey("cases.id"), nullable=False, index=True),
        Column("storage_key", String(64), nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("size", Integer, nullable=False),
        Column("content_type", String(40), nullable=False),
        Column("original_name_enc", Text, nullable=False, info=sealed("evidence.name")),
        Column("uploaded_by", String(100), nullable=False),
        Column("uploaded_at", DateTime(timezone=True), nullable=False),
    )
    # Members known from the membership events of every deployment: ids only, no personal data.
    members = Table(
        "known_members",
        md,
        Column("member_id", String(40), primary_key=True),
        Column("station_code", String(32), nullable=False),
        Column("active", Boolean, nullable=False),
    )
    return GrievanceTables(
        md,
        outbox_table(md),
        inbox_table(md),
        cases=cases,
        steps=steps,
        employer_cases=employer_cases,
        cluster_alerts=cluster_alerts,
        evidence=evidence,
        members=members,
        pii_audit=audit_table(md),
    )
