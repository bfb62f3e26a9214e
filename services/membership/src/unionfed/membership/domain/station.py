"""Service stations (职工服务站): the federation's town, street and industrial-park offices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from unionfed.membership.domain.errors import RuleBroken

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


class StationKind(StrEnum):
    town = "town"  # 乡镇
    street = "street"  # 街道
    industrial_park = "industrial_park"  # 园区


@dataclass
class Station:
    code: str
    name: str
    kind: StationKind

    @classmethod
    def register(cls, *, code: str, name: str, kind: StationKind) -> Station:
        code = code.strip().upper()
        if not _CODE.match(code):
            raise RuleBroken(
                "code", "format", "station code: 2-32 capital letters, digits or '-', e.g. XZ01"
            )
        if not name.strip():
            raise RuleBroken("name", "required", "station name is required")
        return cls(code=code, name=name.strip(), kind=kind)
