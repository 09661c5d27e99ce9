"""``ocopctl deadlines``: what falls due next."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api
from ocopctl.cli.common import console, fail, parse_day, plans, told, warn_unloaded
from ocopctl.formatters import tables
from ocopctl.i18n import _
from ocopctl.limits import YEAR_MAX
from ocopctl.periods import year_range_text
from ocopctl.reports import ReportError


def deadlines(
    paths: Annotated[list[Path] | None, typer.Argument(help=_("Plan files or folders (default: plans/)"))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Start of the agenda (default: today)"))] = None,
    within: Annotated[str, typer.Option("--within", help=_("How far ahead: 30d, 8w, 3m"))] = "30d",
    owner: Annotated[str | None, typer.Option("--owner", help=_("Only this lead agency"))] = None,
) -> None:
    """Unfinished tasks per lead agency: the overdue ones first, then those falling due soon."""
    m = re.fullmatch(r"(\d+)\s*([dwm])", within.strip().lower())
    if not m:
        fail(_("--within {value} is not a span; write 30d, 8w or 3m").format(value=repr(within)))
    start = parse_day(as_of, "--as-of")
    last = date(YEAR_MAX.value, 12, 31)
    digits = m[1].lstrip("0") or "0"
    days = int(digits) * {"d": 1, "w": 7, "m": 30}[m[2]] if len(digits) < 10 else None
    if days is None or days > (last - start).days:
        fail(_("--within {value} reaches past {last}, the end of the years ocopctl reads ({years}); give at "
               "most {days}d from {start}").format(value=repr(within), last=last.isoformat(),
                                                   years=year_range_text(), days=(last - start).days,
                                                   start=start.isoformat()))
    try:
        rows, unloaded = api.deadlines(plans(paths).paths, start, days, owner)
    except ReportError as exc:
        fail(told(exc))
    warn_unloaded(unloaded)
    tables.deadlines(rows, start, days, console())
