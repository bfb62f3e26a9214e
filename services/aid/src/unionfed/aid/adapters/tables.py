"""The aid service's database schema; its own database, shared with no one.

Money is kept in fen (integer ``*_fen`` columns). A family's income, the details of its causes,
the evidence notes, names, objection texts and government answers are encrypted at rest
(``*_enc``); the resident ID number is never stored, only the member's keyed hash.
"""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from unionfed.common.db.audit import audit_table
from unionfed.common.db.sealed import sealed
from unionfed.common.db.tables import SEQ_TYPE, inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables


@dataclass(frozen=True)
class AidTables(ServiceTables):
    members: Table
    titles: Table
    files: Table
    file_steps: Table
    programs: Table
    budgets: Table
    grants: Table
    objections: Table
    consents: Table
    checks: Table
    ledger: Table
    conflicts: Table
    audit: Table


def _people(md: MetaData) -> tuple[Table, Table]:
    # Members of every deployment, from the membership events: ids and keys only.
    members = Table(
        "known_members",
        md,
        Column("member_id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("station_code", String(32), nullable=False),
        Column("union_id", String(40)),
        Column("active", Boolean, nullable=False),
    )
    # Model-worker titles from the model-worker events: who may have model-worker relief.
    titles = Table(
        "model_worker_titles",
        md,
        Column("title_id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("in_force", Boolean, nullable=False),
    )
    return members, titles


def _files(md: MetaData) -> tuple[Table, Table]:
    files = Table(
        "hardship_files",
        md,
        Column("id", String(40), primary_key=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("member_id", String(40), nullable=False, index=True),
        Column("person_key", String(64), nullable=False),
        Column("union_id", String(40)),
        Column("level", String(20), nullable=False),
        Column("causes", JSON, nullable=False),
        Column("household_size", Integer, nullable=False),
        Column("income_enc", Text, nullable=False, info=sealed("file.income")),
        Column("cause_details_enc", Text, nullable=False, info=sealed("file.cause_details")),
        Column("evidence_enc", Text, nullable=False, info=sealed("file.evidence")),
        Column("status", String(20), nullable=False, index=True),
        Column("opened_on", Date, nullable=False),
        Column("approved_on", Date),
        Column("reverify_by", Date, index=True),
        Column("overdue", Boolean, nullable=False),
        Column("closed_on", Date),
        Column("close_reason", String(30)),
    )
    steps = Table(
        "hardship_file_steps",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("file_id", String(40), ForeignKey("hardship_files.id"), nullable=False, index=True),
        Column("step", String(30), nullable=False),
        Column("status", String(20), nullable=False),
        Column("by", String(100), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("note_enc", Text, nullable=False, info=sealed("file.step_note")),
    )
    return files, steps


def _programs(md: MetaData) -> tuple[Table, Table]:
    programs = Table(
        "programs",
        md,
        Column("id", String(40), primary_key=True),
        Column("kind", String(30), nullable=False),
        Column("period", String(60), nullable=False, index=True),
        Column("year", Integer, nullable=False, index=True),
        Column("title", String(200), nullable=False),
        Column("per_person_cap_fen", BigInteger, nullable=False),
        Column("eligibility", JSON, nullable=False),
        Column("publicity_days", Integer, nullable=False),
        Column("government_check_required", Boolean, nullable=False),
        Column("status", String(20), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("kind", "period", name="uq_program_kind_period"),
    )
    # holder: a station code, or "federation" for the federation's own budget.
    budgets = Table(
        "budgets",
        md,
        Column("program_id", String(40), ForeignKey("programs.id"), primary_key=True),
        Column("holder", String(32), primary_key=True),
        Column("amount_fen", BigInteger, nullable=False),
        Column("committed_fen", BigInteger, nullable=False),
        Column("paid_fen", BigInteger, nullable=False),
    )
    return programs, budgets


def _grants(md: MetaData) -> tuple[Table, Table, Table, Table]:
    grants = Table(
        "grants",
        md,
        Column("id", String(40), primary_key=True),
        Column("program_id", String(40), ForeignKey("programs.id"), nullable=False, index=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("member_id", String(40), nullable=False, index=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("union_id", String(40)),
        Column("hardship_file_id", String(40)),
        Column("name_enc", Text, nullable=False, info=sealed("grant.name")),
        Column("reason_enc", Text, nullable=False, info=sealed("grant.reason")),
        Column("documents", JSON, nullable=False),
        Column("children", JSON, nullable=False),
        Column("amount_fen", BigInteger, nullable=False),
        Column("budget_holder", String(32), nullable=False),
        Column("status", String(20), nullable=False, index=True),
        Column("applied_on", Date, nullable=False),
        Column("approved_on", Date),
        Column("publicity_from", Date),
        Column("publicity_until", Date),
        Column("disbursed_fen", BigInteger),
        Column("disbursed_on", Date, index=True),
        Column("method", String(20)),
        Column("payment_reference", String(100)),
        Column("end_reason", String(30)),
        Column("history", JSON, nullable=False),
    )
    objections = Table(
        "grant_objections",
        md,
        Column("id", String(40), primary_key=True),
        Column("grant_id", String(40), ForeignKey("grants.id"), nullable=False, index=True),
        Column("summary_enc", Text, nullable=False, info=sealed("objection.summary")),
        Column("raised_on", Date, nullable=False),
        Column("recorded_by", String(100), nullable=False),
        Column("upheld", Boolean),
        Column("decision_enc", Text, info=sealed("objection.decision")),
        Column("decided_by", String(100)),
        Column("decided_at", DateTime(timezone=True)),
    )
    consents = Table(
        "consents",
        md,
        Column("id", String(40), primary_key=True),
        Column("grant_id", String(40), ForeignKey("grants.id"), nullable=False, index=True),
        Column("given_by", String(20), nullable=False),
        Column("given_at", DateTime(timezone=True), nullable=False),
        Column("purpose", String(40), nullable=False),
        Column("valid_until", Date, nullable=False),
        Column("scopes", JSON, nullable=False),
        Column("recorded_by", String(100), nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
    )
    checks = Table(
        "government_checks",
        md,
        Column("id", String(40), primary_key=True),
        Column("grant_id", String(40), ForeignKey("grants.id"), nullable=False, index=True),
        Column("kind", String(30), nullable=False),
        Column("query_id", String(100), nullable=False),
        Column("asked_at", DateTime(timezone=True), nullable=False),
        Column("answered_at", DateTime(timezone=True), nullable=False),
        Column("answer_enc", Text, nullable=False, info=sealed("check.answer")),
        Column("asked_by", String(100), nullable=False),
    )
    return grants, objections, consents, checks


def _county(md: MetaData) -> tuple[Table, Table]:
    # The county-wide grant ledger, from the aid events of every deployment (own included).
    ledger = Table(
        "grant_ledger",
        md,
        Column("grant_id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False),
        Column("program_kind", String(30), nullable=False),
        Column("period", String(60), nullable=False),
        Column("station_code", String(32), nullable=False),
        Column("status", String(20), nullable=False),
        Column("rank", Integer, nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Index("ix_grant_ledger_person", "person_key", "program_kind", "period"),
    )
    conflicts = Table(
        "duplicate_grants",
        md,
        Column("id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False),
        Column("program_kind", String(30), nullable=False),
        Column("period", String(60), nullable=False),
        Column("grant_ids", JSON, nullable=False),
        Column("station_codes", JSON, nullable=False),
        Column("detected_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("person_key", "program_kind", "period", name="uq_duplicate_once"),
    )
    return ledger, conflicts


def build_tables() -> AidTables:
    md = MetaData()
    members, titles = _people(md)
    files, file_steps = _files(md)
    programs, budgets = _programs(md)
    grants, objections, consents, checks = _grants(md)
    ledger, conflicts = _county(md)
    return AidTables(
        md,
        outbox_table(md),
        inbox_table(md),
        members=members,
        titles=titles,
        files=files,
        file_steps=file_steps,
        programs=programs,
        budgets=budgets,
        grants=grants,
        objections=objections,
        consents=consents,
        checks=checks,
        ledger=ledger,
        conflicts=conflicts,
        audit=audit_table(md),
    )
