"""The model-worker service's database schema; its own database, shared with no one.

A nominee's name is stored encrypted (``name_enc``); the resident ID number is not stored at
all, only its keyed hash (``person_key``). Veto and objection reasons and assessment reasons
may touch personal matters: encrypted too.
"""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from unionfed.common.db.sealed import sealed
from unionfed.common.db.tables import SEQ_TYPE, inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables


@dataclass(frozen=True)
class ModelWorkerTables(ServiceTables):
    campaigns: Table
    nominations: Table
    clearances: Table
    objections: Table
    titles: Table
    assessments: Table
    benefits: Table
    studios: Table
    members: Table
    employer_cases: Table


def build_tables() -> ModelWorkerTables:
    md = MetaData()
    campaigns = Table(
        "campaigns",
        md,
        Column("id", String(40), primary_key=True),
        Column("title", String(200), nullable=False),
        Column("level", String(20), nullable=False),
        Column("year", Integer, nullable=False, index=True),
        Column("quota_total", Integer, nullable=False),
        Column("quotas_by_sector", JSON, nullable=False),
        Column("min_front_line_share", Float, nullable=False),
        Column("nominations_open", Date, nullable=False),
        Column("nominations_close", Date, nullable=False),
        Column("vote_threshold", Float, nullable=False),
        Column("departments", JSON, nullable=False),
        Column("status", String(20), nullable=False),
        Column("publicity_from", Date),
        Column("publicity_until", Date),
        Column("meeting_on", Date),
        Column("document_number", String(100)),
        Column("approved_on", Date),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    nominations = Table(
        "nominations",
        md,
        Column("id", String(40), primary_key=True),
        Column("campaign_id", String(40), ForeignKey("campaigns.id"), nullable=False, index=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("nominated_by_union_id", String(40)),
        Column("person_key", String(64), nullable=False, index=True),
        Column("member_id", String(40)),
        Column("name_enc", Text, nullable=False, info=sealed("nominee.name")),
        Column("employer_credit_code", String(18), nullable=False, index=True),
        Column("employer_name", String(200), nullable=False),
        Column("sector", String(40), nullable=False),
        Column("front_line", Boolean, nullable=False),
        Column("achievements", Text, nullable=False),
        Column("congress_endorsed_on", Date, nullable=False),
        Column("status", String(20), nullable=False, index=True),
        Column("votes_for", Integer),
        Column("votes_cast", Integer),
        Column("nominated_at", DateTime(timezone=True), nullable=False),
        UniqueConstraint("campaign_id", "person_key", name="uq_nomination_person"),
    )
    clearances = Table(
        "clearances",
        md,
        Column("nomination_id", String(40), ForeignKey("nominations.id"), primary_key=True),
        Column("department", String(40), primary_key=True),
        Column("veto", Boolean, nullable=False),
        Column("reason_enc", Text, nullable=False, info=sealed("clearance.reason")),
        Column("decided_on", Date, nullable=False),
        Column("recorded_by", String(100), nullable=False),
    )
    objections = Table(
        "objections",
        md,
        Column("id", String(40), primary_key=True),
        Column("nomination_id", String(40), ForeignKey("nominations.id"), nullable=False),
        Column("campaign_id", String(40), nullable=False, index=True),
        Column("summary_enc", Text, nullable=False, info=sealed("objection.summary")),
        Column("received_on", Date, nullable=False),
        Column("decision", String(20)),  # upheld | dismissed
        Column("finding_enc", Text, info=sealed("objection.finding")),
        Column("decided_on", Date),
    )
    titles = Table(
        "titles",
        md,
        Column("id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("member_id", String(40)),
        Column("name_enc", Text, nullable=False, info=sealed("title.name")),
        Column("station_code", String(32), nullable=False, index=True),
        Column("level", String(20), nullable=False),
        Column("employer_credit_code", String(18), index=True),
        Column("employer_name", String(200)),
        Column("sector", String(40), nullable=False),
        Column("campaign_id", String(40)),
        Column("nomination_id", String(40)),
        Column("awarded_on", Date, nullable=False),
        Column("managed_until", Date, nullable=False, index=True),
        Column("status", String(30), nullable=False, index=True),
        Column("revocation_reason", Text),
        Column("ended_on", Date),
        Column("document_number", String(100)),
        Column("revocation_document_number", String(100)),
    )
    assessments = Table(
        "assessments",
        md,
        Column("title_id", String(40), ForeignKey("titles.id"), primary_key=True),
        Column("year", Integer, primary_key=True),
        Column("passed", Boolean, nullable=False),
        Column("reasons_enc", Text, nullable=False, info=sealed("assessment.reasons")),
        Column("employer_opinion_enc", Text, nullable=False, info=sealed("assessment.emp")),
        Column("assessed_on", Date, nullable=False),
        Column("recorded_by", String(100), nullable=False),
    )
    benefits = Table(
        "benefits_delivered",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("title_id", String(40), ForeignKey("titles.id"), nullable=False, index=True),
        Column("year", Integer, nullable=False),
        Column("benefit", String(30), nullable=False),
        Column("delivered_on", Date, nullable=False),
        Column("note", Text, nullable=False),
        Column("recorded_by", String(100), nullable=False),
        UniqueConstraint("title_id", "year", "benefit", name="uq_benefit_once_a_year"),
    )
    studios = Table(
        "studios",
        md,
        Column("id", String(40), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("station_code", String(32), nullable=False, index=True),
        Column("lead_title_id", String(40), ForeignKey("titles.id"), nullable=False),
        Column("field", String(100), nullable=False),
        Column("member_ids", JSON, nullable=False),
        Column("achievements", JSON, nullable=False),
        Column("registered_on", Date, nullable=False),
    )
    # Members known from the membership events of every deployment: ids and keys only.
    members = Table(
        "known_members",
        md,
        Column("member_id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("station_code", String(32), nullable=False),
        Column("active", Boolean, nullable=False),
    )
    # Unpaid-wages and social-insurance cases by employer, from the grievance events.
    employer_cases = Table(
        "employer_cases",
        md,
        Column("case_id", String(40), primary_key=True),
        Column("employer_key", String(80), nullable=False, index=True),
        Column("employer_credit_code", String(18), index=True),
        Column("category", String(30), nullable=False),
        Column("station_code", String(32), nullable=False),
        Column("open", Boolean, nullable=False),
        Column("filed_at", DateTime(timezone=True), nullable=False),
    )
    return ModelWorkerTables(
        md,
        outbox_table(md),
        inbox_table(md),
        campaigns=campaigns,
        nominations=nominations,
        clearances=clearances,
        objections=objections,
        titles=titles,
        assessments=assessments,
        benefits=benefits,
        studios=studios,
        members=members,
        employer_cases=employer_cases,
    )
