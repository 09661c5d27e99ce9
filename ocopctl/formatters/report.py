"""Report output: text, Markdown, HTML (with a timeline), JSON and CSV."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import jinja2
from rich.console import Console

from ocopctl import i18n
from ocopctl.formatters.tables import add_row, plain, table, task_label, text
from ocopctl.i18n import N_, _, format_date, format_number, format_percent, ngettext, translate
from ocopctl.output import csv_text
from ocopctl.periods import Interval, TimeframeError, parse_timeframe, quarter_interval
from ocopctl.products import stats_key
from ocopctl.reports import (
    ROMAN,
    SECTION_TITLES,
    Report,
    Row,
    agency_name,
    section_title,
    state_word,
    status_word,
)
from ocopctl.resources import template_dir

FORMATS = ("text", "md", "html", "json", "csv")
ROW_FIELDS = ("section", "agency_id", "agency", "document", "number", "task", "tt", "title", "timeframe", "start",
              "deadline", "state", "days_late", "recurring")
_STATUS_STYLE = {"red": "bold red", "amber": "yellow", "green": "green"}


def _env() -> jinja2.Environment:
    """ocopctl's own report templates (not the user templates ``ocopctl render`` sandboxes): their text
    is English message ids in ``_("...")`` told in the language in force (jinja2's i18n extension),
    their numbers, dates, states and verdicts through the filters below."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals["lang"] = i18n.language()
    env.filters["day"] = lambda d: format_date(d) if d else ""
    env.filters["pct"] = lambda x: "" if x is None else format_percent(x * 100)
    env.filters["num"] = lambda n: "" if n is None else format_number(n)
    env.filters["status"] = status_word
    env.filters["state"] = state_word
    env.filters["agency"] = agency_name
    env.filters["section"] = section_title
    env.filters["stats_key"] = stats_key
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
# Bar colour says the state; legend order (told in the language in force).
GANTT_STATES = {
    "overdue": N_("overdue"),
    "done": N_("finished"),
    "active": N_("in progress"),
    "paused": N_("paused"),
    "cancelled": N_("cancelled"),
    "todo": N_("not started / not reported"),
}
_CSS_BY_STATE = {"hoàn thành": "done", "đang thực hiện": "active", "tạm dừng": "paused", "hủy": "cancelled"}
# Which rows an overcrowded agency keeps, best first, and how its note names what was left out.
_PRIORITY = {
    "overdue": N_("overdue"),
    "due": N_("due in the period"),
    "in_progress": N_("in progress"),
    "finished": N_("finished in the period"),
    "due_next": N_("due in the next period"),
    "recurring": N_("recurring"),
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
    hidden: dict[str, int] = field(default_factory=dict)  # section key -> tasks left out of the chart

    @property
    def hidden_total(self) -> int:
        return sum(self.hidden.values())

    @property
    def hidden_text(self) -> str:
        """'25 overdue, 4 due in the period': what the chart left out, in the language in force."""
        return ", ".join(f"{format_number(n)} {translate(_PRIORITY[key])}" for key, n in self.hidden.items())


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
        tip = f"{r.number} {label} — {r.timeframe} ({format_date(r.start)}–{format_date(r.deadline)}) — " \
              + state_word(r.state)
        late = None
        if r.section == "overdue" and r.days_late and r.deadline < hi:
            tip += " — " + ngettext("{n} day overdue", "{n} days overdue", r.days_late).format(
                n=format_number(r.days_late))
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
        hidden = {key: n for i, key in enumerate(_PRIORITY)
                  if (n := sum(1 for e in entries if id(e) not in kept_ids and e[0] == i))}
        groups.append(Group(agency_name(agency), status.get(agency, ""),
                            [e[1] for e in sorted(kept, key=lambda e: e[2])], hidden))
    as_of = x(report.as_of) if lo <= report.as_of <= hi else None
    shown = sum(len(g.bars) for g in groups)
    drawn = {b.css for g in groups for b in g.bars}
    return Gantt(year_ticks, quarter_ticks, groups, between(report.window.start, report.window.end), as_of, shown,
                 total, len({r.document for r in report.rows}) > 1,
                 [(css, translate(words)) for css, words in GANTT_STATES.items() if css in drawn],
                 any(b.recurring for g in groups for b in g.bars), any(b.late for g in groups for b in g.bars))


def render_template(name: str, **context: object) -> str:
    return _env().get_template(name).render(**context)


def to_markup(report: Report, fmt: str) -> str:
    template = _env().get_template(f"report.{fmt}.j2")
    return template.render(report=report, sections=SECTION_TITLES, gantt=gantt(report) if fmt == "html" else None)


def _share(value: float | None) -> str:
    return "" if value is None else format_percent(value * 100, 0)


def render_text(report: Report, console: Console) -> None:
    console.print(text(_("Progress report — {window} (as of {day})").format(
        window=report.window.title, day=format_date(report.as_of)), style="bold"))
    if report.owner:
        console.print(text(_("Lead agency: {owner}").format(owner=report.owner)))
    if report.sample_data:
        console.print(text(_("Includes SAMPLE progress data, not reported by any agency."), style="bold yellow"))
    summary = table(_("lead agency"), _("due"), _("finished of due"), _("share"), _("overdue"), _("in progress"),
                    _("recurring"), _("due next"), _("status"), title=_("Per lead agency"))
    for a in report.agencies:
        add_row(summary, (agency_name(a.agency), *map(format_number, (a.due, a.due_finished)), _share(a.share_finished),
                          *map(format_number, (a.overdue, a.in_progress, a.recurring, a.due_next)),
                          text(status_word(a.status), style=_STATUS_STYLE[a.status])))
    console.print(summary)
    for name in SECTION_TITLES:
        rows = report.section(name)
        t = table(_("lead agency"), _("task"), _("timeframe"), _("deadline"), _("state"),
                  *([_("days late")] if name == "overdue" else []),
                  title=f"{section_title(name)}: {format_number(len(rows))}", title_justify="left")
        for r in rows:
            extra = [format_number(r.days_late or 0)] if name == "overdue" else []
            deadline = format_date(r.deadline) if r.deadline else ""
            add_row(t, (agency_name(r.agency), task_label(r), r.timeframe, deadline, state_word(r.state), *extra))
        console.print(t)


def to_text(report: Report, width: int = 160) -> str:
    return plain(lambda console: render_text(report, console), width)
