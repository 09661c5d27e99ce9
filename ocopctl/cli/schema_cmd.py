"""``ocopctl schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl import schemas
from ocopctl.cli import exits


def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the schemas into")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Only report schemas that are missing or stale")] = False,
) -> None:
    """Write a JSON Schema for every file kind (for editors and check-jsonschema)."""
    if check:
        stale = schemas.stale_schemas(output)
        for name in stale:
            typer.echo(f"{output / name}: stale or missing; run 'ocopctl schema -o {output}'")
        raise typer.Exit(exits.FINDINGS if stale else exits.OK)
    for path in schemas.write_schemas(output):
        typer.echo(str(path))
