"""``ocopctl validate``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api, formatters
from ocopctl.checks import Context
from ocopctl.cli import exits
from ocopctl.cli.common import console, parse_day
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
    result = api.validate(paths or [Path("plans")], Context(today=parse_day(today, "--today")))
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
