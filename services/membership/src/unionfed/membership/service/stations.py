"""Registering the federation's service stations (职工服务站)."""

from __future__ import annotations

from unionfed.common.events.contracts.membership import StationRegistered
from unionfed.membership.domain.errors import NotAllowed
from unionfed.membership.domain.station import Station, StationKind
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


async def register_station(
    uow: MembershipUnitOfWork, *, code: str, name: str, kind: StationKind
) -> Station:
    async with uow:
        station = Station.register(code=code, name=name, kind=kind)
        if await uow.stations.get(station.code) is not None:
            raise NotAllowed("code", "unique", f"station {station.code} is already registered")
        await uow.stations.add(station, source=uow.source)
        uow.publish(
            StationRegistered(station_code=station.code, name=station.name, kind=station.kind),
            subject=station.code,
            station=station.code,
        )
        await uow.commit()
    return station


async def list_stations(uow: MembershipUnitOfWork) -> list[Station]:
    async with uow:
        return await uow.stations.all()
