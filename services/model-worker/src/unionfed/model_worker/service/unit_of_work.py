"""The model-worker unit of work: repositories share one transaction with the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.common.db.uow import UnitOfWork
from unionfed.common.outbox import OutboxWriter
from unionfed.common.personal_data import FieldCipher
from unionfed.model_worker.adapters.selection import Campaigns, Nominations
from unionfed.model_worker.adapters.studios import Studios
from unionfed.model_worker.adapters.tables import ModelWorkerTables
from unionfed.model_worker.adapters.titles import Titles
from unionfed.model_worker.adapters.watch import EmployerCases, KnownMembers


class ModelWorkerUnitOfWork(UnitOfWork):
    campaigns: Campaigns
    nominations: Nominations
    titles: Titles
    studios: Studios
    members: KnownMembers
    employer_cases: EmployerCases

    def __init__(
        self,
        sessions: async_sessionmaker,
        outbox: OutboxWriter,
        *,
        tables: ModelWorkerTables,
        cipher: FieldCipher,
    ) -> None:
        super().__init__(sessions, outbox)
        self._tables, self._cipher = tables, cipher

    def _open(self) -> None:
        self.campaigns = Campaigns(self.session, self._tables)
        self.nominations = Nominations(self.session, self._tables, self._cipher)
        self.titles = Titles(self.session, self._tables, self._cipher)
        self.studios = Studios(self.session, self._tables)
        self.members = KnownMembers(self.session, self._tables)
        self.employer_cases = EmployerCases(self.session, self._tables)
