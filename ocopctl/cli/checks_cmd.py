"""``ocopctl checks`` and ``ocopctl rules CODE``: the diagnostic codes and what each one means."""

from __future__ import annotations

import difflib
import inspect
from typing import Annotated

import typer

from ocopctl.checks import CHECKS, all_checks
from ocopctl.cli.common import console, fail
from ocopctl.formatters import tables


def checks(code: Annotated[str | None, typer.Argument(help="A code to explain, such as OC505")] = None) -> None:
    """List every diagnostic code, or explain one (ocopctl checks OC505)."""
    if code is not None:
        rules(code)
        return
    tables.checks(all_checks(), console())


def rules(code: Annotated[str, typer.Argument(help="The code, such as OC505")]) -> None:
    """Explain a diagnostic code, with its failing example."""
    all_checks()
    info = CHECKS.get(code.upper())
    if info is None:
        close = difflib.get_close_matches(code.upper(), list(CHECKS), n=1, cutoff=0.6)
        fail(f"no code {code!r}" + (f"; did you mean {close[0]!r}?" if close else "; 'ocopctl checks' lists them"))
    typer.echo(f"{info.code} {info.name} ({info.severity})\n")
    typer.echo(inspect.cleandoc(info.summary))
    typer.echo(f"\nSuppress one finding with a comment on its line or the line above:\n"
               f"    # ocopctl: ignore[{info.code}] why this is right\n"
               f"or lower it for the repository in .ocopctl.yaml:\n    severity: {{{info.code}: info}}")
