"""``ocopctl report``."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api
from ocopctl.cli.common import AllowInInputs, console, emit, fail, parse_day, plans, told, warn_unloaded
from ocopctl.formatters import report as fmt
from ocopctl.i18n import _
from ocopctl.output import check_output
from ocopctl.reports import ReportError, Window, parse_half, parse_quarter, parse_year


class Format(StrEnum):
    text = "text"
    md = "md"
    html = "html"
    json = "json"
    csv = "csv"


def report(
    paths: Annotated[list[Path] | None, typer.Argument(help=_("Plan files or folders (default: plans/)"))] = None,
    quarter: Annotated[str | None, typer.Option("--quarter", help=_("Q3-2018, 2018-Q3 or 'Quý III/2018'"))] = None,
    half: Annotated[str | None, typer.Option("--half", help=_("H1-2019 or '6 tháng đầu năm 2019'"))] = None,
    year: Annotated[str | None, typer.Option("--year", help="2019")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Report as of this date (default: today)"))] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=_("Only this lead agency (id, name or alias)"))] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help=_("Write to this file (replaced if it exists: reports are made again)"))] = None,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """What was due, done and overdue in a quarter, half-year or year, per lead agency."""
    given = [x for x in (quarter, half, year) if x]
    if len(given) != 1:
        fail(_("give exactly one of --quarter Q3-2018, --half H1-2019 or --year 2019"))
    read = plans(paths)
    if output is not None:
        check_output(output, read.inputs, allow_in_inputs=allow_output_in_inputs)
    try:
        window: Window = parse_quarter(quarter) if quarter else parse_half(half) if half else parse_year(year or "")
        result, unloaded = api.report(read.paths, window, parse_day(as_of, "--as-of"), owner)
    except ReportError as exc:
        fail(told(exc))
    warn_unloaded(unloaded)
    if format is Format.text and output is None:
        fmt.render_text(result, console())
        return
    data: str | Iterator[str]
    if format is Format.json:
        data = fmt.json_pieces(result)
    elif format is Format.csv:
        data = fmt.to_csv(result)
    elif format is Format.text:
        data = fmt.to_text(result)
    else:
        data = fmt.to_markup(result, format.value)
    emit(data, output, read.inputs, allow_in_inputs=allow_output_in_inputs)
