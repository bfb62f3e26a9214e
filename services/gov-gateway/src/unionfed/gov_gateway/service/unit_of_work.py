"""The gateway's unit of work: its repositories share one transaction with the outbox."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from unionfed.common.db.uow import UnitOfWork
from unionfed.common.outbox import OutboxWriter
from unionfed.common.personal_data import FieldCipher
from unionfed.gov_gateway.adapters.checks import Checks, Consents, Identities
from unionfed.gov_gateway.adapters.deliveries import Deliveries
from unionfed.gov_gateway.adapters.ledger import AidLedger, Referrals
from unionfed.gov_gateway.adapters.tables import GatewayTables
from unionfed.gov_gateway.adapters.trail import AuditTrail, SeenNonces


class GatewayUnitOfWork(UnitOfWork):
    checks: Checks
    consents: Consents
    identities: Identities
    deliveries: Deliveries
    ledger: AidLedger
    referrals: Referrals
    audit: AuditTrail
    nonces: SeenNonces

    def __init__(
        self,
        sessions: async_sessionmaker,
        outbox: OutboxWriter,
        *,
        tables: GatewayTables,
        cipher: FieldCipher,
    ) -> None:
        super().__init__(sessions, outbox)
        self._tables, self._cipher = tables, cipher

    def _open(self) -> None:
        s, t, c = self.session, self._tables, self._cipher
        self.checks = Checks(s, t, c)
        self.consents = Consents(s, t)
        self.identities = Identities(s, t, c)
        self.deliveries = Deliveries(s, t, c)
        self.ledger = AidLedger(s, t)
        self.referrals = Referrals(s, t)
        self.audit = AuditTrail(s, t)
        self.nonces = SeenNonces(s, t)
