"""``ocopctl render``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api
from ocopctl.cli import exits
from ocopctl.cli.common import fail, parse_day
from ocopctl.render import RenderError, Request, iter_formats


class To(StrEnum):
    docx = "docx"
    html = "html"
    md = "md"
    all = "all"


class As(StrEnum):
    document = "document"
    approval = "approval"


def render(
    paths: Annotated[list[Path], typer.Argument(help="Plan files or folders")],
    to: Annotated[list[To] | None, typer.Option("--to", "-t", help="docx, html, md or all; repeatable")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into")] = Path("rendered"),
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="Your templates folder: a template there replaces the built-in one of that name")] = None,
    as_: Annotated[As | None, typer.Option(
        "--as", help="document: each document as encoded (default); approval: its approval decision")] = None,
    recognition: Annotated[list[str] | None, typer.Option(
        "--recognition", help="The recognition decision with this number, or the id of its issuance when "
                              "several provinces or years share the number (products: the ratings of its province "
                              "and year)")] = None,
    report: Annotated[str | None, typer.Option(
        "--report", help="The progress report of a period: Q3-2018, H1-2019 or 2019")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the progress report speaks for")] = None,
    regenerate_references: Annotated[bool, typer.Option(
        "--regenerate-references",
        help="Write each annex's '(Kèm theo ...)' from its document's type, number and date instead of the "
             "encoded text")] = False,
    allow_output_in_inputs: Annotated[bool, typer.Option(
        "--allow-output-in-inputs", help="Allow an output folder inside plans/ or an input folder")] = False,
) -> None:
    """Render documents, their annexes and the decisions and reports drawn from them, by Nghị định 30/2020."""
    request = Request(
        paths=paths, formats=tuple(iter_formats(t.value for t in (to or [To.docx]))), output=output,
        templates=templates, as_=as_.value if as_ else None, recognitions=list(recognition or []), report=report,
        as_of=parse_day(as_of, "--as-of") if as_of else None, regenerate_references=regenerate_references,
        allow_output_in_inputs=allow_output_in_inputs)
    try:
        result = api.render(request)
    except RenderError as exc:
        fail(str(exc))
    for d in result.problems:
        where = f"{d.path}:{d.line}:{d.column}" if d.line else d.path
        typer.echo(f"{where}: {d.code} {d.message}" + (f" (hint: {d.hint})" if d.hint else ""), err=True)
    if result.problems:
        typer.echo(f"ocopctl: nothing rendered: {len({d.path for d in result.problems})} file(s) do not load; "
                   "fix them first", err=True)
        raise typer.Exit(exits.USAGE)
    if result.skipped:
        typer.echo(f"ocopctl: {result.skipped} other file(s) of the repository do not load and were left out; "
                   "run 'ocopctl validate' to see why", err=True)
    for path in result.written:
        typer.echo(f"wrote {path}")
