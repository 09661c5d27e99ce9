"""Who carries the plans: tasks led and supported per agency and quarter."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

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

    @property
    def never_reported(self) -> bool:
        return self.led_total > 0 and self.reports == 0


def _quarter(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def workload(repo: Repository, as_of: date) -> list[Workload]:
    """Per agency: tasks it leads and supports by the quarter of their deadline, and whether it reports."""
    by: dict[str, Workload] = {}
    names = {e.agency.id: e.agency.name for e in repo.agency_entries}
    for t in track(repo):
        q = _quarter(t.timeframe.deadline) if t.timeframe else "—"
        for agency_id, name in t.leads:
            w = by.setdefault(agency_id, Workload(agency_id, name))
            w.led[q] += 1
            w.led_total += 1
            w.reports += sum(1 for r in t.progress if r.entry.date <= as_of)
        for agency_id in t.supports:
            w = by.setdefault(agency_id, Workload(agency_id, names.get(agency_id, agency_id)))
            w.supported[q] += 1
            w.supported_total += 1
    return sorted(by.values(), key=lambda w: (-w.led_total, -w.supported_total, w.agency))
