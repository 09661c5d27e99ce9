"""``ocopctl owners``: workload per agency and quarter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ocopctl import api
from ocopctl.cli.common import console, parse_day, warn_unloaded


def owners(
    paths: Annotated[list[Path] | None, typer.Argument(help="Plan files or folders (default: plans/)")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Count progress reported up to this date")] = None,
) -> None:
    """Tasks each agency leads and supports, by quarter of deadline; flags leads that never reported."""
    rows, unloaded = api.owners(paths or [Path("plans")], parse_day(as_of, "--as-of"))
    warn_unloaded(unloaded)
    quarters = sorted({q for w in rows for q in (*w.led, *w.supported)})
    table = Table("agency", "led", "supported", "reports", *quarters, title="Workload (led/supported per quarter)")
    for w in rows:
        name = Text(w.agency)
        if w.never_reported:
            name.append("  ⚠ never reported", style="bold yellow")
        cells = [f"{w.led[q]}/{w.supported[q]}" if (w.led[q] or w.supported[q]) else "" for q in quarters]
        table.add_row(name, str(w.led_total), str(w.supported_total), str(w.reports), *cells)
    console().print(table)
    silent = sum(1 for w in rows if w.never_reported)
    if silent:
        console().print(f"{silent} agencies lead tasks but have never reported progress.")
