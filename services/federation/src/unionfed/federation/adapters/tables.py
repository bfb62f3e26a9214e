"""The federation's database schema; its own database, shared with no one.

Read models are one row per aggregate (member, union, case, grant, title...) as the events
describe it; the figures are counted from them when asked. Amounts are whole fen (分).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from unionfed.common.db.tables import inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables
from unionfed.federation.projection import tables as names

Moment = DateTime(timezone=True)


def _id(name: str, length: int = 64, **kw) -> Column:
    return Column(name, String(length), **kw)


def _facts_at() -> Column:
    return Column("facts_at", Moment)


def read_model_tables(metadata: MetaData) -> dict[str, Table]:
    t = {}
    t[names.STATIONS] = Table(
        names.STATIONS,
        metadata,
        _id("station_code", 32, primary_key=True),
        Column("name", String(100)),
        Column("kind", String(20)),
    )
    t[names.UNIONS] = Table(
        names.UNIONS,
        metadata,
        _id("union_id", primary_key=True),
        _id("station_code", 32),
        Column("employer_name", String(200)),
        _id("employer_credit_code", 18),
        Column("sector", String(64)),
        Column("headcount", Integer, nullable=False),
        Column("founded_on", Date),
        Column("status", String(16), nullable=False),
        Column("dissolved_on", Date),
        _id("merged_into"),
        _facts_at(),
        Index("ix_fed_unions_station", "station_code"),
    )
    t[names.MEMBERS] = Table(
        names.MEMBERS,
        metadata,
        _id("member_id", primary_key=True),
        _id("source", 200),
        _id("person_key"),
        _id("station_code", 32),
        _id("union_id"),
        _id("worker_type", 16),
        _id("gender", 8),
        Column("birth_year", Integer),
        Column("joined_on", Date),
        Column("started_at", Moment),
        Column("ended_at", Moment),
        _id("end_reason", 20),
        Column("ended_on", Date),
        Column("transferred_in", Boolean, nullable=False),
        _facts_at(),
        Index("ix_fed_members_person", "person_key"),
        Index("ix_fed_members_station", "station_code", "union_id"),
    )
    t[names.CASES] = Table(
        names.CASES,
        metadata,
        _id("case_id", primary_key=True),
        _id("station_code", 32),
        _id("category", 32),
        _id("employer_key", 128),
        _id("employer_credit_code", 18),
        Column("workers_affected", Integer, nullable=False),
        Column("collective", Boolean, nullable=False),
        _id("channel", 20),
        _id("status", 20),
        Column("filed_at", Moment),
        _id("filed_month", 7),
        Column("accept_by", Date),
        Column("accepted_at", Moment),
        Column("mediation_by", Date),
        Column("resolved_at", Moment),
        _id("outcome", 20),
        Column("amount_claimed_fen", BigInteger, nullable=False),
        Column("amount_recovered_fen", BigInteger, nullable=False),
        Column("satisfaction", Integer),
        Column("overdue", Boolean, nullable=False),
        Column("escalated", Boolean, nullable=False),
        _id("escalation_reason", 16),
        _id("referral_target", 32),
        _facts_at(),
        Index("ix_fed_cases_station", "station_code"),
    )
    t[names.CLUSTERS] = Table(
        names.CLUSTERS,
        metadata,
        _id("cluster_id", primary_key=True),
        _id("employer_key", 128),
        _id("employer_credit_code", 18),
        Column("case_count", Integer, nullable=False),
        Column("case_ids", Text),
        Column("station_codes", Text),
        Column("window_days", Integer),
        Column("detected_at", Moment),
    )
    t[names.PROGRAMS] = Table(
        names.PROGRAMS,
        metadata,
        _id("program_id", primary_key=True),
        _id("program_kind", 32),
        _id("period", 64),
        Column("year", Integer),
        Column("title", String(200)),
        Column("per_person_cap_fen", BigInteger),
    )
    t[names.BUDGETS] = Table(
        names.BUDGETS,
        metadata,
        _id("program_id", primary_key=True),
        _id("station_code", 32, primary_key=True),
        _id("program_kind", 32),
        _id("period", 64),
        Column("year", Integer),
        Column("amount_fen", BigInteger, nullable=False),
        _facts_at(),
    )
    t[names.GRANTS] = Table(
        names.GRANTS,
        metadata,
        _id("grant_id", primary_key=True),
        _id("program_id"),
        _id("program_kind", 32),
        _id("period", 64),
        Column("year", Integer),
        _id("station_code", 32),
        _id("member_id"),
        _id("person_key"),
        Column("amount_fen", BigInteger, nullable=False),
        _id("status", 16),
        Column("applied_at", Moment),
        _id("applied_month", 7),
        Column("disbursed_on", Date),
        _id("disbursed_month", 7),
        _id("method", 16),
        Column("objections", Integer, nullable=False),
        _id("end_reason", 32),
        _facts_at(),
        Index("ix_fed_grants_station", "station_code"),
        Index("ix_fed_grants_member", "member_id"),
    )
    t[names.HARDSHIP_FILES] = Table(
        names.HARDSHIP_FILES,
        metadata,
        _id("file_id", primary_key=True),
        _id("station_code", 32),
        _id("level", 16),
        Column("household_size", Integer),
        _id("status", 16),
        Column("opened_at", Moment),
        Column("closed_on", Date),
        _id("close_reason", 32),
        _facts_at(),
    )
    t[names.CAMPAIGNS] = Table(
        names.CAMPAIGNS,
        metadata,
        _id("campaign_id", primary_key=True),
        _id("level", 16),
        Column("year", Integer),
        Column("quota_total", Integer),
        _id("status", 16),
        _id("document_number", 100),
    )
    t[names.NOMINEES] = Table(
        names.NOMINEES,
        metadata,
        _id("nomination_id", primary_key=True),
        _id("campaign_id"),
        _id("station_code", 32),
        _id("sector", 64),
        Column("front_line", Boolean),
        _id("status", 16),
        _facts_at(),
    )
    t[names.TITLES] = Table(
        names.TITLES,
        metadata,
        _id("title_id", primary_key=True),
        _id("person_key"),
        _id("station_code", 32),
        _id("level", 16),
        _id("sector", 64),
        _id("status", 24),
        Column("awarded_on", Date),
        Column("managed_until", Date),
        Column("ended_on", Date),
        _id("campaign_id"),
        _facts_at(),
    )
    t[names.ASSESSMENTS] = Table(
        names.ASSESSMENTS,
        metadata,
        _id("title_id", primary_key=True),
        Column("year", Integer, primary_key=True),
        Column("passed", Boolean, nullable=False),
    )
    t[names.BENEFITS] = Table(
        names.BENEFITS,
        metadata,
        _id("title_id", primary_key=True),
        _id("benefit", 32, primary_key=True),
        Column("year", Integer, primary_key=True),
        _id("station_code", 32),
        Column("delivered_on", Date),
    )
    t[names.REFERRALS] = Table(
        names.REFERRALS,
        metadata,
        _id("referral_id", primary_key=True),
        _id("case_id"),
        _id("station_code", 32),
        _id("status", 16),
        _id("outcome", 32),
        Column("updated_at", Moment),
    )
    t[names.AID_REPORTS] = Table(
        names.AID_REPORTS,
        metadata,
        _id("grant_id", primary_key=True),
        _id("station_code", 32),
        Column("delivered_at", Moment),
    )
    t[names.CONFLICTS] = Table(
        names.CONFLICTS,
        metadata,
        _id("conflict_key", 400, primary_key=True),
        _id("kind", 24),
        _id("person_key"),
        Column("station_codes", Text),
        Column("refs", Text),
        _id("program_kind", 32),
        _id("period", 64),
        Column("detected_at", Moment),
        Index("ix_fed_conflicts_person", "person_key"),
    )
    t[names.FRESHNESS] = Table(
        names.FRESHNESS,
        metadata,
        _id("topic", 100, primary_key=True),
        Column("last_event_at", Moment),
        Column("events", BigInteger, nullable=False),
    )
    return t


@dataclass(frozen=True)
class FederationTables(ServiceTables):
    read_models: dict[str, Table]
    resolutions: Table


def build_tables() -> FederationTables:
    metadata = MetaData()
    read_models = read_model_tables(metadata)
    # Federation staff's own work on the conflicts: kept across rebuilds, keyed like them.
    resolutions = Table(
        "fed_conflict_resolutions",
        metadata,
        _id("conflict_key", 400, primary_key=True),
        _id("resolved_by", 100, nullable=False),
        Column("note", Text, nullable=False),
        Column("resolved_at", Moment, nullable=False),
    )
    return FederationTables(
        metadata, outbox_table(metadata), inbox_table(metadata), read_models, resolutions
    )
