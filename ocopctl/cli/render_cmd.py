"""``ocopctl render``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api, i18n
from ocopctl.cli import exits
from ocopctl.cli.common import fail, parse_day, told
from ocopctl.i18n import _
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
    paths: Annotated[list[Path], typer.Argument(help=_("Plan files or folders"))],
    to: Annotated[list[To] | None, typer.Option("--to", "-t", help=_("docx, html, md or all; repeatable"))] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help=_("Folder to write into"))] = Path("rendered"),
    templates: Annotated[Path | None, typer.Option(
        "--templates",
            help=_("Your templates folder: a template there replaces the built-in one of that name"))] = None,
    as_: Annotated[As | None, typer.Option(
        "--as", help=_("document: each document as encoded (default); approval: its approval decision"))] = None,
    recognition: Annotated[list[str] | None, typer.Option(
        "--recognition", help=_("The recognition decision with this number, or the id of its issuance when "
                                "several provinces or years share the number (products: the ratings of its "
                                "province and year)"))] = None,
    report: Annotated[str | None, typer.Option(
        "--report", help=_("The progress report of a period: Q3-2018, H1-2019 or 2019"))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Date the progress report speaks for"))] = None,
    regenerate_references: Annotated[bool, typer.Option(
        "--regenerate-references",
        help=_("Write each annex's '(Kèm theo ...)' from its document's type, number and date instead of the "
             "encoded text"))] = False,
    allow_output_in_inputs: Annotated[bool, typer.Option(
        "--allow-output-in-inputs", help=_("Allow an output folder inside plans/ or an input folder"))] = False,
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
        fail(told(exc))
    for d in result.problems:
        where = f"{d.path}:{d.line}:{d.column}" if d.line else d.path
        hint = " " + _("(hint: {hint})").format(hint=i18n.localized(d.hint)) if d.hint else ""
        typer.echo(f"{where}: {d.code} {i18n.localized(d.message)}{hint}", err=True)
    if result.problems:
        typer.echo("ocopctl: " + _("nothing rendered: {count} file(s) do not load; fix them first").format(
            count=i18n.count(len({d.path for d in result.problems}))), err=True)
        raise typer.Exit(exits.USAGE)
    if result.skipped:
        typer.echo("ocopctl: " + _("{count} other file(s) of the repository do not load and were left out; run "
                                   "'ocopctl validate' to see why").format(count=i18n.count(result.skipped)), err=True)
    for path in result.written:
        typer.echo(_("wrote {path}").format(path=path))
