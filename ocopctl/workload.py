"""Who carries the plans: tasks led and supported per agency and quarter."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ocopctl import vn
from ocopctl.reports import with_province
from ocopctl.repository import Repository
from ocopctl.tracking import track


@dataclass
class Workload:
    agency_id: str
    agency: str
    led: Counter[str] = field(default_factory=Counter)  # quarter code -> tasks led with a deadline there
    supported: Counter[str] = field(default_factory=Counter)
    led_total: int = 0
    supported_total: int = 0
    reports: int = 0  # progress entries on tasks it leads
    province: str | None = None  # of the documents that name it

    @property
    def never_reported(self) -> bool:
        return self.led_total > 0 and self.reports == 0


def _quarter(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def quarter_of(code: str) -> tuple[int, int] | None:
    """(year, quarter) of a code ``_quarter`` made, None for anything else ('—': no deadline)."""
    year, sep, q = code.partition("-Q")
    return (int(year), int(q)) if sep and year.isdigit() and q.isdigit() else None


def workload(repo: Repository, as_of: date) -> list[Workload]:
    """Per agency: tasks it leads and supports by the quarter of their deadline, and whether it reports."""
    by: dict[str, Workload] = {}
    names = {e.agency.id: e.agency.name for e in repo.agency_entries}
    for t in track(repo):
        q = _quarter(t.timeframe.deadline) if t.timeframe else "—"
        province = t.doc.document.province
        for agency_id, name in t.leads:
            w = by.setdefault(agency_id, Workload(agency_id, name, province=province))
            w.led[q] += 1
            w.led_total += 1
            w.reports += sum(1 for r in t.progress if r.entry.date <= as_of)
        for agency_id in t.supports:
            w = by.setdefault(agency_id, Workload(agency_id, names.get(agency_id, agency_id), province=province))
            w.supported[q] += 1
            w.supported_total += 1
    # Every province has its own "Sở Nông nghiệp và Phát triển nông thôn": where one name is
    # worn by agencies of different provinces, each says whose, as reports do.
    provinces: dict[str, set[str | None]] = {}
    for w in by.values():
        provinces.setdefault(vn.name_key(w.agency), set()).add(w.province)
    for w in by.values():
        if len(provinces[vn.name_key(w.agency)]) > 1:
            w.agency = with_province(w.agency, w.province)
    return sorted(by.values(), key=lambda w: (-w.led_total, -w.supported_total, w.agency))
