"""A report: headline figures and named tables, each with bilingual titles and columns, so
the API, the dashboard and the .xlsx exports show the same thing (汇总表)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str


@dataclass
class ReportTable:
    name: str
    zh: str
    en: str
    columns: list[Column]
    rows: list[dict]
    chart: str | None = None  # "bar" over the first numeric column, "line" over months

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": {"zh": self.zh, "en": self.en},
            "columns": [{"key": c.key, "zh": c.zh, "en": c.en} for c in self.columns],
            "rows": self.rows,
            "chart": self.chart,
        }


@dataclass
class Report:
    level: str  # county | station | union
    code: str | None
    name: str | None
    figures: dict = field(default_factory=dict)
    tables: list[ReportTable] = field(default_factory=list)

    def add(self, name: str, zh: str, en: str, columns, rows, chart=None) -> None:
        cols = [Column(*c) for c in columns]
        self.tables.append(ReportTable(name, zh, en, cols, rows, chart))

    def table(self, name: str) -> ReportTable | None:
        return next((t for t in self.tables if t.name == name), None)

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "code": self.code,
            "name": self.name,
            "figures": self.figures,
            "tables": [t.as_dict() for t in self.tables],
        }


def share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def yuan(fen: int | None) -> float:
    return round((fen or 0) / 100, 2)
