"""``ocopctl init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl.cli.common import fail, told
from ocopctl.i18n import _


def init(
    folder: Annotated[Path, typer.Argument(
        help=_("Folder of the new repository (default: the working folder)"))] = Path(),
    province: Annotated[str, typer.Option("--province", help=_('The province, as printed: "Hải Phòng"'))] = "",
    force: Annotated[bool, typer.Option("--force", help=_("Add the missing files to a non-empty folder; "
                                                        "existing files are never overwritten"))] = False,
) -> None:
    """Create a plan repository for a province that passes validate on day one."""
    from ocopctl.init import InitError, init_repository

    if not province.strip():
        fail(_("--province is required: the province whose plans the repository keeps, "
               "e.g. --province \"Hải Phòng\""))
    try:
        created = init_repository(folder, province, force=force)
    except InitError as exc:
        fail(told(exc))
    for path in created.written:
        typer.echo(_("wrote {path}").format(path=path))
    for path in created.kept:
        typer.echo(_("kept {path} (exists)").format(path=path))
    typer.echo(_("next: cd {folder} && git init && ocopctl validate").format(folder=folder))
