"""The membership unit of work: its repositories share one transaction with the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.common.db.audit import AuditLog
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.outbox import OutboxWriter
from unionfed.common.personal_data import FieldCipher
from unionfed.membership.adapters.directory_repository import Directory
from unionfed.membership.adapters.import_jobs import ImportJobs
from unionfed.membership.adapters.member_repository import Members
from unionfed.membership.adapters.repositories import Stations, Unions
from unionfed.membership.adapters.tables import MembershipTables
from unionfed.membership.adapters.transfer_repository import Transfers


class MembershipUnitOfWork(UnitOfWork):
    stations: Stations
    unions: Unions
    members: Members
    transfers: Transfers
    directory: Directory
    audit: AuditLog
    import_jobs: ImportJobs

    def __init__(
        self,
        sessions: async_sessionmaker,
        outbox: OutboxWriter,
        *,
        tables: MembershipTables,
        cipher: FieldCipher,
    ) -> None:
        super().__init__(sessions, outbox)
        self._tables = tables
        self._cipher = cipher

    @property
    def source(self) -> str:
        """This deployment's CloudEvents source: how its memberships appear in the directory."""
        return self._outbox.source.uri

    def _open(self) -> None:
        session, tables = self.session, self._tables
        self.stations = Stations(session, tables)
        self.unions = Unions(session, tables)
        self.members = Members(session, tables, self._cipher)
        self.transfers = Transfers(session, tables)
        self.directory = Directory(session, tables)
        self.audit = AuditLog(session, tables.pii_audit)
        self.import_jobs = ImportJobs(session, tables)
