"""``ocopctl schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl import schemas
from ocopctl.cli import exits
from ocopctl.i18n import _


def schema(
    output: Annotated[Path, typer.Option("--output", "-o",
        help=_("Folder to write the schemas into"))] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help=_("Only report schemas that are missing or stale"))] = False,
) -> None:
    """Write a JSON Schema for every file kind (for editors and check-jsonschema)."""
    if check:
        stale = schemas.stale_schemas(output)
        for name in stale:
            typer.echo(_("{path}: stale or missing; run 'ocopctl schema -o {folder}'").format(
                path=output / name, folder=output))
        raise typer.Exit(exits.FINDINGS if stale else exits.OK)
    for path in schemas.write_schemas(output):
        typer.echo(str(path))
