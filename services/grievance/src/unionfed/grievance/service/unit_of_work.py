"""The grievance unit of work: the cases repository shares a transaction with the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.common.db.audit import AuditLog
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.outbox import OutboxWriter
from unionfed.common.personal_data import FieldCipher
from unionfed.grievance.adapters.cases import Cases
from unionfed.grievance.adapters.clusters import Clusters
from unionfed.grievance.adapters.evidence_records import EvidenceRecords
from unionfed.grievance.adapters.members import KnownMembers
from unionfed.grievance.adapters.tables import GrievanceTables


class GrievanceUnitOfWork(UnitOfWork):
    cases: Cases
    clusters: Clusters
    evidence: EvidenceRecords
    members: KnownMembers
    audit: AuditLog

    def __init__(
        self,
        sessions: async_sessionmaker,
        outbox: OutboxWriter,
        *,
        tables: GrievanceTables,
        cipher: FieldCipher,
    ) -> None:
        super().__init__(sessions, outbox)
        self._tables, self._cipher = tables, cipher

    @property
    def tables(self) -> GrievanceTables:
        """For read models (reports) that query across the tables."""
        return self._tables

    def _open(self) -> None:
        self.cases = Cases(self.session, self._tables, self._cipher)
        self.clusters = Clusters(self.session, self._tables)
        self.evidence = EvidenceRecords(self.session, self._tables, self._cipher)
        self.members = KnownMembers(self.session, self._tables)
        self.audit = AuditLog(self.session, self._tables.pii_audit)
