"""Timeframes, deadlines and progress reports (OC3xx). All relative to the context's date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Count, IsoDay, Msg
from ocopctl.models import FINISHED_STATES
from ocopctl.periods import truncated_note
from ocopctl.repository import Repository
from ocopctl.tracking import track


@check(
    ("OC301", "timeframe-unreadable", Severity.ERROR),
    ("OC302", "timeframe-outside-period", Severity.WARNING),
    ("OC303", "task-without-timeframe", Severity.WARNING),
    ("OC312", "timeframe-too-many-occurrences", Severity.WARNING),
)
def timeframes(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A timeframe that cannot be read (OC301), one that reaches outside the document's
    period (OC302), a task with no timeframe at all (OC303), or a timeframe that expands
    to more occurrences than ocopctl builds (OC312, limits.OCCURRENCES: a monthly task
    over the longest period ocopctl reads has 3,612).

    Fails (period 2018-2020)::

        timeframe: Quý 5/2018      # OC301
        timeframe: Quý IV/2021     # OC302
    """
    for t in track(repo):
        doc = t.doc.document
        loc = t.ref.loc + ("timeframe",) if t.ref.task.timeframe else t.ref.loc
        if t.timeframe_error is not None:
            yield diag("OC301", t.file, loc, t.timeframe_error.message,
                       hint=Msg("write it in one of the accepted forms; 'ocopctl period TEXT' shows how a form is "
                                "read"))
        elif t.timeframe is None:
            if not doc.is_whole:  # an excerpt or a press report may leave the timeframe out
                continue
            yield diag("OC303", t.file, t.ref.loc, Msg("task {task} has no timeframe (thời gian thực hiện)",
                                                       task=repr(t.ref.task.id)),
                       hint=Msg("give it a timeframe, e.g. 'Quý IV/2018' or '2018-2020'"))
        else:
            if t.timeframe.truncated:
                yield diag("OC312", t.file, loc, Msg("task {task}: {note}", task=repr(t.ref.task.id),
                                                     note=truncated_note()),
                           hint=Msg("name each month or quarter once; a repeated part adds nothing"))
            first, last = doc.planning_years()  # to the orientation horizon ("định hướng đến 2030")
            lo, hi = date(first, 1, 1), date(last, 12, 31)
            if t.timeframe.start < lo or t.timeframe.deadline > hi:
                yield diag("OC302", t.file, loc,
                           Msg("timeframe {text} ({start} – {deadline}) reaches outside the document's period "
                               "{period}", text=repr(t.timeframe.text), start=IsoDay(t.timeframe.start),
                               deadline=IsoDay(t.timeframe.deadline), period=doc.period)
                           if doc.horizon is None else
                           Msg("timeframe {text} ({start} – {deadline}) reaches outside the document's period "
                               "{period}, orientation to {horizon}", text=repr(t.timeframe.text),
                               start=IsoDay(t.timeframe.start), deadline=IsoDay(t.timeframe.deadline),
                               period=doc.period, horizon=doc.horizon),
                           hint=Msg("check the year; a plan schedules work inside its own period"))


@check(
    ("OC304", "task-overdue", Severity.WARNING),
    ("OC310", "progress-not-tracked", Severity.INFO),
    ("OC311", "closed-plan-unfinished", Severity.WARNING),
)
def overdue(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A task past its deadline and not finished (OC304). Only for documents whose progress
    is tracked in the repository (at least one progress report); for a document without any,
    one OC310 says how many tasks are past their deadline. Once a tracked document's period
    is over, its late tasks are no longer chased one by one: one OC311 says how many were
    never reported finished, for the closing report.

    A document marked ``status: superseded`` or ``archived`` is a record: it is judged at its
    own date, not today, so its tasks are not overdue because the years went by.

    Fails (today 2019-01-15, no report of hoàn thành)::

        period: 2018-2020
        timeframe: Quý IV/2018     # OC304; with today 2021-03-01, one OC311 for the plan
    """
    if ctx.today is None:
        return
    by_doc: dict[str, list] = {}  # type: ignore[type-arg]
    for t in track(repo):
        by_doc.setdefault(t.doc.document.id, []).append(t)
    for tasks in by_doc.values():
        today = tasks[0].doc.judged_on(ctx.today)
        late = [t for t in tasks if t.timeframe and t.timeframe.deadline < today and not t.is_finished(today)]
        if not any(t.progress for t in tasks):
            if late:
                d = tasks[0].doc
                yield diag("OC310", d.file, ("id",),
                           Msg("no progress is recorded for {type} {number}; {late} of {tasks} tasks are past "
                               "their deadline as of {today}", type=d.document.type, number=d.document.number,
                               late=Count(len(late)), tasks=Count(len(tasks)), today=vn.format_date_vn(today)),
                           hint=Msg("add progress files (kind: progress) to track it, or mark an old plan "
                                    "'status: archived'"))
            continue
        doc = tasks[0].doc
        closed = date(doc.document.period_years()[1], 12, 31)
        if late and closed < today:
            ids = ", ".join(t.ref.task.id for t in late[:5]) + (", ..." if len(late) > 5 else "")
            yield diag("OC311", doc.file, ("period",),
                       Msg("the period of {type} {number} ended on {closed}; {late} of {tasks} tasks were never "
                           "reported finished ({ids})", type=doc.document.type, number=doc.document.number,
                           closed=vn.format_date_vn(closed), late=Count(len(late)), tasks=Count(len(tasks)), ids=ids),
                       hint=Msg("report their final state (hoàn thành, tạm dừng, hủy) for the closing report"))
            continue
        for t in late:
            assert t.timeframe is not None
            days = (today - t.timeframe.deadline).days
            state = t.state_on(today) or Msg("no report")
            yield diag("OC304", t.file, t.ref.loc + ("timeframe",) if t.ref.task.timeframe else t.ref.loc,
                       Msg("task {task} was due {deadline} ({timeframe}) and is {days} days late (state: {state})",
                           task=repr(t.ref.task.id), deadline=vn.format_date_vn(t.timeframe.deadline),
                           timeframe=t.timeframe.text, days=Count(days), state=state),
                       hint=Msg("report its progress (kind: progress), or revise the timeframe"))


@check(
    ("OC305", "finished-before-start", Severity.ERROR),
    ("OC306", "progress-after-period", Severity.WARNING),
    ("OC307", "progress-unknown-task", Severity.ERROR),
    ("OC308", "progress-unrelated-agency", Severity.WARNING),
)
def progress(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """Progress that cannot be right: finished before its timeframe starts (OC305), dated
    after the plan's period (OC306), about a document or task that does not exist (OC307),
    or reported by an agency that neither leads nor supports the task (OC308).

    Fails::

        kind: progress
        document: hai-phong/2018-192-kh-ubnd
        agency: hp-sct
        entries:
          - {task: pl01-i-99, date: 2018-10-01, state: hoàn thành}   # OC307
    """
    tasks = {t.key: t for t in track(repo)}
    for t in tasks.values():
        doc = t.doc.document
        end = date(doc.period_years()[1], 12, 31)
        for r in t.progress:
            e = r.entry
            if e.state in FINISHED_STATES and e.state == "hoàn thành" and t.timeframe and e.date < t.timeframe.start:
                yield diag("OC305", r.file, r.loc + ("date",),
                           Msg("task {task} is reported finished on {date}, before its timeframe {timeframe} starts "
                               "({start})", task=repr(t.ref.task.id), date=vn.format_date_vn(e.date),
                               timeframe=repr(t.timeframe.text), start=vn.format_date_vn(t.timeframe.start)),
                           hint=Msg("check the date of the report"))
            if e.date > end:
                yield diag("OC306", r.file, r.loc + ("date",),
                           Msg("progress dated {date} is after the period of {number} ({period})",
                               date=vn.format_date_vn(e.date), number=doc.number, period=doc.period),
                           hint=Msg("report it against the plan that covers that period"))
            if r.agency:
                involved = {a for a, _ in t.leads} | set(t.supports)
                hits = repo.resolve_agency(r.agency, doc.province)
                ident = hits[0].agency.id if len(hits) == 1 else r.agency
                if ident not in involved and not _member_of_group(repo, ident, involved, doc.province):
                    yield diag("OC308", r.file, r.loc,
                               Msg("{agency} reports on task {task} but neither leads nor supports it",
                                   agency=repr(r.agency), task=repr(t.ref.task.id)),
                               hint=Msg("the lead agency reports; check the task id"))
    for f, pf in repo.progress_files:
        docs = repo.documents_by_id.get(pf.document)
        if not docs and pf.document in repo.broken_ids:
            continue  # the document's own findings say what is wrong; no cascade
        if not docs:
            yield diag("OC307", f, ("document",), Msg("progress refers to document {document}, which does not exist",
                                                      document=repr(pf.document)),
                       hint=Msg("document is the 'id' of a document in the repository"))
            continue
        for i, entry in enumerate(pf.entries):
            if (pf.document, entry.task) not in tasks:
                yield diag("OC307", f, ("entries", i, "task"),
                           Msg("task {task} does not exist in {document}", task=repr(entry.task),
                               document=pf.document),
                           hint=Msg("use the task's 'id' as the document gives it"))


def _member_of_group(repo: Repository, ident: str, involved: set[str], province: str) -> bool:
    """True when the agency belongs to a group that leads or supports the task."""
    from ocopctl.models import AgencyGroup

    for ref in involved:
        hits = repo.resolve_agency(ref, province)
        if len(hits) == 1 and isinstance(hits[0].agency, AgencyGroup):
            group = hits[0].agency
            if group.vague:
                return True
            for m in group.members:
                mh = repo.resolve_agency(m, province)
                if len(mh) == 1 and mh[0].agency.id == ident:
                    return True
    return False
