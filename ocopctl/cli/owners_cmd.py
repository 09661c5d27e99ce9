"""``ocopctl owners``: workload per agency and quarter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api
from ocopctl.cli.common import console, parse_day, plans, warn_unloaded
from ocopctl.formatters import tables
from ocopctl.i18n import _


def owners(
    paths: Annotated[list[Path] | None, typer.Argument(help=_("Plan files or folders (default: plans/)"))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Count progress reported up to this date"))] = None,
) -> None:
    """Tasks each agency leads and supports, by quarter of deadline; flags leads that never reported."""
    rows, unloaded = api.owners(plans(paths).paths, parse_day(as_of, "--as-of"))
    warn_unloaded(unloaded)
    tables.owners(rows, console())
