"""The command line: a thin typer layer over ``ocopctl.api``."""

from ocopctl.cli.main import app

__all__ = ["app"]
