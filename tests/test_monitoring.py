"""``deploy/monitoring/alerts.yml`` names only metrics the services expose, with their labels,
and every alert tells the operator what it means and what to do."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prometheus_client import CollectorRegistry

from unionfed.common.observability.metrics import ServiceMetrics
from unionfed.gov_gateway.service.gauges import GatewayGauges

ALERTS = Path(__file__).resolve().parents[1] / "deploy" / "monitoring" / "alerts.yml"
SELECTOR = re.compile(r"\b(unionfed_[a-z_]+|up)\b(?:\{([^}]*)\})?")
GROUPING = re.compile(r"\bby \(([^)]*)\)")
PROMETHEUS_LABELS = {"instance", "job"}  # added by the scrape, not by our code


def exposed() -> dict[str, set[str]]:
    """Sample names every service and the gateway expose → their label names."""
    registry = CollectorRegistry()
    metrics = [*vars(ServiceMetrics(registry)).values(), *vars(GatewayGauges(registry)).values()]
    names: dict[str, set[str]] = {}
    for metric in metrics:
        if isinstance(metric, CollectorRegistry):
            continue
        labels = set(metric._labelnames)  # the client keeps them there
        kind, name = metric._type, metric._name
        suffixes = {"counter": ["_total"], "histogram": ["_count", "_sum", "_bucket"]}
        for suffix in suffixes.get(kind, [""]):
            names[name + suffix] = labels | ({"le"} if suffix == "_bucket" else set())
    return names


def rules() -> list[dict]:
    groups = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_every_alert_names_metrics_and_labels_that_exist():
    known = exposed()
    assert "unionfed_dead_letters_total" in known and "unionfed_gov_deliveries" in known
    for rule in rules():
        expr = str(rule["expr"])
        used = SELECTOR.findall(expr)
        assert used, rule["alert"]
        for name, selector in used:
            if name == "up":
                continue
            assert name in known, f"{rule['alert']}: no service exposes {name}"
            labels = {part.split("=")[0].strip(" !~") for part in selector.split(",") if part}
            assert labels <= known[name], f"{rule['alert']}: {name} has no {labels - known[name]}"
        for grouping in GROUPING.findall(expr):
            by = {label.strip() for label in grouping.split(",")}
            metric_labels = set().union(*(known.get(n, set()) for n, _ in used))
            assert by <= metric_labels | PROMETHEUS_LABELS, rule["alert"]


def test_every_alert_says_how_urgent_what_and_what_to_do():
    seen = set()
    for rule in rules():
        assert rule["alert"].startswith("Unionfed") and rule["alert"] not in seen
        seen.add(rule["alert"])
        assert rule["labels"]["severity"] in {"page", "ticket"}
        assert rule["annotations"]["summary"] and len(rule["annotations"]["action"]) > 40
        if "for" in rule:
            assert re.fullmatch(r"\d+[smh]", rule["for"])
    assert len(seen) >= 8
