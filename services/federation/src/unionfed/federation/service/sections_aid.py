"""Report parts for aid (帮扶: budgets, grants, people helped) and model workers (劳模)."""

from __future__ import annotations

from unionfed.federation.adapters.figures import Figures, Scope
from unionfed.federation.domain.report import Report, share, yuan

PROGRAM_COLUMNS = [
    ("title", "项目", "program"),
    ("kind", "类别", "kind"),
    ("period", "期次", "period"),
]


MONEY = [
    ("budget_yuan", "预算(元)", "budget (yuan)"),
    ("committed_yuan", "已批准(元)", "committed (yuan)"),
    ("disbursed_yuan", "已发放(元)", "disbursed (yuan)"),
    ("grants", "笔数", "grants"),
    ("people", "受助人数", "people helped"),
]


def _money(row: dict, budget_fen: int) -> dict:
    return {
        "budget_yuan": yuan(budget_fen),
        "committed_yuan": yuan(row.get("committed_fen")),
        "disbursed_yuan": yuan(row.get("disbursed_fen")),
        "grants": row.get("grants", 0),
        "people": row.get("people", 0),
        "used": share(row.get("disbursed_fen") or 0, budget_fen),
    }


async def aid(report: Report, f: Figures, scope: Scope) -> None:
    budgets = await f.budgets_by_program(scope)
    by_program = await f.grants_by_program(scope)
    report.add(
        "aid_by_program",
        "帮扶按项目(对照预算)",
        "Aid by program against budget",
        PROGRAM_COLUMNS + MONEY,
        await _program_rows(f, by_program, budgets),
        chart="bar",
    )
    station_budgets = await f.budgets_by("station_code", scope)
    by_station = {r["k"]: r for r in await f.grants_by("station_code", scope)}
    report.add(
        "aid_by_station",
        "帮扶按服务站",
        "Aid by station",
        [("key", "服务站", "station"), *MONEY],
        [
            {"key": s, **_money(by_station.get(s, {}), station_budgets.get(s, 0))}
            for s in sorted((set(station_budgets) | set(by_station)) - {""})
        ],
        chart="bar",
    )
    await _aid_by_month(report, f, scope)
    files = await f.hardship_files_by_level(scope)
    report.add(
        "hardship_files",
        "困难职工档案",
        "Hardship files on record",
        [("key", "困难类型", "level"), ("n", "户数", "files")],
        [{"key": k, "n": v} for k, v in sorted(files.items())],
        chart="bar",
    )
    totals = list(by_program.values())
    report.figures.update(
        aid_budget_yuan=yuan(sum(budgets.values())),
        aid_committed_yuan=yuan(sum(r["committed_fen"] or 0 for r in totals)),
        aid_disbursed_yuan=yuan(sum(r["disbursed_fen"] or 0 for r in totals)),
        people_helped=await f.people_helped(scope),
        hardship_files=sum(files.values()),
        aid_reported_to_civil_affairs=await f.aid_reports(scope),
    )


async def aid_to_members(report: Report, f: Figures, scope: Scope) -> None:
    """A union's page: the aid its members received (budgets are the stations', not a
    union's, so there is none to set against)."""
    by_program = await f.grants_by_program(scope)
    report.add(
        "aid_by_program",
        "会员受助按项目",
        "Aid to the members by program",
        PROGRAM_COLUMNS + MONEY[1:],
        await _program_rows(f, by_program, {}),
        chart="bar",
    )
    await _aid_by_month(report, f, scope)
    totals = list(by_program.values())
    report.figures.update(
        aid_committed_yuan=yuan(sum(r["committed_fen"] or 0 for r in totals)),
        aid_disbursed_yuan=yuan(sum(r["disbursed_fen"] or 0 for r in totals)),
        people_helped=await f.people_helped(scope),
    )


async def _program_rows(f: Figures, by_program: dict, budgets: dict) -> list[dict]:
    """One row per program kind and period: each aid deployment opens the county's program
    under its own id, and it is one program."""
    titles: dict[tuple[str, str], str] = {}
    for p in sorted((await f.programs()).values(), key=lambda p: p["program_id"]):
        titles.setdefault((p["program_kind"], p["period"]), p["title"])
    return [
        {
            "title": titles.get(key),
            "kind": key[0],
            "period": key[1],
            **_money(by_program.get(key, {}), budgets.get(key, 0)),
        }
        for key in sorted(set(budgets) | set(by_program), key=lambda k: (k[1], k[0]))
    ]


async def _aid_by_month(report: Report, f: Figures, scope: Scope) -> None:
    by_month = await f.grants_by("disbursed_month", scope)
    report.add(
        "aid_by_month",
        "帮扶发放按月份",
        "Aid disbursed by month",
        [
            ("key", "月份", "month"),
            ("disbursed_yuan", "已发放(元)", "disbursed (yuan)"),
            ("grants", "笔数", "grants"),
        ],
        [
            {"key": r["k"], "disbursed_yuan": yuan(r["disbursed_fen"]), "grants": r["grants"]}
            for r in by_month
            if r["k"]
        ],
        chart="line",
    )


async def model_workers(report: Report, f: Figures, scope: Scope) -> None:
    titles = await f.titles(scope)

    def state(t: dict) -> str:
        if (
            t["status"] in ("in_force", "revocation_proposed")
            and t["managed_until"]
            and (t["managed_until"] < f.today)
        ):
            return "expired"
        return t["status"]

    by_state: dict[str, int] = {}
    for t in titles:
        by_state[state(t)] = by_state.get(state(t), 0) + 1
    due = [
        t
        for t in titles
        if state(t) == "in_force"
        and t["awarded_on"]
        and t["awarded_on"].year < f.today.year
        and not t["assessed_this_year"]
    ]
    report.figures.update(
        model_workers_active=by_state.get("in_force", 0) + by_state.get("revocation_proposed", 0),
        model_workers_expired=by_state.get("expired", 0),
        model_workers_revoked=by_state.get("revoked", 0),
        assessments_due=len(due),
    )
    report.add(
        "titles_by_status",
        "劳模称号按状态",
        "Model-worker titles by status",
        [("key", "状态", "status"), ("n", "人数", "titles")],
        [{"key": k, "n": v} for k, v in sorted(by_state.items())],
        chart="bar",
    )
    report.add(
        "assessments_due",
        f"{f.today.year}年待考核劳模",
        "Assessments due this year",
        [
            ("title_id", "称号编号", "title"),
            ("station_code", "服务站", "station"),
            ("level", "级别", "level"),
            ("managed_until", "管理期至", "managed until"),
        ],
        [
            {
                "title_id": t["title_id"],
                "station_code": t["station_code"],
                "level": t["level"],
                "managed_until": t["managed_until"].isoformat(),
            }
            for t in due
        ],
    )
    nominees = await f.nominees_by_status(scope)
    report.add(
        "nominees_by_status",
        "劳模评选候选人",
        "Model-worker nominees",
        [("key", "状态", "status"), ("n", "人数", "nominees")],
        [{"key": k, "n": v} for k, v in sorted(nominees.items())],
    )
    referrals = await f.referrals_by_status(scope)
    report.add(
        "referrals_by_status",
        "移送劳动监察",
        "Referrals to labour inspection",
        [("key", "状态", "status"), ("n", "件数", "referrals")],
        [{"key": k, "n": v} for k, v in sorted(referrals.items())],
    )
