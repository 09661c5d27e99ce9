"""``ocopctl period``: how ocopctl reads a timeframe."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated

import typer

from ocopctl import i18n
from ocopctl.cli import exits
from ocopctl.i18n import _, format_date
from ocopctl.limits import PERIOD_YEARS
from ocopctl.periods import TimeframeError, parse_timeframe, truncated_note, year_in_range, year_range_text


class Format(StrEnum):
    text = "text"
    json = "json"


def period(
    text: Annotated[str, typer.Argument(help=_('A timeframe as printed, e.g. "Quý III, IV/2018"'))],
    within: Annotated[str | None, typer.Option("--within", help=_("The document's period, e.g. 2018-2020"))] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Show the date intervals and deadline ocopctl reads from a timeframe."""
    bounds = None
    if within:
        m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", within)
        if not m or (m[2] and int(m[2]) < int(m[1])):
            typer.echo("ocopctl: " + _("--within {value} is not a period; write 2018 or 2018-2020").format(
                value=repr(within)), err=True)
            raise typer.Exit(exits.USAGE)
        bounds = (int(m[1]), int(m[2] or m[1]))
        if not (year_in_range(bounds[0]) and year_in_range(bounds[1])) or bounds[1] - bounds[0] >= PERIOD_YEARS.value:
            typer.echo("ocopctl: " + _("--within {value} is outside the periods ocopctl reads; give years within "
                                       "{years}, at most {count} of them").format(
                value=repr(within), years=year_range_text(), count=PERIOD_YEARS.value), err=True)
            raise typer.Exit(exits.USAGE)
    try:
        tf = parse_timeframe(text, bounds)
    except TimeframeError as exc:
        typer.echo(f"ocopctl: {i18n.localized(exc.args[0]) if exc.args else exc}", err=True)
        raise typer.Exit(exits.USAGE) from None
    if tf.truncated:
        typer.echo("ocopctl: " + _("note: {note}").format(note=i18n.localized(truncated_note())), err=True)
    if format is Format.json:
        typer.echo(json.dumps(tf.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{tf.text}")
    typer.echo("  " + _("recurring: {answer}").format(answer=_("yes") if tf.recurring else _("no")))
    for i in tf.intervals:
        typer.echo(f"  {format_date(i.start)} – {format_date(i.end)}")
    typer.echo("  " + _("deadline: {day}").format(day=format_date(tf.deadline)))
