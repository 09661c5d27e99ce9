"""Where each task stands: its timeframe read into dates and its progress reports.

Built once per repository and shared by the deadline checks and the reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ocopctl.diagnostics import Loc
from ocopctl.loader import LoadedFile
from ocopctl.models import FINISHED_STATES, ProgressEntry
from ocopctl.periods import Timeframe, TimeframeError, parse_timeframe
from ocopctl.repository import DocumentRef, Repository, TaskRef, iter_tasks

NO_LEAD = "(chưa giao cơ quan chủ trì)"


@dataclass(slots=True)
class Reported:
    """A progress entry with where it came from."""

    entry: ProgressEntry
    agency: str | None  # reference of the reporting agency
    file: LoadedFile
    loc: Loc


@dataclass(slots=True)  # one per task: no per-instance dict
class TrackedTask:
    doc: DocumentRef
    ref: TaskRef
    file: LoadedFile
    leads: tuple[tuple[str, str], ...]  # (agency id or printed ref, display name)
    supports: tuple[str, ...]  # agency ids or printed refs
    timeframe: Timeframe | None = None
    timeframe_error: TimeframeError | None = None
    progress: list[Reported] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.doc.document.id, self.ref.task.id

    def state_on(self, day: date) -> str | None:
        """The last reported state on or before ``day``; None when nothing was reported."""
        state = None
        for r in self.progress:
            if r.entry.date <= day:
                state = r.entry.state
        return state

    def finished_on(self) -> date | None:
        for r in self.progress:
            if r.entry.state in FINISHED_STATES:
                return r.entry.date
        return None

    def is_finished(self, day: date) -> bool:
        return self.state_on(day) in FINISHED_STATES


def _display(repo: Repository, ref: str, province: str) -> tuple[str, str]:
    hits = repo.resolve_agency(ref, province)
    if len(hits) == 1:
        a = hits[0].agency
        return a.id, a.name
    return ref, ref


def track(repo: Repository) -> list[TrackedTask]:
    """Every task of every document, with its timeframe and progress (computed once per repository)."""
    cached: list[TrackedTask] | None = getattr(repo, "_tracked", None)
    if cached is not None:
        return cached
    tasks: list[TrackedTask] = []
    by_key: dict[tuple[str, str], TrackedTask] = {}
    # Tasks of a plan share a few lead lists and timeframes: each read once and shared (not
    # mutated after), which keeps a 200,000-task plan's tracking table under 100 MB.
    leads_of: dict[tuple[tuple[str, ...], str | None], tuple[tuple[str, str], ...]] = {}
    supports_of: dict[tuple[tuple[str, ...], str | None], tuple[str, ...]] = {}
    timeframes: dict[tuple[str, tuple[int, int]], Timeframe | TimeframeError] = {}
    for d in repo.documents:
        doc = d.document
        within = doc.period_years()
        for ref, f in iter_tasks(d):
            key = (tuple(ref.lead), doc.province)
            leads = leads_of.get(key)
            if leads is None:
                leads = leads_of[key] = tuple(_display(repo, name, doc.province) for name in ref.lead)
            key = (tuple(ref.support), doc.province)
            supports = supports_of.get(key)
            if supports is None:
                supports = supports_of[key] = tuple(_display(repo, name, doc.province)[0] for name in ref.support)
            t = TrackedTask(d, ref, f, leads, supports)
            if ref.timeframe:
                read = timeframes.get((ref.timeframe, within))
                if read is None:
                    try:
                        read = parse_timeframe(ref.timeframe, within)
                    except TimeframeError as exc:
                        read = exc
                    timeframes[(ref.timeframe, within)] = read
                if isinstance(read, TimeframeError):
                    t.timeframe_error = read
                else:
                    t.timeframe = read
            for i, entry in enumerate(ref.task.progress):
                t.progress.append(Reported(entry, entry.reported_by, f, ref.loc + ("progress", i)))
            tasks.append(t)
            by_key.setdefault(t.key, t)
    for f, pf in repo.progress_files:
        for i, entry in enumerate(pf.entries):
            t2 = by_key.get((pf.document, entry.task))
            if t2 is not None:
                t2.progress.append(Reported(entry, entry.reported_by or pf.agency, f, ("entries", i)))
    for t in tasks:
        t.progress.sort(key=lambda r: r.entry.date)
    repo._tracked = tasks  # type: ignore[attr-defined]
    return tasks
