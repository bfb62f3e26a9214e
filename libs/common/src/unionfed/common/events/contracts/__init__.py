"""Every integration event the federation's services exchange, one module per domain topic.

Personal data never goes into a contract: a person is an internal id or a keyed hash
(``person_key``), never a name, resident ID number or phone number.
"""

from __future__ import annotations

from unionfed.common.events.contracts import aid, gov, grievance, membership, model_worker
from unionfed.common.events.registry import EventRegistry

DOMAIN_MODULES = (membership, grievance, aid, model_worker, gov)


def all_contracts() -> list:
    contracts = []
    for module in DOMAIN_MODULES:
        contracts.extend(module.CONTRACTS)
    return contracts


def domain_topics() -> list[str]:
    """The county-wide domain topics (``membership``, ``grievance``, ...), kept forever."""
    return default_registry().topics()


def default_registry() -> EventRegistry:
    """A fresh registry holding every contract (built on call, not at import)."""
    return EventRegistry(all_contracts())
