"""``ocopctl cache clean``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl import cache
from ocopctl.cli import clicktext
from ocopctl.cli.common import fail
from ocopctl.i18n import _

HELP = _("Manage the cache of parsed files and results that validate keeps (.ocopctl_cache).")
app = typer.Typer(cls=clicktext.Group, help=HELP, no_args_is_help=True, rich_markup_mode=None, add_completion=False)


@app.callback(help=HELP)
def main() -> None:
    """Manage the cache of parsed files and results that validate keeps (.ocopctl_cache)."""


@app.command("clean", cls=clicktext.Command, help=_(
    "Remove the cache of parsed files and results (.ocopctl_cache at the repository root)."))
def clean(
    paths: Annotated[list[Path] | None, typer.Argument(
        help=_("A path in the repository whose cache to remove (default: .)"))] = None,
) -> None:
    """Remove the cache of parsed files and results (.ocopctl_cache at the repository root)."""
    folder = cache.location(paths or [Path(".")], in_ci=False)
    assert folder is not None  # only None in CI
    try:
        removed = cache.clean(folder)
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(_("cannot remove {folder}: {reason}").format(folder=repr(str(folder)), reason=exc.strerror or exc))
    typer.echo((_("ocopctl: removed {folder}") if removed else _("ocopctl: no cache at {folder}")).format(
        folder=folder))
