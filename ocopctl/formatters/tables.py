"""Console tables of the commands (deadlines, owners, products, rewards, checks).

Every cell, title and line that holds plan text is a ``rich.text.Text``: rich
reads console markup ("[bold]", "[/]", "[link=...]") in plain strings, and a name
holding one would restyle the output or crash it (``MarkupError``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from ocopctl import vn
from ocopctl.checks import CheckInfo
from ocopctl.products import ProductRow, RewardRule, Stats
from ocopctl.products import Reward as RewardItem
from ocopctl.reports import Row
from ocopctl.workload import Workload


def text(value: Any, style: str = "") -> Text:
    """A cell as it is: ``None`` is empty, a ``Text`` stays, anything else is its ``str`` with no markup read."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), style=style)


def table(*columns: Any, title: Any = None, **options: Any) -> Table:
    """A rich table whose headers and title are taken literally."""
    return Table(*(Column(header=text(c)) for c in columns), title=None if title is None else text(title), **options)


def add_row(t: Table, values: Iterable[Any]) -> None:
    t.add_row(*(text(v) for v in values))


def plain(render: Callable[[Console], None], width: int = 160) -> str:
    """What ``render`` prints, as plain text (no colour), for ``-o FILE``."""
    buf = io.StringIO()
    render(Console(file=buf, width=width, color_system=None, highlight=False, markup=False, emoji=False))
    return buf.getvalue()


def task_label(r: Row) -> str:
    """'192/KH-UBND 4. Tham mưu ...': the row number gets a dot only when it is a bare number or numeral."""
    tt = f"{r.tt}." if r.tt and r.tt[-1].isalnum() else r.tt
    return " ".join(p for p in (r.number, tt, r.title) if p)


def deadlines(rows: list[Row], start: date, days: int, console: Console) -> None:
    """The agenda: one table per lead agency, its overdue tasks first (rows come in that order)."""
    if not rows:
        console.print(text(f"Nothing is overdue or falls due between {start.isoformat()} and the next {days} days."))
        return
    by_agency: dict[str, list[Row]] = {}
    for r in rows:
        by_agency.setdefault(r.agency, []).append(r)
    for agency, items in sorted(by_agency.items()):
        t = table("deadline", "days left", "document", "task", "timeframe", "state", title=agency,
                  title_justify="left")
        for r in items:
            assert r.deadline is not None
            left = text(f"overdue {r.days_late}", style="bold red") if r.section == "overdue" \
                else (r.deadline - start).days
            add_row(t, (r.deadline.isoformat(), left, r.number,
                        task_label(replace(r, number="")), r.timeframe, r.state))
        console.print(t)


def owners(rows: list[Workload], console: Console) -> None:
    """Tasks led and supported per agency and quarter; leads that never reported are flagged."""
    quarters = sorted({q for w in rows for q in (*w.led, *w.supported)})
    t = table("agency", "led", "supported", "reports", *quarters, title="Workload (led/supported per quarter)")
    for w in rows:
        name = text(w.agency)
        if w.never_reported:
            name.append("  ⚠ never reported", style="bold yellow")
        cells = [f"{w.led[q]}/{w.supported[q]}" if (w.led[q] or w.supported[q]) else "" for q in quarters]
        add_row(t, (name, w.led_total, w.supported_total, w.reports, *cells))
    console.print(t)
    silent = sum(1 for w in rows if w.never_reported)
    if silent:
        console.print(text(f"{silent} agencies lead tasks but have never reported progress."))


def products(rows: list[ProductRow], console: Console) -> None:
    """Products with their latest rating."""
    t = table("id", "name", "group", "producer", "district", "stars", "certificate until",
              title=f"{len(rows)} products")
    for row in rows:
        d = row.to_dict()
        add_row(t, (d["id"], d["name"], d["group"], d["producer"], d["district"], d["stars"] or "",
                    d["certificate_until"]))
    console.print(t)


def product_stats(s: Stats, console: Console) -> None:
    """Counts by stars, group and district."""
    console.print(text(f"{s.total} products" + (f", {s.sample} of them SAMPLE data (files marked sample: true)"
                                                if s.sample else "")))
    for title, counter in (("stars", s.by_stars), ("group", s.by_group), ("district", s.by_district)):
        t = table(title, "products", title=f"by {title}", title_justify="left")
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            add_row(t, (key, n))
        console.print(t)


def rewards(found: list[RewardItem], rule: RewardRule, console: Console) -> None:
    """Products and amounts per star level, and the total."""
    t = table("stars", "products", f"amount ({rule.unit})", title="Rewards")
    for level in sorted(rule.per_star, reverse=True):
        hits = [x for x in found if x.stars == level]
        add_row(t, (f"{level} sao", len(hits), vn.format_vn_number(sum((x.amount for x in hits), Decimal(0)))))
    add_row(t, ("Tổng", len(found), vn.format_vn_number(sum((x.amount for x in found), Decimal(0)))))
    console.print(t)


def checks(infos: Iterable[CheckInfo], console: Console) -> None:
    """Every diagnostic code with its name, severity and meaning."""
    t = table("code", "name", "severity", "what it finds", show_lines=False)
    for info in infos:
        add_row(t, (info.code, info.name, info.severity, info.summary.split("\n\n")[0].replace("\n", " ")))
    console.print(t)
