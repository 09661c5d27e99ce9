"""``ocopctl checks``: the list of diagnostic codes."""

from __future__ import annotations

from ocopctl.checks import all_checks
from ocopctl.cli.common import console
from ocopctl.formatters import tables


def checks() -> None:
    """List every diagnostic code with its name, severity and meaning."""
    tables.checks(all_checks(), console())
