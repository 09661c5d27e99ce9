"""``ocopctl calendar``: deadlines as an .ics file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api, i18n
from ocopctl.cli.common import AllowInInputs, emit, fail, plans, told, warn_unloaded
from ocopctl.i18n import _
from ocopctl.output import check_output
from ocopctl.reports import ReportError


def calendar(
    paths: Annotated[list[Path] | None, typer.Argument(help=_("Plan files or folders (default: plans/)"))] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=_("Only tasks this agency leads"))] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help=_("The .ics file to write (replaced if it exists: calendars are made again)"))] = None,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """Write task deadlines as an iCalendar file that Outlook and Google Calendar import."""
    read = plans(paths)
    if output is not None:
        check_output(output, read.inputs, allow_in_inputs=allow_output_in_inputs)
    try:
        data, notes, unloaded = api.calendar(read.paths, owner)
    except ReportError as exc:
        fail(told(exc))
    warn_unloaded(unloaded)
    for note in notes:
        typer.echo("ocopctl: " + _("note: {note}").format(note=i18n.localized(note)), err=True)
    emit(data, output, read.inputs, allow_in_inputs=allow_output_in_inputs)
