"""Early warning (预警): several cases against one employer within a sliding window, across all
stations, make a cluster the federation is alerted to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

_NAMESPACE = uuid.UUID("5b7f4a52-6c1e-4f0e-9a53-0c3f1d2e8b11")


@dataclass(frozen=True)
class ClusterRule:
    cases: int = 3
    window_days: int = 30

    def window_start(self, at: datetime) -> datetime:
        return at - timedelta(days=self.window_days)


@dataclass(frozen=True)
class FiledCase:
    case_id: str
    station_code: str
    filed_at: datetime


def cluster_id(employer_key: str, first_case_id: str) -> str:
    """The same cluster gets the same id in every deployment that detects it."""
    return str(uuid.uuid5(_NAMESPACE, f"{employer_key}|{first_case_id}"))


def is_cluster(rule: ClusterRule, cases_in_window: list[FiledCase]) -> bool:
    return len(cases_in_window) >= rule.cases
