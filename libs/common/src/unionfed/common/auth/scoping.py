"""Station scoping of database queries: what a caller may see, enforced in the SQL itself.

Every list and lookup of station-owned rows goes through :func:`visible_to`, so a station
worker's query never even reads another station's rows (and a missing filter cannot leak them).
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, Select, false

from unionfed.common.auth.principal import Principal

S = TypeVar("S", bound=Select)


def visible_to(statement: S, station_column: ColumnElement[str], principal: Principal) -> S:
    """Limit ``statement`` to the stations ``principal`` may act for (federation: all)."""
    stations = principal.visible_stations()
    if stations is None:
        return statement
    if not stations:
        return statement.where(false())
    return statement.where(station_column.in_(sorted(stations)))
