"""The aid unit of work: repositories share one transaction with the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.aid.adapters.grants import Consents, GovernmentAnswers, Grants, Objections
from unionfed.aid.adapters.hardship import HardshipFiles
from unionfed.aid.adapters.ledger import DuplicateGrants, GrantLedger
from unionfed.aid.adapters.members import KnownMembers, ModelWorkerTitles
from unionfed.aid.adapters.programs import Budgets, Programs
from unionfed.aid.adapters.tables import AidTables
from unionfed.common.db.audit import AuditLog
from unionfed.common.db.uow import UnitOfWork
from unionfed.common.outbox import OutboxWriter
from unionfed.common.personal_data import FieldCipher


class AidUnitOfWork(UnitOfWork):
    members: KnownMembers
    titles: ModelWorkerTitles
    files: HardshipFiles
    programs: Programs
    budgets: Budgets
    grants: Grants
    objections: Objections
    consents: Consents
    answers: GovernmentAnswers
    ledger: GrantLedger
    duplicates: DuplicateGrants
    audit: AuditLog

    def __init__(
        self,
        sessions: async_sessionmaker,
        outbox: OutboxWriter,
        *,
        tables: AidTables,
        cipher: FieldCipher,
    ) -> None:
        super().__init__(sessions, outbox)
        self._tables, self._cipher = tables, cipher

    def _open(self) -> None:
        s, t, c = self.session, self._tables, self._cipher
        self.members, self.titles = KnownMembers(s, t), ModelWorkerTitles(s, t)
        self.files = HardshipFiles(s, t, c)
        self.programs, self.budgets = Programs(s, t), Budgets(s, t)
        self.grants, self.objections = Grants(s, t, c), Objections(s, t, c)
        self.consents, self.answers = Consents(s, t), GovernmentAnswers(s, t, c)
        self.ledger, self.duplicates = GrantLedger(s, t), DuplicateGrants(s, t)
        self.audit = AuditLog(s, t.audit)
