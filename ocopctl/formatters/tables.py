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

from ocopctl import i18n, vn
from ocopctl.i18n import _, format_date, format_number, ngettext
from ocopctl.products import ProductRow, RewardRule, Stats, stats_key
from ocopctl.products import Reward as RewardItem
from ocopctl.reports import ROMAN, Row, agency_name, state_word
from ocopctl.workload import Workload, quarter_of


def text(value: Any, style: str = "") -> Text:
    """A cell as it is: ``None`` is empty, a ``Text`` stays, anything else is its ``str`` with no markup read."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), style=style)


def header(value: Any) -> Any:
    """A column header: Vietnamese tables start each header with a capital ("Thời hạn", "Quá hạn"),
    while the English ones keep the lower case they always had."""
    if isinstance(value, str) and i18n.language() == "vi":
        return value[:1].upper() + value[1:]
    return value


def table(*columns: Any, title: Any = None, **options: Any) -> Table:
    """A rich table whose headers and title are taken literally."""
    return Table(*(Column(header=text(header(c))) for c in columns), title=None if title is None else text(title),
                 **options)


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
        console.print(text(ngettext("Nothing is overdue or falls due between {day} and the next {days} day.",
                                    "Nothing is overdue or falls due between {day} and the next {days} days.",
                                    days).format(day=format_date(start), days=i18n.count(days))))
        return
    by_agency: dict[str, list[Row]] = {}
    for r in rows:
        by_agency.setdefault(r.agency, []).append(r)
    for agency, items in sorted(by_agency.items()):
        t = table(_("deadline"), _("days left"), _("document"), _("task"), _("timeframe"), _("state"),
                  title=agency_name(agency), title_justify="left")
        for r in items:
            assert r.deadline is not None
            left = text(_("overdue {days}").format(days=format_number(r.days_late or 0)), style="bold red") \
                if r.section == "overdue" else format_number((r.deadline - start).days)
            add_row(t, (format_date(r.deadline), left, r.number,
                        task_label(replace(r, number="")), r.timeframe, state_word(r.state)))
        console.print(t)


def quarter_header(code: str) -> str:
    """A workload column: '2018-Q3' in English, 'Quý III/2018' in Vietnamese; '—' (no deadline) as it is."""
    read = quarter_of(code)
    if read is None or i18n.language() != "vi":
        return code
    year, q = read
    return f"Quý {ROMAN[q]}/{year}"


def owners(rows: list[Workload], console: Console) -> None:
    """Tasks led and supported per agency and quarter; leads that never reported are flagged."""
    quarters = sorted({q for w in rows for q in (*w.led, *w.supported)})
    t = table(_("agency"), _("led"), _("supported"), _("reports"), *map(quarter_header, quarters),
              title=_("Workload (led/supported per quarter)"))
    for w in rows:
        name = text(agency_name(w.agency))
        if w.never_reported:
            name.append("  " + _("⚠ never reported"), style="bold yellow")
        cells = [f"{format_number(w.led[q])}/{format_number(w.supported[q])}" if (w.led[q] or w.supported[q]) else ""
                 for q in quarters]
        add_row(t, (name, *map(format_number, (w.led_total, w.supported_total, w.reports)), *cells))
    console.print(t)
    silent = sum(1 for w in rows if w.never_reported)
    if silent:
        console.print(text(ngettext("{n} agency leads tasks but has never reported progress.",
                                    "{n} agencies lead tasks but have never reported progress.",
                                    silent).format(n=i18n.count(silent))))


def products(rows: list[ProductRow], console: Console) -> None:
    """Products with their latest rating."""
    t = table(_("id"), _("name"), _("group"), _("producer"), _("district"), _("stars"), _("certificate until"),
              title=ngettext("{n} product", "{n} products", len(rows)).format(n=i18n.count(len(rows))))
    for row in rows:
        d = row.to_dict()
        add_row(t, (d["id"], d["name"], d["group"], d["producer"], d["district"], d["stars"] or "",
                    format_date(row.expiry) if row.expiry else None))
    console.print(t)


_STATS_TABLES = (("by_stars", "stars"), ("by_group", "group"), ("by_district", "district"))


def stats_tables(s: Stats) -> list[tuple[str, list[tuple[str, int]]]]:
    """The statistics' tables, each a title and its (key, products) rows, most products first, in the
    language in force (the console table and the HTML chart say the same)."""
    titles = {"by_stars": _("By stars"), "by_group": _("By product group"), "by_district": _("By district")}
    return [(titles[name], [(stats_key(key), n) for key, n in
                            sorted(getattr(s, name).items(), key=lambda kv: (-kv[1], kv[0]))])
            for name, _column in _STATS_TABLES]


def stats_line(s: Stats) -> str:
    """'12 products, 3 of them SAMPLE data ...' in the language in force."""
    line = ngettext("{n} product", "{n} products", s.total).format(n=i18n.count(s.total))
    if s.sample:
        line += _(", {sample} of them SAMPLE data (files marked sample: true)").format(sample=i18n.count(s.sample))
    return line


def product_stats(s: Stats, console: Console) -> None:
    """Counts by stars, group and district."""
    console.print(text(stats_line(s)))
    columns = {"stars": _("stars"), "group": _("group"), "district": _("district")}
    for (title, items), (_name, column) in zip(stats_tables(s), _STATS_TABLES, strict=True):
        t = table(columns[column], _("products"), title=title, title_justify="left")
        for key, n in items:
            add_row(t, (key, format_number(n)))
        console.print(t)


def rewards(found: list[RewardItem], rule: RewardRule, console: Console) -> None:
    """Products and amounts per star level, and the total."""
    t = table(_("stars"), _("products"), _("amount ({unit})").format(unit=rule.unit), title=_("Rewards"))
    for level in sorted(rule.per_star, reverse=True):
        hits = [x for x in found if x.stars == level]
        add_row(t, (ngettext("{n} star", "{n} stars", level).format(n=level), format_number(len(hits)),
                    _amount(sum((x.amount for x in hits), Decimal(0)))))
    add_row(t, (_("Total"), format_number(len(found)), _amount(sum((x.amount for x in found), Decimal(0)))))
    console.print(t)


def _amount(value: Decimal) -> str:
    """An amount of money: Vietnamese separators as the documents print them (30.000; 2,5), English ones in English."""
    return vn.format_vn_number(value) if i18n.language() == "vi" else format_number(value)
