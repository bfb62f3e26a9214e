"""The parts of every report: members (会员), grievances (维权), aid (帮扶), model workers (劳模).

Each adds its headline figures and tables to a :class:`Report` for a scope.
"""

from __future__ import annotations

from unionfed.federation.adapters.figures import Figures, Scope
from unionfed.federation.domain.figures import (
    age_band,
    band_labels,
    china_time,
    days_between,
    median,
)
from unionfed.federation.domain.report import Report, share, yuan

COUNT = ("n", "人数", "members")


async def members(report: Report, f: Figures, scope: Scope) -> None:
    by_type = await f.members_by("worker_type", scope)
    by_gender = await f.members_by("gender", scope)
    by_year = await f.members_by("birth_year", scope)
    bands = dict.fromkeys(band_labels(), 0)
    for year, count in by_year.items():
        if year is not None:
            bands[age_band(year, f.today)] += count
    total = sum(by_type.values())
    report.figures.update(
        members_active=total, members_joined_this_year=await f.members_joined_this_year(scope)
    )
    key = ("key", "类别", "kind")
    report.add(
        "members_by_worker_type",
        "会员按职工类型",
        "Members by worker type",
        [key, COUNT],
        [{"key": k, "n": v} for k, v in sorted(by_type.items())],
        chart="bar",
    )
    report.add(
        "members_by_gender",
        "会员按性别",
        "Members by gender",
        [key, COUNT],
        [{"key": k, "n": v} for k, v in sorted(by_gender.items())],
        chart="bar",
    )
    report.add(
        "members_by_age_band",
        "会员按年龄段",
        "Members by age band",
        [("key", "年龄段", "age band"), COUNT],
        [{"key": k, "n": v} for k, v in bands.items()],
        chart="bar",
    )


async def unions(report: Report, f: Figures, scope: Scope) -> list[dict]:
    """The active unions with their membership rate (入会率 = members / employees)."""
    rows = await f.unions(scope)
    by_union = await f.members_by("union_id", scope)
    out = []
    for u in rows:
        count = by_union.get(u["union_id"], 0)
        out.append(
            {
                "union_id": u["union_id"],
                "station_code": u["station_code"],
                "employer_name": u["employer_name"],
                "sector": u["sector"],
                "founded_on": u["founded_on"].isoformat() if u["founded_on"] else None,
                "headcount": u["headcount"],
                "members": count,
                "membership_rate": share(count, u["headcount"]),
            }
        )
    headcount = sum(u["headcount"] for u in out)
    report.figures.update(
        unions_active=len(out),
        unions_founded_this_year=sum(
            1 for u in rows if u["founded_on"] and u["founded_on"].year == f.today.year
        ),
        membership_rate=share(sum(u["members"] for u in out), headcount),
    )
    return out


async def grievances(report: Report, f: Figures, scope: Scope) -> None:
    by_category = await f.cases_by("category", scope)
    by_status = await f.cases_by("status", scope)
    by_month = await f.cases_by("filed_month", scope)
    times = [days_between(r["filed_at"], r["resolved_at"]) for r in await f.resolution_times(scope)]
    feedback = sum(r["feedback"] for r in by_category)
    report.figures.update(
        cases_total=sum(r["cases"] for r in by_category),
        cases_open=sum(r["open"] for r in by_category),
        cases_open_overdue=sum(r["overdue"] for r in by_category),
        cases_collective=sum(r["collective"] for r in by_category),
        median_days_to_resolve=median(times),
        recovered_yuan=yuan(sum(r["recovered_fen"] or 0 for r in by_category)),
        satisfaction_avg=round(sum(r["satisfaction_sum"] or 0 for r in by_category) / feedback, 2)
        if feedback
        else None,
    )
    cols = [
        ("key", "类别", "category"),
        ("cases", "件数", "cases"),
        ("open", "在办", "open"),
        ("overdue", "超期在办", "open overdue"),
        ("resolved", "办结", "resolved"),
        ("recovered_yuan", "挽回金额(元)", "recovered (yuan)"),
    ]

    def rows(groups):
        return [
            {
                "key": r["k"],
                "cases": r["cases"],
                "open": r["open"],
                "overdue": r["overdue"],
                "resolved": r["resolved"],
                "recovered_yuan": yuan(r["recovered_fen"]),
            }
            for r in groups
        ]

    report.add(
        "grievances_by_category",
        "维权案件按类别",
        "Grievances by category",
        cols,
        rows(by_category),
        chart="bar",
    )
    report.add(
        "grievances_by_status",
        "维权案件按状态",
        "Grievances by status",
        [("key", "状态", "status"), ("cases", "件数", "cases")],
        [{"key": r["k"], "cases": r["cases"]} for r in by_status],
        chart="bar",
    )
    report.add(
        "grievances_by_month",
        "维权案件按月份",
        "Grievances by month",
        [("key", "月份", "month"), ("cases", "受理件数", "cases filed")],
        [{"key": r["k"], "cases": r["cases"]} for r in by_month if r["k"]],
        chart="line",
    )
    case_cols = [
        ("case_id", "案件编号", "case"),
        ("station_code", "服务站", "station"),
        ("category", "类别", "category"),
        ("status", "状态", "status"),
        ("workers_affected", "涉及人数", "workers"),
        ("filed_at", "登记时间", "filed"),
    ]
    report.add(
        "overdue_cases",
        "超期未办结案件",
        "Open overdue cases",
        case_cols,
        [_case(r) for r in await f.open_overdue(scope)],
    )
    report.add(
        "collective_cases",
        "群体性案件",
        "Collective cases",
        case_cols,
        [_case(r) for r in await f.collective_cases(scope)],
    )
    clusters = await f.clusters(scope)
    unions = await f.union_names_by_credit_code()
    report.figures["cluster_alerts"] = len(clusters)
    report.add(
        "cluster_alerts",
        "同一用人单位多发预警",
        "Cluster alerts (one employer)",
        [
            ("employer_key", "用人单位", "employer"),
            ("union_name", "该单位工会", "its union"),
            ("case_count", "案件数", "cases"),
            ("station_codes", "涉及服务站", "stations"),
            ("detected_at", "预警时间", "detected"),
        ],
        [
            {
                "employer_key": r["employer_credit_code"] or _without_code(r["employer_key"]),
                "union_name": unions.get(r["employer_credit_code"] or ""),  # none: no union there
                "case_count": r["case_count"],
                "station_codes": r["station_codes"],
                "detected_at": china_time(r["detected_at"]),
            }
            for r in clusters
        ],
    )


def _without_code(employer_key: str) -> str:
    """An employer without a credit code is keyed by a hash of its name (events carry no name):
    say so, with enough of the hash to tell two apart."""
    return f"无信用代码 (no credit code) {employer_key.removeprefix('name:')[:8]}"


def _case(r: dict) -> dict:
    return {
        "case_id": r["case_id"],
        "station_code": r["station_code"],
        "category": r["category"],
        "status": r["status"],
        "workers_affected": r["workers_affected"],
        "filed_at": china_time(r["filed_at"]),
    }
