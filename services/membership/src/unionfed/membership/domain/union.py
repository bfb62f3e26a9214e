"""Grassroots unions (基层工会): one per employer, or a joint union (联合工会) of a sector or
area, which new-form workers without an employer union join."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from unionfed.membership.domain.errors import NotAllowed, RuleBroken


class UnionKind(StrEnum):
    enterprise = "enterprise"  # 企业/单位工会: one employer, identified by its credit code
    joint = "joint"  # 联合工会: several small employers, a sector or an area


class UnionStatus(StrEnum):
    active = "active"
    dissolved = "dissolved"
    merged = "merged"


@dataclass
class GrassrootsUnion:
    id: str
    station_code: str
    kind: UnionKind
    name: str
    employer_credit_code: str | None
    sector: str
    headcount: int
    founded_on: date
    status: UnionStatus = UnionStatus.active
    ended_on: date | None = None
    merged_into: str | None = None

    @classmethod
    def found(
        cls,
        *,
        id: str,
        station_code: str,
        kind: UnionKind,
        name: str,
        employer_credit_code: str | None,
        sector: str,
        headcount: int,
        founded_on: date,
        today: date,
    ) -> GrassrootsUnion:
        if kind is UnionKind.enterprise and not employer_credit_code:
            raise RuleBroken(
                "employer_credit_code",
                "required",
                "an enterprise union needs its employer's unified social credit code",
            )
        if not name.strip():
            raise RuleBroken("name", "required", "the union's (employer's) name is required")
        if founded_on > today:
            raise RuleBroken("founded_on", "not_in_future", "a union cannot be founded in future")
        _check_headcount(headcount)
        return cls(
            id=id,
            station_code=station_code,
            kind=kind,
            name=name.strip(),
            employer_credit_code=employer_credit_code,
            sector=sector.strip(),
            headcount=headcount,
            founded_on=founded_on,
        )

    @property
    def is_active(self) -> bool:
        return self.status is UnionStatus.active

    def update(self, *, headcount: int | None = None, sector: str | None = None) -> None:
        self._require_active()
        if headcount is not None:
            _check_headcount(headcount)
            self.headcount = headcount
        if sector is not None:
            self.sector = sector.strip()

    def dissolve(self, on: date, *, merged_into: GrassrootsUnion | None = None) -> None:
        """Dissolve (撤销), or merge into another active union (合并)."""
        self._require_active()
        if on < self.founded_on:
            raise RuleBroken("dissolved_on", "after_founding", "dissolved before it was founded")
        if merged_into is not None:
            if merged_into.id == self.id or not merged_into.is_active:
                raise NotAllowed(
                    "merged_into", "active_other_union", "merge into another, active union"
                )
            self.status, self.merged_into = UnionStatus.merged, merged_into.id
        else:
            self.status = UnionStatus.dissolved
        self.ended_on = on

    def _require_active(self) -> None:
        if not self.is_active:
            raise NotAllowed("union", "active", f"union {self.id} is {self.status}")


def _check_headcount(headcount: int) -> None:
    if headcount < 0:
        raise RuleBroken("headcount", "non_negative", "headcount cannot be negative")
