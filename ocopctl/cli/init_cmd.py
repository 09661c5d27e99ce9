"""``ocopctl init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl.cli.common import fail


def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new repository (default: the working folder)")] = Path(),
    province: Annotated[str, typer.Option("--province", help='The province, as printed: "Hải Phòng"')] = "",
    force: Annotated[bool, typer.Option("--force", help="Add the missing files to a non-empty folder; "
                                                        "existing files are never overwritten")] = False,
) -> None:
    """Create a plan repository for a province that passes validate on day one."""
    from ocopctl.init import InitError, init_repository

    if not province.strip():
        fail("--province is required: the province whose plans the repository keeps, e.g. --province \"Hải Phòng\"")
    try:
        created = init_repository(folder, province, force=force)
    except InitError as exc:
        fail(str(exc))
    for path in created.written:
        typer.echo(f"wrote {path}")
    for path in created.kept:
        typer.echo(f"kept {path} (exists)")
    typer.echo(f"next: cd {folder} && git init && ocopctl validate")
