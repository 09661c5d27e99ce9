"""Report output: text, Markdown, HTML (with a timeline), JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

import jinja2
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ocopctl.reports import SECTIONS, Report, Row
from ocopctl.resources import template_dir

FORMATS = ("text", "md", "html", "json", "csv")
ROW_FIELDS = ("section", "agency_id", "agency", "document", "number", "task", "tt", "title", "timeframe", "start",
              "deadline", "state", "days_late", "recurring")
_STATUS_STYLE = {"red": "bold red", "amber": "yellow", "green": "green"}


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vndate"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""
    env.filters["pct"] = lambda x: "" if x is None else f"{x * 100:.1f}".replace(".", ",") + "%"
    return env


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_csv(report: Report) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in report.rows:
        writer.writerow(r.to_dict())
    return buf.getvalue()


@dataclass
class Bar:
    label: str
    agency: str
    left: float
    width: float
    css: str
    tip: str


@dataclass
class Gantt:
    ticks: list[tuple[float, str]]
    bars: list[Bar]
    window_left: float
    window_width: float


def gantt(report: Report) -> Gantt | None:
    """Task bars across quarters, coloured by state, for the HTML report."""
    seen: dict[tuple[str, str, str], Row] = {}
    for r in report.rows:
        if r.section != "due_next" and r.start and r.deadline:
            key = (r.agency, r.document, r.task)
            if key not in seen or r.section == "overdue":
                seen[key] = r
    if not seen:
        return None
    lo = min(min(r.start for r in seen.values() if r.start), report.window.start)
    hi = max(max(r.deadline for r in seen.values() if r.deadline), report.window.end)
    lo, hi = date(lo.year, (lo.month - 1) // 3 * 3 + 1, 1), hi
    span = max((hi - lo).days + 1, 1)

    def x(d: date) -> float:
        return round(100 * (d - lo).days / span, 3)

    ticks: list[tuple[float, str]] = []
    y, q = lo.year, (lo.month - 1) // 3 + 1
    while date(y, 3 * q - 2, 1) <= hi:
        ticks.append((x(date(y, 3 * q - 2, 1)), f"Q{q}/{y}" if q == 1 or not ticks else f"Q{q}"))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    bars = []
    for r in sorted(seen.values(), key=lambda r: (r.agency, r.start or date.min, r.task)):
        assert r.start and r.deadline
        css = ("overdue" if r.section == "overdue" else "done" if r.state == "hoàn thành"
               else "active" if r.state == "đang thực hiện" else "recurring" if r.recurring else "todo")
        tip = f"{r.title} — {r.timeframe} — {r.state}"
        bars.append(Bar(f"{r.tt} {r.title}".strip(), r.agency, x(r.start),
                        max(round(100 * ((r.deadline - r.start).days + 1) / span, 3), 0.4), css, tip))
    return Gantt(ticks, bars, x(report.window.start), round(100 * ((report.window.end - report.window.start).days
                                                                     + 1) / span, 3))


def render_template(name: str, **context: object) -> str:
    return _env().get_template(name).render(**context)


def to_markup(report: Report, fmt: str) -> str:
    template = _env().get_template(f"report.{fmt}.j2")
    return template.render(report=report, sections=SECTIONS, gantt=gantt(report) if fmt == "html" else None)


def render_text(report: Report, console: Console) -> None:
    console.print(Text(f"Báo cáo tiến độ — {report.window.label} (as of {report.as_of.isoformat()})",
                       style="bold"))
    if report.owner:
        console.print(f"Owner: {report.owner}")
    if report.sample_data:
        console.print(Text("Includes SAMPLE progress data, not reported by any agency.", style="bold yellow"))
    summary = Table("Cơ quan chủ trì", "due", "finished of due", "share", "overdue", "in progress", "recurring",
                    "due next", "status", title="Per lead agency")
    for a in report.agencies:
        share = "" if a.share_finished is None else f"{a.share_finished * 100:.0f}%"
        summary.add_row(a.agency, str(a.due), str(a.due_finished), share, str(a.overdue), str(a.in_progress),
                        str(a.recurring), str(a.due_next), Text(a.status, style=_STATUS_STYLE[a.status]))
    console.print(summary)
    for name, title in SECTIONS.items():
        rows = report.section(name)
        table = Table("agency", "task", "timeframe", "deadline", "state", *(["days late"] if name == "overdue" else []),
                      title=f"{title}: {len(rows)}", title_justify="left")
        for r in rows:
            extra = [str(r.days_late)] if name == "overdue" else []
            table.add_row(r.agency, task_label(r), r.timeframe,
                          r.deadline.isoformat() if r.deadline else "", r.state, *extra)
        console.print(table)


def task_label(r: Row) -> str:
    """'192/KH-UBND 4. Tham mưu ...': the row number gets a dot only when it is a bare number or numeral."""
    tt = f"{r.tt}." if r.tt and r.tt[-1].isalnum() else r.tt
    return " ".join(p for p in (r.number, tt, r.title) if p)


def to_text(report: Report, width: int = 160) -> str:
    buf = io.StringIO()
    render_text(report, Console(file=buf, width=width, color_system=None, highlight=False))
    return buf.getvalue()
