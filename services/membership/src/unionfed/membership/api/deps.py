"""Dependencies every membership route uses: the unit of work, the deployment, who may call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from unionfed.common.auth import AnyStaff, FederationStaff, Principal, Role, require_roles
from unionfed.membership.service.context import Deployment
from unionfed.membership.service.unit_of_work import MembershipUnitOfWork


def get_uow(request: Request) -> MembershipUnitOfWork:
    return request.app.state.runtime.uow()


def get_deployment(request: Request) -> Deployment:
    return request.app.state.runtime.deployment


UowDep = Annotated[MembershipUnitOfWork, Depends(get_uow)]
DeploymentDep = Annotated[Deployment, Depends(get_deployment)]

StaffDep = AnyStaff
FederationDep = FederationStaff
FederationAdminDep = Annotated[Principal, Depends(require_roles(Role.federation_admin))]
AdminDep = Annotated[Principal, Depends(require_roles(Role.station_admin, Role.federation_admin))]


@dataclass(frozen=True)
class Page:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def page_params(
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
) -> Page:
    return Page(page, size)


PageDep = Annotated[Page, Depends(page_params)]


def paged(items: list, total: int, page: Page) -> dict:
    return {"items": items, "total": total, "page": page.page, "size": page.size}
