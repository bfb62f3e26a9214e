"""Dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from unionfed.common.auth import AnyStaff, FederationStaff
from unionfed.federation.service.unit_of_work import FederationUnitOfWork
from unionfed.federation.settings import Settings


def get_uow(request: Request) -> FederationUnitOfWork:
    return request.app.state.runtime.uow()


def get_settings(request: Request) -> Settings:
    return request.app.state.runtime.settings


UowDep = Annotated[FederationUnitOfWork, Depends(get_uow)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StaffDep = AnyStaff
FederationDep = FederationStaff
LangDep = Annotated[str, Query(pattern="^(zh|en)$", description="Language of the headers")]
PageDep = Annotated[int, Query(ge=1)]
SizeDep = Annotated[int, Query(ge=1, le=500)]
