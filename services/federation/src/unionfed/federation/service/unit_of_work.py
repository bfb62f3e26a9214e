"""The federation's unit of work: the read-model rows a batch of events changed are written
back in bulk, in the same transaction as the inbox claims, when it commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.common.db.uow import UnitOfWork
from unionfed.common.outbox import OutboxWriter
from unionfed.federation.adapters.conflicts import Resolutions
from unionfed.federation.adapters.rows import DatabaseRows
from unionfed.federation.adapters.tables import FederationTables


class FederationUnitOfWork(UnitOfWork):
    rows: DatabaseRows
    resolutions: Resolutions

    def __init__(
        self, sessions: async_sessionmaker, outbox: OutboxWriter, *, tables: FederationTables
    ) -> None:
        super().__init__(sessions, outbox)
        self.tables = tables

    def _open(self) -> None:
        self.rows = DatabaseRows(self.session, self.tables.read_models)
        self.resolutions = Resolutions(self.session, self.tables.resolutions)

    async def commit(self) -> None:
        await self.rows.flush()
        await super().commit()
