"""Read use cases: the county overview (全县), a station's page (服务站), a union's page
(基层工会), and the station scorecard. Station users reach only their own stations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from unionfed.common.auth import Principal
from unionfed.common.errors import NotFound
from unionfed.federation.adapters.figures import PAGE_LIST_LIMIT, Figures, Scope
from unionfed.federation.domain import scorecard
from unionfed.federation.domain.figures import CHINA
from unionfed.federation.domain.report import Report, share, yuan
from unionfed.federation.service import sections, sections_aid
from unionfed.federation.service.unit_of_work import FederationUnitOfWork


def today_in_china(clock: Callable[[], datetime] | None = None) -> date:
    return (clock or (lambda: datetime.now(UTC)))().astimezone(CHINA).date()


async def county(
    uow: FederationUnitOfWork,
    *,
    weights: Mapping[str, float],
    today: date,
    list_limit: int | None = PAGE_LIST_LIMIT,
) -> Report:
    """``list_limit``: how many cases the case lists show (None: all, for an export)."""
    async with uow:
        f = Figures(uow.session, uow.tables.read_models, today, list_limit)
        report = Report("county", None, "全县")
        await _everything(report, f, Scope())
        cards = await _scorecards(f, weights)
        report.add("stations", "各服务站", "Stations", STATION_COLUMNS, cards, chart="bar")
        scored = [c["score"] for c in cards if c["score"] is not None]
        report.figures["score_avg"] = round(sum(scored) / len(scored), 1) if scored else None
        report.figures["stations"] = len(cards)
        return report


async def station(
    uow: FederationUnitOfWork,
    *,
    principal: Principal,
    code: str,
    weights,
    today: date,
    list_limit: int | None = PAGE_LIST_LIMIT,
) -> Report:
    if not principal.can_act_for(code):
        raise NotFound("station")  # another station's page is as absent as a missing one
    async with uow:
        f = Figures(uow.session, uow.tables.read_models, today, list_limit)
        known = (await f.stations()).get(code)
        cards = {c["station_code"]: c for c in await _scorecards(f, weights)}
        if known is None and code not in cards:
            raise NotFound("station")
        report = Report("station", code, known["name"] if known else code)
        union_rows = await _everything(report, f, Scope(stations=frozenset({code})))
        report.add("unions", "基层工会", "Grassroots unions", UNION_COLUMNS, union_rows)
        card = cards.get(code) or {}
        report.figures.update(score=card.get("score"), score_parts=card.get("parts"))
        return report


async def union(
    uow: FederationUnitOfWork,
    *,
    principal: Principal,
    union_id: str,
    today: date,
    list_limit: int | None = PAGE_LIST_LIMIT,
) -> Report:
    async with uow:
        f = Figures(uow.session, uow.tables.read_models, today, list_limit)
        found = await f.union(union_id)
        if found is None or not principal.can_act_for(found["station_code"] or ""):
            raise NotFound("union")
        scope = Scope(frozenset({found["station_code"]}), union_id, found["employer_credit_code"])
        report = Report("union", union_id, found["employer_name"])
        report.figures["station_code"] = found["station_code"]
        await sections.members(report, f, scope)
        rows = await sections.unions(report, f, scope)
        report.figures.update(rows[0] if rows else {})
        await sections.grievances(report, f, scope)  # the cases against its employer
        await sections_aid.aid_to_members(report, f, scope)
        return report


async def _everything(report: Report, f: Figures, scope: Scope) -> list[dict]:
    await sections.members(report, f, scope)
    union_rows = await sections.unions(report, f, scope)
    await sections.grievances(report, f, scope)
    await sections_aid.aid(report, f, scope)
    await sections_aid.model_workers(report, f, scope)
    return union_rows


async def scorecards(uow: FederationUnitOfWork, *, weights, today: date) -> list[dict]:
    async with uow:
        return await _scorecards(Figures(uow.session, uow.tables.read_models, today), weights)


async def _scorecards(f: Figures, weights: Mapping[str, float]) -> list[dict]:
    county = Scope()
    members = await f.members_by("station_code", county)
    headcount: dict[str, int] = {}
    unions: dict[str, int] = {}
    for u in await f.unions(county):
        headcount[u["station_code"]] = headcount.get(u["station_code"], 0) + u["headcount"]
        unions[u["station_code"]] = unions.get(u["station_code"], 0) + 1
    cases = {r["k"]: r for r in await f.cases_by("station_code", county)}
    grants = {r["k"]: r for r in await f.grants_by("station_code", county)}
    budgets = await f.budgets_by("station_code", county)
    names = await f.stations()
    codes = sorted((set(names) | set(members) | set(cases) | set(grants)) - {None, ""})
    cards = []
    for code in codes:
        c, g = cases.get(code, {}), grants.get(code, {})
        measures = scorecard.StationMeasures(
            active_members=members.get(code, 0),
            headcount=headcount.get(code, 0),
            cases_due=c.get("due") or 0,
            cases_late=c.get("late") or 0,
            satisfaction_sum=c.get("satisfaction_sum") or 0,
            feedback_count=c.get("feedback") or 0,
            aid_disbursed_fen=g.get("disbursed_fen") or 0,
            aid_budget_fen=budgets.get(code, 0),
            aid_approved_fen=g.get("committed_fen") or 0,
        )
        parts = scorecard.shares(measures)
        cards.append(
            {
                "station_code": code,
                "name": (names.get(code) or {}).get("name") or code,
                "members": measures.active_members,
                "unions": unions.get(code, 0),
                "headcount": measures.headcount,
                "membership_rate": share(measures.active_members, measures.headcount),
                "cases": c.get("cases", 0),
                "open": c.get("open", 0),
                "overdue": c.get("overdue", 0),
                "disbursed_yuan": yuan(measures.aid_disbursed_fen),
                "parts": {k: None if v is None else round(v, 4) for k, v in parts.items()},
                "score": scorecard.score(parts, weights),
            }
        )
    return cards


STATION_COLUMNS = [
    ("station_code", "服务站代码", "code"),
    ("name", "服务站", "station"),
    ("members", "会员数", "members"),
    ("unions", "基层工会", "unions"),
    ("headcount", "职工数", "employees"),
    ("membership_rate", "入会率", "membership rate"),
    ("cases", "维权案件", "cases"),
    ("open", "在办", "open"),
    ("overdue", "超期", "overdue"),
    ("disbursed_yuan", "帮扶发放(元)", "aid disbursed (yuan)"),
    ("score", "职工之家评分", "score"),
]
UNION_COLUMNS = [
    ("union_id", "工会编号", "union"),
    ("employer_name", "单位名称", "employer"),
    ("sector", "行业", "sector"),
    ("founded_on", "建会日期", "founded"),
    ("headcount", "职工数", "employees"),
    ("members", "会员数", "members"),
    ("membership_rate", "入会率", "membership rate"),
]
