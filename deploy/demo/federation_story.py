"""The demo's last chapter: what the county federation sees (全县数据看板), read from the
federation view's API, and the dashboard's URLs with development tokens."""

from __future__ import annotations

from stage import Demo, ok, say, wait


def federation_view(demo: Demo) -> None:
    if not demo.has("federation"):
        return
    say("The county federation's view, built only from the events on Kafka")
    fed = demo.at("federation")

    def caught_up() -> bool:
        answer = fed.get("/v1/freshness", headers=demo.federation())
        return (
            answer.status_code == 200
            and all(t["lag"] == 0 for t in answer.json()["topics"] if t["lag"] is not None)
            and answer.json()["lag_measured_at"] is not None
        )

    wait(caught_up, timeout=120)
    county = ok(fed.get("/v1/county", headers=demo.federation()), None)
    f = county["figures"]
    print(
        f"    会员 members          : {f['members_active']:,} (入会率 {_pct(f['membership_rate'])})"
    )
    print(f"    基层工会 unions        : {f['unions_active']:,}")
    print(
        f"    维权 grievances        : {f['cases_total']:,} filed, {f['cases_open']:,} open, "
        f"{f['cases_open_overdue']:,} overdue, median {f['median_days_to_resolve']} days, "
        f"recovered ¥{f['recovered_yuan']:,.2f}, satisfaction {f['satisfaction_avg']}"
    )
    print(
        f"    帮扶 aid               : ¥{f['aid_disbursed_yuan']:,.2f} paid of "
        f"¥{f['aid_budget_yuan']:,.2f} budgeted, {f['people_helped']:,} people helped"
    )
    print(
        f"    劳模 model workers     : {f['model_workers_active']} in force, "
        f"{f['model_workers_revoked']} revoked, {f['assessments_due']} assessments due"
    )
    stations = next(t for t in county["tables"] if t["name"] == "stations")["rows"]
    for s in stations:
        print(
            f"    {s['name']:<10} members {s['members']:>6,}  cases {s['cases']:>4}  "
            f"score {s['score']}"
        )
    print("    (the dashboard's URLs and tokens are listed below)")


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"
