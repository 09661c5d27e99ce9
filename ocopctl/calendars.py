"""Deadlines as an RFC 5545 calendar (via the icalendar library)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from ocopctl import vn
from ocopctl.reports import resolve_owner
from ocopctl.repository import Repository
from ocopctl.tracking import NO_LEAD, track

# A fixed stamp keeps the file identical for identical plans (RFC 5545 requires one).
STAMP = datetime(2000, 1, 1, tzinfo=UTC)


def deadline_calendar(repo: Repository, owner: str | None = None) -> bytes:
    """One all-day event per task deadline (per occurrence for recurring tasks)."""
    owners = resolve_owner(repo, owner) if owner else None
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ocopctl//OCOP plan deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "OCOP: hạn thực hiện nhiệm vụ" + (f" — {owner}" if owner else ""))
    for t in track(repo):
        if t.timeframe is None:
            continue
        leads = t.leads or [("", NO_LEAD)]
        if owners is not None and not any(a in owners for a, _ in leads):
            continue
        doc = t.doc.document
        ends = [i.end for i in t.timeframe.intervals] if t.timeframe.recurring else [t.timeframe.deadline]
        for n, end in enumerate(ends):
            ev = icalendar.Event()
            # Stable ids so that re-importing updates events instead of duplicating them.
            ev.add("uid", f"{doc.id}#{t.ref.task.id}#{n}@ocopctl")
            ev.add("dtstamp", STAMP)
            ev.add("dtstart", end)
            ev.add("dtend", end + timedelta(days=1))
            title = " ".join(t.ref.task.title.split())
            ev.add("summary", f"Hạn: {title[:120]}")
            ev.add("description", "\n".join([
                f"{doc.type} {doc.number} ngày {vn.format_date_vn(doc.date)}",
                f"Nhiệm vụ {t.ref.task.tt or t.ref.task.id}: {title}",
                f"Thời gian thực hiện: {t.timeframe.text}",
                "Cơ quan chủ trì: " + ", ".join(name for _, name in leads),
            ]))
            ev.add("categories", ["OCOP"])
            cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data
