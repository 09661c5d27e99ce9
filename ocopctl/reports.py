"""Progress reports: what was due, done and late in a quarter, half-year or year, per lead agency.

``build_report`` is pure: the repository, a reporting window and the as-of date
in, a ``Report`` out. Formatting lives in ``ocopctl.formatters.report``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ocopctl import vn
from ocopctl.i18n import N_, _, language, translate
from ocopctl.models import FINISHED_STATES
from ocopctl.periods import (
    TimeframeError,
    add_days,
    month_interval,
    parse_timeframe,
    quarter_interval,
    year_in_range,
    year_range_text,
)
from ocopctl.repository import Repository
from ocopctl.tracking import NO_LEAD, TrackedTask, track

# The report's sections, in order: the keys are what JSON and CSV say in every language, the
# titles are told in the language in force (``section_title``).
SECTION_TITLES = {
    "due": N_("Due in the period"),
    "overdue": N_("Overdue"),
    "finished": N_("Finished in the period"),
    "in_progress": N_("In progress"),
    "recurring": N_("Recurring tasks active in the period"),
    "due_next": N_("Due in the next period"),
}
# The same titles in Vietnamese, for the official documents ``ocopctl render`` drafts from a report
# (templates/progress_report.j2): a Vietnamese document whatever language the console speaks.
SECTIONS = {key: translate(title, "vi") for key, title in SECTION_TITLES.items()}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# How each status is said. JSON, CSV and the HTML classes keep red/amber/green in every language;
# people read a verdict. A provincial OCOP office does not grade agencies by traffic-light colour:
# its reports say whether a task or an agency is "đúng tiến độ" or "chậm tiến độ", and single out
# what is "chậm nghiêm trọng" -- the words templates/progress_report.j2 already prints in its
# "Đánh giá" column, so a console report and the drafted document agree.
STATUS_WORDS = {
    "red": N_("seriously behind schedule"),
    "amber": N_("behind schedule"),
    "green": N_("on schedule"),
}
# A task nobody has reported on: the state JSON carries (as the progress states, in Vietnamese).
NOT_REPORTED = "chưa báo cáo"
# The progress states (models.PROGRESS_STATES, kept in Vietnamese in YAML and JSON) as people read them.
STATE_WORDS = {
    "chưa triển khai": N_("not started"),
    "đang thực hiện": N_("in progress"),
    "hoàn thành": N_("finished"),
    "tạm dừng": N_("paused"),
    "hủy": N_("cancelled"),
    NOT_REPORTED: N_("not reported"),
}


def section_title(key: str) -> str:
    """A section's title in the language in force."""
    return translate(SECTION_TITLES[key])


def status_word(status: str) -> str:
    """``red``/``amber``/``green`` as the language in force says the verdict."""
    return translate(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def state_word(state: str) -> str:
    """A progress state as the language in force says it; a state ocopctl does not know stays as written."""
    return translate(STATE_WORDS[state]) if state in STATE_WORDS else state


# Rows and JSON name a task without a lead agency with tracking.NO_LEAD (in Vietnamese); people read this.
NO_LEAD_LABEL = N_("(no lead agency assigned)")


def agency_name(name: str) -> str:
    """An agency as a row names it, with "no lead agency" (and the province a national report adds
    to it) in the language in force."""
    return translate(NO_LEAD_LABEL) + name[len(NO_LEAD):] if name.startswith(NO_LEAD) else name


class ReportError(ValueError):
    """A window, owner or date the user gave that does not exist."""


@dataclass(frozen=True)
class Window:
    kind: str  # quarter | half | year
    year: int
    index: int  # quarter 1-4, half 1-2, year 1
    start: date
    end: date

    @property
    def title(self) -> str:
        """The window as the language in force names it: 'Quý III/2018' or 'Q3 2018'."""
        if language() == "vi":
            return self.label
        if self.kind == "quarter":
            return f"Q{self.index} {self.year}"
        if self.kind == "half":
            return f"H{self.index} {self.year}"
        return str(self.year)

    @property
    def label(self) -> str:
        """The window as Vietnamese documents name it (also what JSON carries, in every language)."""
        if self.kind == "quarter":
            return f"Quý {ROMAN[self.index]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def code(self) -> str:
        return {"quarter": f"Q{self.index}-{self.year}", "half": f"H{self.index}-{self.year}"}.get(
            self.kind, str(self.year))

    def next(self) -> Window:
        if self.end == date.max:
            raise ReportError(_("{window} ends the calendar: it has no next period").format(window=self.title))
        if self.kind == "quarter":
            return quarter_window(self.year + (self.index == 4), self.index % 4 + 1)
        if self.kind == "half":
            return half_window(self.year + (self.index == 2), self.index % 2 + 1)
        return year_window(self.year + 1)


def quarter_window(year: int, q: int) -> Window:
    iv = quarter_interval(year, q)
    return Window("quarter", year, q, iv.start, iv.end)


def half_window(year: int, h: int) -> Window:
    return Window("half", year, h, month_interval(year, 1 if h == 1 else 7).start,
                  month_interval(year, 6 if h == 1 else 12).end)


def year_window(year: int) -> Window:
    return Window("year", year, 1, date(year, 1, 1), date(year, 12, 31))


def _check_years(option: str, text: str) -> None:
    """Refuse a window whose year lies outside limits.YEAR_MIN..YEAR_MAX, naming the option."""
    for year in re.findall(r"(?<!\d)\d{4}(?!\d)", text):
        if not year_in_range(int(year)):
            raise ReportError(_("{option} {text}: the year {year} is outside the years ocopctl reads ({years})").format(
                option=option, text=repr(text), year=int(year), years=year_range_text()))


def parse_quarter(text: str) -> Window:
    """``Q3-2018``, ``2018-Q3`` or ``Quý III/2018``."""
    s = text.strip()
    _check_years("--quarter", s)
    m = re.fullmatch(r"[Qq]([1-4])\s*[-/]\s*(\d{4})|(\d{4})\s*-\s*[Qq]([1-4])", s)
    if m:
        return quarter_window(int(m[2] or m[3]), int(m[1] or m[4]))
    try:
        tf = parse_timeframe(s)
    except TimeframeError:
        tf = None
    if tf and len(tf.intervals) == 1 and re.match(r"(?i)^quý", s):
        iv = tf.intervals[0]
        return quarter_window(iv.start.year, (iv.start.month - 1) // 3 + 1)
    raise ReportError(_("--quarter {text} is not a quarter; write Q3-2018, 2018-Q3 or 'Quý III/2018'").format(
        text=repr(text)))


def parse_half(text: str) -> Window:
    """``H1-2019``, ``2019-H1`` or ``6 tháng đầu năm 2019``."""
    s = text.strip()
    _check_years("--half", s)
    m = re.fullmatch(r"[Hh]([12])\s*[-/]\s*(\d{4})|(\d{4})\s*-\s*[Hh]([12])", s)
    if m:
        return half_window(int(m[2] or m[3]), int(m[1] or m[4]))
    m = re.fullmatch(r"6 tháng (đầu|cuối) năm (\d{4})", " ".join(s.lower().split()))
    if m:
        return half_window(int(m[2]), 1 if m[1] == "đầu" else 2)
    raise ReportError(_("--half {text} is not a half-year; write H1-2019, 2019-H2 or '6 tháng đầu năm 2019'").format(
        text=repr(text)))


def parse_year(text: str) -> Window:
    _check_years("--year", text.strip())
    if re.fullmatch(r"\d{4}", text.strip()):
        return year_window(int(text))
    raise ReportError(_("--year {text} is not a year; write 2019").format(text=repr(text)))


@dataclass(slots=True)
class Row:
    section: str
    agency_id: str
    agency: str
    document: str
    number: str
    task: str
    tt: str
    title: str
    timeframe: str
    start: date | None
    deadline: date | None
    state: str
    days_late: int | None
    recurring: bool

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = self.start.isoformat() if self.start else None
        d["deadline"] = self.deadline.isoformat() if self.deadline else None
        return d


@dataclass
class AgencySummary:
    agency_id: str
    agency: str
    due: int = 0
    due_finished: int = 0
    overdue: int = 0
    finished: int = 0
    in_progress: int = 0
    recurring: int = 0
    due_next: int = 0
    max_days_late: int = 0
    status: str = "green"

    @property
    def share_finished(self) -> float | None:
        return self.due_finished / self.due if self.due else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["share_finished"] = self.share_finished
        return d


@dataclass
class Report:
    window: Window
    as_of: date
    owner: str | None
    rows: list[Row] = field(default_factory=list)
    agencies: list[AgencySummary] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    sample_data: bool = False

    def section(self, name: str) -> list[Row]:
        return [r for r in self.rows if r.section == name]

    def to_dict(self, rows: bool = True) -> dict[str, Any]:
        return {
            "version": 1,
            "window": {"kind": self.window.kind, "code": self.window.code, "label": self.window.label,
                       "start": self.window.start.isoformat(), "end": self.window.end.isoformat()},
            "as_of": self.as_of.isoformat(),
            "owner": self.owner,
            "sample_data": self.sample_data,
            "documents": self.documents,
            "agencies": [a.to_dict() for a in self.agencies],
            "rows": [r.to_dict() for r in self.rows] if rows else [],
        }


def resolve_owner(repo: Repository, owner: str) -> set[str]:
    """Agency ids an --owner names (id, name, short name or alias, in any province)."""
    ids: set[str] = set()
    key = vn.name_key(owner)
    for e in repo.agency_entries:
        a = e.agency
        if a.id == owner or key in {vn.name_key(n) for n in (a.name, *a.short_names, *a.aliases)}:
            ids.add(a.id)
    if not ids:
        raise ReportError(_("--owner {owner} names no agency; use an agency id, name or alias from the registry")
                          .format(owner=repr(owner)))
    return ids


def _state(t: TrackedTask, as_of: date) -> str:
    return t.state_on(as_of) or NOT_REPORTED


def _overlaps(t: TrackedTask, start: date, end: date) -> bool:
    return t.timeframe is not None and any(i.start <= end and i.end >= start for i in t.timeframe.intervals)


def build_report(repo: Repository, window: Window, as_of: date, owner: str | None = None) -> Report:
    """Sort every scheduled task into the report's sections, per lead agency."""
    owners = resolve_owner(repo, owner) if owner else None
    report = Report(window, as_of, owner)
    nxt = window.next()
    docs: set[str] = set()
    for t in track(repo):
        if t.timeframe is None:
            continue
        tf = t.timeframe
        sections: list[str] = []
        finished_on = t.finished_on()
        done = t.is_finished(as_of)
        if tf.recurring:
            if _overlaps(t, window.start, window.end):
                sections.append("recurring")
        else:
            if window.start <= tf.deadline <= window.end:
                sections.append("due")
            if nxt.start <= tf.deadline <= nxt.end:
                sections.append("due_next")
        if tf.deadline < as_of and not done and not t.doc.is_record:
            # A superseded or archived plan is a record: its unfinished tasks are nobody's agenda.
            sections.append("overdue")
        if finished_on and window.start <= finished_on <= window.end and finished_on <= as_of \
                and t.state_on(as_of) == "hoàn thành":
            sections.append("finished")
        if t.state_on(as_of) == "đang thực hiện" and tf.start <= window.end:
            sections.append("in_progress")
        if not sections:
            continue
        leads = t.leads or [("", NO_LEAD)]
        doc = t.doc.document
        title = " ".join(t.ref.task.title.split())
        if title == t.ref.task.title:
            title = t.ref.task.title  # the model's own text, not a copy per row (200,000 rows: 50 MB)
        for agency_id, agency in leads:
            if owners is not None and agency_id not in owners:
                continue
            docs.add(doc.id)
            for section in sections:
                late = (as_of - tf.deadline).days if section == "overdue" else None
                report.rows.append(Row(
                    section, agency_id, agency, doc.id, doc.number, t.ref.task.id, t.ref.task.tt or "",
                    title, tf.text, tf.start, tf.deadline, _state(t, as_of), late,
                    tf.recurring))
    report.documents = sorted(docs)
    _name_provinces(repo, report.rows)
    report.sample_data = any(pf.sample for _f, pf in repo.progress_files if pf.document in docs)
    report.rows.sort(key=lambda r: (list(SECTION_TITLES).index(r.section), r.agency, r.deadline or date.max, r.document,
                                    r.task))
    report.agencies = _summaries(report)
    return report


def with_province(agency: str, province: str | None) -> str:
    """'Sở Nông nghiệp và Phát triển nông thôn (Hải Phòng)': an agency name that says whose."""
    return f"{agency} ({province})" if province else agency


def _name_provinces(repo: Repository, rows: list[Row]) -> None:
    """Every province has its own "Sở Nông nghiệp và Phát triển nông thôn": when the rows come
    from documents of more than one province, each agency says whose."""
    docs = {r.document for r in rows}
    provinces = {d.document.id: d.document.province for d in repo.documents if d.document.id in docs}
    if len(set(provinces.values())) > 1:
        for row in rows:
            row.agency = with_province(row.agency, provinces.get(row.document))


def _summaries(report: Report) -> list[AgencySummary]:
    by: dict[tuple[str, str], AgencySummary] = {}
    for r in report.rows:
        s = by.setdefault((r.agency_id, r.agency), AgencySummary(r.agency_id, r.agency))
        if r.section == "due":
            s.due += 1
            if r.state in FINISHED_STATES:
                s.due_finished += 1
        elif r.section == "overdue":
            s.overdue += 1
            s.max_days_late = max(s.max_days_late, r.days_late or 0)
        elif r.section == "finished":
            s.finished += 1
        elif r.section == "in_progress":
            s.in_progress += 1
        elif r.section == "recurring":
            s.recurring += 1
        elif r.section == "due_next":
            s.due_next += 1
    for s in by.values():
        s.status = status(s, report.window, report.as_of)
    return sorted(by.values(), key=lambda s: ({"red": 0, "amber": 1, "green": 2}[s.status], s.agency))


def status(s: AgencySummary, window: Window, as_of: date) -> str:
    """Red: a task more than 90 days late, or as many late tasks as due ones.
    Amber: any task late, or the window is over and some of its tasks are not finished.
    Green: nothing late."""
    if s.max_days_late > 90 or (s.overdue and s.overdue >= max(s.due, 1)):
        return "red"
    if s.overdue or (as_of > window.end and s.due_finished < s.due):
        return "amber"
    return "green"


def upcoming(repo: Repository, as_of: date, days: int, owner: str | None = None) -> list[Row]:
    """The agenda: first the tasks not finished whose deadline has passed (section ``overdue``,
    most overdue first), then those whose deadline (or, for recurring tasks, the end of an
    occurrence) falls within ``days`` after ``as_of`` (section ``upcoming``)."""
    owners = resolve_owner(repo, owner) if owner else None
    horizon = add_days(as_of, days)
    rows: list[Row] = []
    for t in track(repo):
        if t.timeframe is None or t.doc.is_record or t.is_finished(as_of):
            continue  # a superseded or archived plan schedules nothing any more
        tf = t.timeframe
        late = (as_of - tf.deadline).days if not tf.recurring and tf.deadline < as_of else None
        ends = [tf.deadline] if late is not None else [i.end for i in tf.intervals if as_of <= i.end <= horizon]
        if not ends:
            continue
        doc = t.doc.document
        for agency_id, agency in t.leads or [("", NO_LEAD)]:
            if owners is not None and agency_id not in owners:
                continue
            rows.append(Row("upcoming" if late is None else "overdue", agency_id, agency, doc.id, doc.number,
                            t.ref.task.id, t.ref.task.tt or "", " ".join(t.ref.task.title.split()), tf.text,
                            tf.start, min(ends), _state(t, as_of), late, tf.recurring))
    _name_provinces(repo, rows)
    rows.sort(key=lambda r: (r.section != "overdue", r.deadline or date.max, r.agency, r.document, r.task))
    return rows
