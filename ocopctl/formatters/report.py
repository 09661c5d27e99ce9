"""Report output: text, Markdown, HTML (with a timeline), JSON and CSV."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import jinja2
from rich.console import Console

from ocopctl import vn
from ocopctl.formatters.tables import add_row, plain, table, task_label, text
from ocopctl.output import csv_text
from ocopctl.periods import Interval, TimeframeError, parse_timeframe, quarter_interval
from ocopctl.reports import ROMAN, SECTIONS, Report, Row
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
    env.filters["vndate"] = lambda d: vn.format_date_short(d) if d else ""
    env.filters["pct"] = lambda x: "" if x is None else f"{x * 100:.1f}".replace(".", ",") + "%"
    env.filters["md"] = md_cell
    return env


def md_cell(value: object) -> str:
    """Text for one Markdown table cell (or inline line): a line break, which would end the row and
    could start a heading, becomes a space; ``|``, which would split the cell, and ``\\`` are escaped."""
    flat = re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", "" if value is None else str(value))
    return flat.replace("\\", "\\\\").replace("|", "\\|")


def to_json(report: Report) -> str:
    return "".join(json_pieces(report))


def json_pieces(report: Report) -> Iterator[str]:
    """The JSON report a piece at a time, for writing as it is made: joined whole, the indenting
    encoder's pieces of a 150,000-task report took over 200 MB."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    head = encoder.encode(report.to_dict(rows=False))
    if not report.rows:
        yield head + "\n"
        return
    # "rows" is the last key: its rows follow one by one, indented as one encode would indent them
    yield head[: -len("[]\n}")] + "[\n"
    for i, row in enumerate(report.rows):
        yield ("    " if i == 0 else ",\n    ") + encoder.encode(row.to_dict()).replace("\n", "\n    ")
    yield "\n  ]\n}\n"


def to_csv(report: Report) -> str:
    return csv_text(ROW_FIELDS, [[d.get(f) for f in ROW_FIELDS] for d in (r.to_dict() for r in report.rows)])


# The chart shows at most this many task rows; the tables below list every task.
GANTT_MAX_ROWS = 120
# Below this many rows per agency a capped chart stops being an overview of that agency.
GANTT_MIN_ROWS_PER_AGENCY = 5
# Quarter names fit under the axis up to this many quarters (6 years) on a laptop screen.
GANTT_MAX_QUARTER_LABELS = 24
# Bar colour says the state; legend order.
GANTT_STATES = {
    "overdue": "quá hạn",
    "done": "hoàn thành",
    "active": "đang thực hiện",
    "paused": "tạm dừng",
    "cancelled": "hủy",
    "todo": "chưa triển khai / chưa báo cáo",
}
_CSS_BY_STATE = {"hoàn thành": "done", "đang thực hiện": "active", "tạm dừng": "paused", "hủy": "cancelled"}
# Which rows an overcrowded agency keeps, best first, and how its note names what was left out.
_PRIORITY = {
    "overdue": "quá hạn",
    "due": "đến hạn trong kỳ",
    "in_progress": "đang thực hiện",
    "finished": "hoàn thành trong kỳ",
    "due_next": "đến hạn kỳ sau",
    "recurring": "thường xuyên",
}


@dataclass
class Span:
    left: float
    width: float


@dataclass
class Bar:
    label: str
    number: str
    agency: str
    spans: list[Span]
    css: str
    recurring: bool
    tip: str
    late: Span | None = None


@dataclass
class Group:
    agency: str
    status: str
    bars: list[Bar]
    hidden: dict[str, int] = field(default_factory=dict)

    @property
    def hidden_total(self) -> int:
        return sum(self.hidden.values())


@dataclass
class Tick:
    left: float
    width: float
    text: str


@dataclass
class Gantt:
    years: list[Tick]
    quarters: list[Tick]
    groups: list[Group]
    window: Span
    as_of: float | None
    shown: int
    total: int
    show_numbers: bool
    legend: list[tuple[str, str]] = field(default_factory=list)
    has_recurring: bool = False
    has_late: bool = False

    @property
    def bars(self) -> list[Bar]:
        return [b for g in self.groups for b in g.bars]


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """'2' before '10', numerals and letters after numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p)


def _intervals(r: Row) -> list[Interval]:
    """The task's planned intervals, merged where they touch ('Hằng năm' is one bar, 'Quý 2,3 hàng năm' is not)."""
    assert r.start and r.deadline
    whole = [Interval(r.start, r.deadline)]
    try:
        tf = parse_timeframe(r.timeframe, (r.start.year, r.deadline.year))
    except TimeframeError:
        return whole
    # Row dates come from the document's own period; a re-read that disagrees is not drawn.
    if (tf.start, tf.deadline) != (r.start, r.deadline):
        return whole
    merged: list[Interval] = []
    for iv in tf.intervals:
        if merged and iv.start <= merged[-1].end + timedelta(days=1):
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, iv.end))
        else:
            merged.append(iv)
    return merged


def gantt(report: Report, max_rows: int | None = None) -> Gantt | None:
    """Task bars across quarters for the HTML report: colour says the state, grouped by lead agency
    in the summary's order, capped at ``max_rows`` (default ``GANTT_MAX_ROWS``) with what is late kept first."""
    tasks: dict[tuple[str, str, str], list[Row]] = {}
    for r in report.rows:
        if r.start and r.deadline:
            tasks.setdefault((r.agency, r.document, r.task), []).append(r)
    if not tasks:
        return None
    lo_day = min(min(r.start for rows in tasks.values() for r in rows if r.start), report.window.start)
    hi_day = max(max(r.deadline for rows in tasks.values() for r in rows if r.deadline), report.window.end)
    # Whole years, so the axis starts and ends on a year line.
    lo, hi = date(lo_day.year, 1, 1), date(hi_day.year, 12, 31)
    span = (hi - lo).days + 1

    def x(d: date) -> float:
        return round(100 * (min(max(d, lo), hi) - lo).days / span, 3)

    def between(a: date, b: date) -> Span:
        return Span(x(a), round(x(b + timedelta(days=1)) - x(a), 3) if b < hi else round(100 - x(a), 3))

    years = [between(date(y, 1, 1), date(y, 12, 31)) for y in range(lo.year, hi.year + 1)]
    year_ticks = [Tick(s.left, s.width, str(lo.year + i)) for i, s in enumerate(years)]
    n_quarters = 4 * len(years)
    quarter_ticks = []
    for y in range(lo.year, hi.year + 1):
        for q in range(1, 5):
            iv = quarter_interval(y, q)
            s = between(iv.start, iv.end)
            quarter_ticks.append(Tick(s.left, s.width, ROMAN[q] if n_quarters <= GANTT_MAX_QUARTER_LABELS else ""))

    order = {a.agency: i for i, a in enumerate(report.agencies)}
    status = {a.agency: a.status for a in report.agencies}
    by_agency: dict[str, list[tuple[int, Bar, tuple[object, ...]]]] = {}
    for (agency, _doc, _task), rows in tasks.items():
        sections = {r.section for r in rows}
        r = next((r for r in rows if r.section == "overdue"), rows[0])
        assert r.start and r.deadline
        css = "overdue" if "overdue" in sections else _CSS_BY_STATE.get(r.state, "todo")
        tt = f"{r.tt}." if r.tt and r.tt[-1].isalnum() else r.tt
        label = " ".join(p for p in (tt, r.title) if p)
        tip = (f"{r.number} {label} — {r.timeframe} ({r.start.day:02d}/{r.start.month:02d}/{r.start.year}"
               f"–{r.deadline.day:02d}/{r.deadline.month:02d}/{r.deadline.year}) — {r.state}")
        late = None
        if r.section == "overdue" and r.days_late and r.deadline < hi:
            tip += f" — quá hạn {r.days_late} ngày"
            late = between(r.deadline + timedelta(days=1), min(report.as_of - timedelta(days=1), hi))
        bar = Bar(label, r.number, agency, [between(iv.start, iv.end) for iv in _intervals(r)], css, r.recurring,
                  tip, late)
        rank = min(list(_PRIORITY).index(s) for s in sections)
        by_agency.setdefault(agency, []).append(
            (rank, bar, (r.start, r.deadline, r.number, _natural(r.tt), r.title)))

    total = sum(len(v) for v in by_agency.values())
    max_rows = GANTT_MAX_ROWS if max_rows is None else max_rows
    per_agency = max(GANTT_MIN_ROWS_PER_AGENCY, max_rows // len(by_agency)) if total > max_rows else total
    groups = []
    for agency in sorted(by_agency, key=lambda a: (order.get(a, len(order)), a)):
        entries = sorted(by_agency[agency], key=lambda e: (e[0], -(e[1].late.width if e[1].late else 0), e[2]))
        # The longest-late tasks take at most half of an agency's rows, so the work due in the period still shows.
        overdue = [e for e in entries if e[0] == 0]
        rest = [e for e in entries if e[0] != 0]
        cut = max(per_agency // 2, per_agency - len(rest))
        kept = (overdue[:cut] + rest + overdue[cut:])[:per_agency]
        kept_ids = {id(e) for e in kept}
        names = list(_PRIORITY.values())
        hidden = {name: n for i, name in enumerate(names)
                  if (n := sum(1 for e in entries if id(e) not in kept_ids and e[0] == i))}
        groups.append(Group(agency, status.get(agency, ""), [e[1] for e in sorted(kept, key=lambda e: e[2])], hidden))
    as_of = x(report.as_of) if lo <= report.as_of <= hi else None
    shown = sum(len(g.bars) for g in groups)
    drawn = {b.css for g in groups for b in g.bars}
    return Gantt(year_ticks, quarter_ticks, groups, between(report.window.start, report.window.end), as_of, shown,
                 total, len({r.document for r in report.rows}) > 1,
                 [(css, text) for css, text in GANTT_STATES.items() if css in drawn],
                 any(b.recurring for g in groups for b in g.bars), any(b.late for g in groups for b in g.bars))


def render_template(name: str, **context: object) -> str:
    return _env().get_template(name).render(**context)


def to_markup(report: Report, fmt: str) -> str:
    template = _env().get_template(f"report.{fmt}.j2")
    return template.render(report=report, sections=SECTIONS, gantt=gantt(report) if fmt == "html" else None)


def render_text(report: Report, console: Console) -> None:
    console.print(text(f"Báo cáo tiến độ — {report.window.label} (as of {report.as_of.isoformat()})", style="bold"))
    if report.owner:
        console.print(text(f"Owner: {report.owner}"))
    if report.sample_data:
        console.print(text("Includes SAMPLE progress data, not reported by any agency.", style="bold yellow"))
    summary = table("Cơ quan chủ trì", "due", "finished of due", "share", "overdue", "in progress", "recurring",
                    "due next", "status", title="Per lead agency")
    for a in report.agencies:
        share = "" if a.share_finished is None else f"{a.share_finished * 100:.0f}%"
        add_row(summary, (a.agency, a.due, a.due_finished, share, a.overdue, a.in_progress, a.recurring, a.due_next,
                          text(a.status, style=_STATUS_STYLE[a.status])))
    console.print(summary)
    for name, title in SECTIONS.items():
        rows = report.section(name)
        t = table("agency", "task", "timeframe", "deadline", "state", *(["days late"] if name == "overdue" else []),
                  title=f"{title}: {len(rows)}", title_justify="left")
        for r in rows:
            extra = [r.days_late] if name == "overdue" else []
            add_row(t, (r.agency, task_label(r), r.timeframe, r.deadline.isoformat() if r.deadline else "", r.state,
                        *extra))
        console.print(t)


def to_text(report: Report, width: int = 160) -> str:
    return plain(lambda console: render_text(report, console), width)
