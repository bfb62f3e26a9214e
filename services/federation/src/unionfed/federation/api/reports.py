"""County overview, station pages and union drill-down, as JSON or .xlsx (thin routers)."""

from __future__ import annotations

from fastapi import APIRouter

from unionfed.federation.api.deps import FederationDep, LangDep, SettingsDep, StaffDep, UowDep
from unionfed.federation.api.xlsx import workbook_response
from unionfed.federation.service import reports

router = APIRouter(prefix="/v1", tags=["federation view"])


@router.get("/county", summary="County-wide figures and tables (federation roles only)")
async def county(uow: UowDep, settings: SettingsDep, _: FederationDep) -> dict:
    report = await reports.county(
        uow, weights=settings.scorecard_weights, today=reports.today_in_china()
    )
    return report.as_dict()


@router.get("/county.xlsx", summary="Every county table as one workbook")
async def county_xlsx(uow: UowDep, settings: SettingsDep, _: FederationDep, lang: LangDep = "zh"):
    report = await reports.county(
        uow,
        weights=settings.scorecard_weights,
        today=reports.today_in_china(),
        list_limit=None,  # an export has every case
    )
    return workbook_response(report, lang=lang, table=None, filename="county")


@router.get("/county/tables/{table}.xlsx", summary="One county table as a workbook")
async def county_table_xlsx(
    table: str, uow: UowDep, settings: SettingsDep, _: FederationDep, lang: LangDep = "zh"
):
    report = await reports.county(
        uow,
        weights=settings.scorecard_weights,
        today=reports.today_in_china(),
        list_limit=None,  # an export has every case
    )
    return workbook_response(report, lang=lang, table=table, filename="county")


@router.get("/stations", summary="Stations with their scorecard; station users see their own")
async def stations(uow: UowDep, settings: SettingsDep, principal: StaffDep) -> dict:
    cards = await reports.scorecards(
        uow, weights=settings.scorecard_weights, today=reports.today_in_china()
    )
    mine = [c for c in cards if principal.can_act_for(c["station_code"])]
    return {"items": mine, "weights": settings.scorecard_weights}


@router.get("/stations/{code}", summary="One station's figures (another station's: 404)")
async def station(code: str, uow: UowDep, settings: SettingsDep, principal: StaffDep) -> dict:
    report = await reports.station(
        uow,
        principal=principal,
        code=code,
        weights=settings.scorecard_weights,
        today=reports.today_in_china(),
    )
    return report.as_dict()


@router.get("/stations/{code}.xlsx", summary="Every table of a station as one workbook")
async def station_xlsx(
    code: str, uow: UowDep, settings: SettingsDep, principal: StaffDep, lang: LangDep = "zh"
):
    report = await reports.station(
        uow,
        principal=principal,
        code=code,
        weights=settings.scorecard_weights,
        today=reports.today_in_china(),
        list_limit=None,  # an export has every case
    )
    return workbook_response(report, lang=lang, table=None, filename=f"station-{code}")


@router.get("/stations/{code}/tables/{table}.xlsx", summary="One table of a station")
async def station_table_xlsx(
    code: str,
    table: str,
    uow: UowDep,
    settings: SettingsDep,
    principal: StaffDep,
    lang: LangDep = "zh",
):
    report = await reports.station(
        uow,
        principal=principal,
        code=code,
        weights=settings.scorecard_weights,
        today=reports.today_in_china(),
        list_limit=None,  # an export has every case
    )
    return workbook_response(report, lang=lang, table=table, filename=f"station-{code}")


@router.get("/unions/{union_id}", summary="One grassroots union: members and its employer's cases")
async def union(union_id: str, uow: UowDep, principal: StaffDep) -> dict:
    report = await reports.union(
        uow, principal=principal, union_id=union_id, today=reports.today_in_china()
    )
    return report.as_dict()


@router.get("/unions/{union_id}.xlsx", summary="Every table of a union as one workbook")
async def union_xlsx(union_id: str, uow: UowDep, principal: StaffDep, lang: LangDep = "zh"):
    report = await reports.union(
        uow,
        principal=principal,
        union_id=union_id,
        today=reports.today_in_china(),
        list_limit=None,  # an export has every case
    )
    return workbook_response(report, lang=lang, table=None, filename=f"union-{union_id}")


@router.get("/unions/{union_id}/tables/{table}.xlsx", summary="One table of a union")
async def union_table_xlsx(
    union_id: str, table: str, uow: UowDep, principal: StaffDep, lang: LangDep = "zh"
):
    report = await reports.union(
        uow,
        principal=principal,
        union_id=union_id,
        today=reports.today_in_china(),
        list_limit=None,  # an export has every case
    )
    return workbook_response(report, lang=lang, table=table, filename=f"union-{union_id}")


@router.get("/scorecard", summary="Every station's scorecard (职工之家) and the weights used")
async def scorecard(uow: UowDep, settings: SettingsDep, _: FederationDep) -> dict:
    cards = await reports.scorecards(
        uow, weights=settings.scorecard_weights, today=reports.today_in_china()
    )
    ranked = sorted(cards, key=lambda c: (c["score"] is None, -(c["score"] or 0)))
    return {"items": ranked, "weights": settings.scorecard_weights}
