"""``ocopctl draft``: a Word file or a text copied from a PDF or web page, to a YAML draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api
from ocopctl.cli.common import emit, fail, told
from ocopctl.draft import DraftInputError, draft_file, summary
from ocopctl.i18n import _
from ocopctl.output import check_output


def draft(
    file: Annotated[Path, typer.Argument(help=_("The .docx, or a .txt/.md text of the document"))],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_("The YAML file to write (default: print)"))]
    = None,
    province: Annotated[str | None, typer.Option("--province", help=_("Province, when the header does not say"))]
    = None,
    doc_id: Annotated[str | None, typer.Option("--id", help=_("Document id (default: from province, year, number)"))]
    = None,
    repo: Annotated[Path | None, typer.Option(
        "--repo", help=_("Plan repository folder whose agencies files resolve agency names"))] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace --output if it exists"))] = False,
) -> None:
    """Draft a document YAML from its published text; review the '# REVIEW:' lines, then validate."""
    if output is not None:
        # A new plan file belongs in plans/, so only the source itself is an input it may not be.
        check_output(output, [file], allow_in_inputs=True, replace=force)
    repository = None
    if repo is not None:
        if not repo.is_dir():
            fail(_("--repo {path} is not a folder; name the plan repository's folder (e.g. plans/)").format(
                path=repr(str(repo))))
        repository, _problems = api.load_repository([repo])
    try:
        result = draft_file(file, repository, province, doc_id)
    except DraftInputError as exc:
        fail(told(exc))
    emit(result.yaml, output, [file], allow_in_inputs=True, replace=force)
    typer.echo(summary(result, len(result.drafted.data.get("annexes", []))), err=True)
