"""The gateway's database schema; its own database, shared with no one.

ID numbers and government answers are personal data: stored encrypted (``*_enc``) with the
deployment's key. The ledger of aid grants holds person keys, never ID numbers.
"""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from unionfed.common.db.sealed import sealed
from unionfed.common.db.tables import SEQ_TYPE, inbox_table, outbox_table
from unionfed.common.service.runtime import ServiceTables


@dataclass(frozen=True)
class GatewayTables(ServiceTables):
    consents: Table
    identities: Table
    checks: Table
    deliveries: Table
    aid_ledger: Table
    referrals: Table
    referral_updates: Table
    nonces: Table
    audit: Table


def build_tables() -> GatewayTables:
    md = MetaData()
    consents = Table(
        "consents",
        md,
        Column("consent_id", String(64), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("given_by", String(10), nullable=False),
        Column("given_at", DateTime(timezone=True), nullable=False),
        Column("purpose", String(40), nullable=False),
        Column("valid_until", Date, nullable=False),
        Column("scopes", JSON, nullable=False),
        Column("recorded_by", String(100), nullable=False),
        Column("case_service", String(40), nullable=False),
        Column("case_reference", String(64), nullable=False),
        Column("station_code", String(32), nullable=False, index=True),
        Column("stored_at", DateTime(timezone=True), nullable=False),
    )
    # The ID number received with consent in a check, for the civil-affairs aid report.
    identities = Table(
        "identities",
        md,
        Column("person_key", String(64), primary_key=True),
        Column("id_number_enc", Text, nullable=False, info=sealed("identity.id_number")),
        Column("consent_id", String(64), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    checks = Table(
        "checks",
        md,
        Column("id", String(40), primary_key=True),
        Column("idempotency_key", String(200), unique=True),
        Column("kind", String(20), nullable=False, index=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("id_number_enc", Text, nullable=False, info=sealed("check.id_number")),
        Column("station_code", String(32), nullable=False, index=True),
        Column("case_service", String(40), nullable=False),
        Column("case_reference", String(64), nullable=False, index=True),
        Column("purpose", String(40), nullable=False),
        Column("consent_id", String(64), nullable=False),
        Column("asked_by", String(100), nullable=False, index=True),
        Column("asked_at", DateTime(timezone=True), nullable=False, index=True),
        Column("answered_at", DateTime(timezone=True)),
        Column("outcome", String(20), nullable=False, index=True),
        Column("answer_enc", Text, info=sealed("check.answer")),
    )
    # Outbound calls that change state (an outbox of HTTP requests), sent by the delivery job.
    deliveries = Table(
        "deliveries",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("kind", String(20), nullable=False),  # aid_report | referral
        Column("subject_id", String(64), nullable=False, index=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("idempotency_key", String(100), nullable=False, unique=True),
        Column("path", String(200), nullable=False),
        Column("payload_enc", Text, nullable=False, info=sealed("delivery.payload")),
        Column("identity", String(20)),  # aid reports: identified | identity_unknown
        Column("status", String(10), nullable=False, index=True),  # pending | sent | failed
        Column("attempts", Integer, nullable=False),
        Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
        Column("claimed_until", DateTime(timezone=True)),
        Column("last_error", String(300)),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True)),
        Column("receipt", JSON),
    )
    # Grants paid, from the aid events of every deployment: what partners may ask about.
    aid_ledger = Table(
        "aid_ledger",
        md,
        Column("grant_id", String(40), primary_key=True),
        Column("person_key", String(64), nullable=False, index=True),
        Column("program_kind", String(40), nullable=False),
        Column("period", String(40), nullable=False),
        Column("year", Integer, nullable=False),
        Column("station_code", String(32), nullable=False),
        Column("amount", Numeric(14, 2), nullable=False),
        Column("disbursed_on", Date, nullable=False, index=True),
    )
    referrals = Table(
        "referrals",
        md,
        Column("id", String(60), primary_key=True),
        Column("case_id", String(40), nullable=False, unique=True),
        Column("station_code", String(32), nullable=False, index=True),
        Column("department", String(40), nullable=False, index=True),
        Column("category", String(30), nullable=False),
        Column("employer_credit_code", String(18)),
        Column("workers_affected", Integer, nullable=False),
        Column("collective", Boolean, nullable=False),
        Column("status", String(20), nullable=False),
        Column("outcome", String(30)),
        Column("bureau_reference", String(60)),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    referral_updates = Table(
        "referral_updates",
        md,
        Column("update_id", String(80), primary_key=True),
        Column("referral_id", String(60), nullable=False, index=True),
        Column("status", String(20), nullable=False),
        Column("outcome", String(30)),
        Column("bureau_reference", String(60)),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("applied", Boolean, nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False),
    )
    nonces = Table(
        "seen_nonces",
        md,
        Column("key_id", String(64), nullable=False),
        Column("nonce", String(64), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
        PrimaryKeyConstraint("key_id", "nonce", name="pk_seen_nonces"),
    )
    # Every query asked, every partner call and callback: who, when, for what, what came back.
    audit = Table(
        "gov_audit",
        md,
        Column("id", SEQ_TYPE, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False, index=True),
        Column("actor", String(100), nullable=False, index=True),
        Column("actor_kind", String(10), nullable=False),  # staff | partner | government
        Column("actor_roles", String(200), nullable=False),
        Column("action", String(30), nullable=False, index=True),
        Column("station_code", String(32), index=True),
        Column("record_type", String(20), nullable=False),
        Column("record_id", String(64), index=True),
        Column("case_reference", String(64)),
        Column("purpose", String(200), nullable=False),
        Column("outcome", String(30), nullable=False),
        Column("summary", JSON, nullable=False),
    )
    return GatewayTables(
        md,
        outbox_table(md),
        inbox_table(md),
        consents=consents,
        identities=identities,
        checks=checks,
        deliveries=deliveries,
        aid_ledger=aid_ledger,
        referrals=referrals,
        referral_updates=referral_updates,
        nonces=nonces,
        audit=audit,
    )
