"""Dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from unionfed.common.auth import AnyStaff, FederationStaff
from unionfed.model_worker.service.context import Office
from unionfed.model_worker.service.unit_of_work import ModelWorkerUnitOfWork


def get_uow(request: Request) -> ModelWorkerUnitOfWork:
    return request.app.state.runtime.uow()


def get_office(request: Request) -> Office:
    return request.app.state.runtime.office


UowDep = Annotated[ModelWorkerUnitOfWork, Depends(get_uow)]
OfficeDep = Annotated[Office, Depends(get_office)]
StaffDep = AnyStaff
FederationDep = FederationStaff
PageDep = Annotated[int, Query(ge=1)]
SizeDep = Annotated[int, Query(ge=1, le=500)]
