"""Option parsing shared by the commands: one-line errors and exit code 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from ocopctl.cli import exits
from ocopctl.limits import YEAR_MAX, YEAR_MIN
from ocopctl.output import write_atomic
from ocopctl.periods import year_in_range


def fail(message: str) -> NoReturn:
    typer.echo(f"ocopctl: {message}", err=True)
    raise typer.Exit(exits.USAGE)


def parse_day(text: str | None, option: str) -> date:
    """The date an option gives, or today: the only place ocopctl reads the clock."""
    if text is None:
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not a date; write it as 2018-10-15")
    if not year_in_range(day.year):
        fail(f"{option} {text!r} is outside the dates ocopctl reads; "
             f"give a date from {YEAR_MIN.value}-01-01 to {YEAR_MAX.value}-12-31")
    return day


def warn_unloaded(count: int) -> None:
    if count:
        typer.echo(f"ocopctl: {count} file(s) could not be loaded and were left out; "
                   "run 'ocopctl validate' to see why", err=True)


def emit(text: str | bytes, output: Path | None) -> None:
    if output is None:
        typer.echo(text.decode("utf-8") if isinstance(text, bytes) else text, nl=False)
    else:
        write_atomic(output, text)
        typer.echo(f"wrote {output}", err=True)


def console(stderr: bool = False) -> Console:
    """Rich output: as wide as the terminal, or 160 columns when piped or redirected, where
    rich would otherwise fall back to 80 and wrap every Vietnamese agency name."""
    c = Console(highlight=False, stderr=stderr)
    return c if c.is_terminal else Console(highlight=False, stderr=stderr, width=160)
