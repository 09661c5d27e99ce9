"""Deadlines as an RFC 5545 calendar (via the icalendar library).

Events are written out one by one, not held as one component tree (icalendar keeps
about 9 KB per event), and the calendar stops at ``limits.CALENDAR_EVENTS`` events:
a recurring task over a long period must not turn a small plan into gigabytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

from ocopctl import vn
from ocopctl.i18n import _, format_date, format_number, language, ngettext
from ocopctl.limits import CALENDAR_EVENTS
from ocopctl.periods import add_days, truncated_note
from ocopctl.reports import agency_name, resolve_owner
from ocopctl.repository import Repository
from ocopctl.tracking import NO_LEAD, track

# A fixed stamp keeps the file identical for identical plans (RFC 5545 requires one).
STAMP = datetime(2000, 1, 1, tzinfo=UTC)


TITLE_WIDTH = 120  # characters of the task's title a calendar event's summary keeps


def calendar_title(title: str, width: int = TITLE_WIDTH) -> str:
    """'Deadline: <task title>' ('Hạn: ...' in Vietnamese), the title cut at the last word that fits and
    marked "…" when too long; the title stays as the plan writes it."""
    title = " ".join(title.split())
    if len(title) > width:
        cut = title[: width - 1]
        head = cut.rsplit(" ", 1)[0] if " " in cut and title[width - 1] != " " else cut
        title = head.rstrip(" ,;:.-–") + "…"
    return _("Deadline: {title}").format(title=title)


def deadline_calendar(repo: Repository, owner: str | None = None) -> tuple[bytes, list[str]]:
    """One all-day event per task deadline (per occurrence for recurring tasks), and the
    one-line notes the command prints when something was left out."""
    owners = resolve_owner(repo, owner) if owner else None
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ocopctl//OCOP plan deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("OCOP: task deadlines") + (f" — {owner}" if owner else ""))
    head = cal.to_ical()
    end_line = b"END:VCALENDAR\r\n"
    chunks = [head.removesuffix(end_line)]
    events = truncated = 0
    full = False
    for t in track(repo):
        if t.timeframe is None or t.doc.is_record:
            continue  # a superseded or archived plan's deadlines are on nobody's calendar
        leads = t.leads or [("", NO_LEAD)]
        if owners is not None and not any(a in owners for a, _ in leads):
            continue
        if full:
            break
        truncated += t.timeframe.truncated
        doc = t.doc.document
        ends = [i.end for i in t.timeframe.intervals] if t.timeframe.recurring else [t.timeframe.deadline]
        for n, end in enumerate(ends):
            if events == CALENDAR_EVENTS.value:
                full = True
                break
            ev = icalendar.Event()
            # Stable ids so that re-importing updates events instead of duplicating them.
            ev.add("uid", f"{doc.id}#{t.ref.task.id}#{n}@ocopctl")
            ev.add("dtstamp", STAMP)
            ev.add("dtstart", end)
            ev.add("dtend", add_days(end, 1))
            title = " ".join(t.ref.task.title.split())
            ev.add("summary", calendar_title(title))
            ev.add("description", "\n".join([
                _("{type} {number} dated {day}").format(type=doc.type, number=doc.number, day=_document_date(doc.date)),
                _("Task {task}: {title}").format(task=t.ref.task.tt or t.ref.task.id, title=title),
                _("Timeframe: {timeframe}").format(timeframe=t.timeframe.text),
                _("Lead agency: {agencies}").format(agencies=", ".join(agency_name(name) for _id, name in leads)),
            ]))
            ev.add("categories", ["OCOP"])
            chunks.append(ev.to_ical())
            events += 1
    chunks.append(end_line)
    notes = []
    if truncated:
        notes.append(ngettext("{n} recurring task cut short: {why}; 'ocopctl validate' lists it (OC312)",
                              "{n} recurring tasks cut short: {why}; 'ocopctl validate' lists them (OC312)",
                              truncated).format(n=format_number(truncated), why=truncated_note()))
    if full:
        notes.append(_("the calendar stops at {n} events; the remaining deadlines are left out: narrow it with "
                       "--owner or a province's folder").format(n=format_number(CALENDAR_EVENTS.value)))
    return b"".join(chunks), notes


def _document_date(day: date) -> str:
    """A document's date as its language writes it: 17/8/2018 in Vietnamese (as the document prints it)."""
    return vn.format_date_vn(day) if language() == "vi" else format_date(day)
