"""Dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from unionfed.common.auth import Principal, Role, require_roles
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork


def get_uow(request: Request) -> ModelWorkerUnitOfWork:
    return request.app.state.runtime.uow()


def get_office(request: Request) -> Office:
    return request.app.state.runtime.office


UowDep = Annotated[ModelWorkerUnitOfWork, Depends(get_uow)]
OfficeDep = Annotated[Office, Depends(get_office)]
StaffDep = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.station_staff, Role.station_admin, Role.federation_staff, Role.federation_admin
        )
    ),
]
FederationDep = Annotated[
    Principal, Depends(require_roles(Role.federation_staff, Role.federation_admin))
]
PageDep = Annotated[int, Query(ge=1)]
SizeDep = Annotated[int, Query(ge=1, le=500)]
