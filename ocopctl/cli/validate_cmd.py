"""``ocopctl validate``."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api, formatters
from ocopctl.checks import Context
from ocopctl.cli import exits
from ocopctl.cli.common import console
from ocopctl.diagnostics import Severity


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Plan files or folders (default: plans/)")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format")] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1)")] = False,
    today: Annotated[str | None, typer.Option("--today", help="Date to check against (YYYY-MM-DD)")] = None,
) -> None:
    """Check plan files and report every problem with file, line and column."""
    try:
        when = date.fromisoformat(today) if today else date.today()
    except ValueError:
        typer.echo(f"ocopctl: --today {today!r} is not a date; write it as 2018-10-15", err=True)
        raise typer.Exit(exits.USAGE) from None
    result = api.validate(paths or [Path("plans")], Context(today=when))
    if format is Format.json:
        sys.stdout.write(formatters.to_json(result))
    elif format is Format.github:
        sys.stdout.write(formatters.to_github(result))
    else:
        formatters.render_text(result, console())
    if result.load_failed:
        raise typer.Exit(exits.USAGE)
    threshold = Severity.WARNING if strict else Severity.ERROR
    if any(d.severity >= threshold for d in result.diagnostics):
        raise typer.Exit(exits.FINDINGS)
