"""``ocopctl checks``: the list of diagnostic codes."""

from __future__ import annotations

from rich.table import Table

from ocopctl.checks import all_checks
from ocopctl.cli.common import console


def checks() -> None:
    """List every diagnostic code with its name, severity and meaning."""
    table = Table("code", "name", "severity", "what it finds", show_lines=False)
    for info in all_checks():
        table.add_row(info.code, info.name, str(info.severity), info.summary.split("\n\n")[0].replace("\n", " "))
    console().print(table)
