"""The gateway's desk: what the use cases need besides the unit of work, built by bootstrap."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from unionfed.common.personal_data import PersonKeyer
from unionfed.gov_gateway.adapters.government import GovernmentClient
from unionfed.gov_gateway.adapters.resilience import TokenBucket
from unionfed.gov_gateway.settings import PartnerCredential


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DeliveryPolicy:
    batch: int = 50
    backoff_base: float = 5.0
    backoff_cap: float = 300.0
    lease: float = 60.0


@dataclass
class Gateway:
    keyer: PersonKeyer
    government: GovernmentClient
    purposes: frozenset[str]
    delivery: DeliveryPolicy
    partners: Mapping[str, PartnerCredential]
    callback_keys: Mapping[str, bytes]
    max_skew: int
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    _buckets: dict[str, TokenBucket] = field(default_factory=dict)

    def partner_secret(self, key_id: str) -> bytes | None:
        partner = self.partners.get(key_id)
        return None if partner is None else partner.secret.get_secret_value().encode()

    def bucket(self, key_id: str) -> TokenBucket:
        """Each partner's rate limit (in this process)."""
        if key_id not in self._buckets:
            p = self.partners[key_id]
            self._buckets[key_id] = TokenBucket(rate=p.rate_per_minute / 60, burst=p.burst)
        return self._buckets[key_id]
