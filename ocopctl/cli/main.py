"""``ocopctl``: the application object and the commands it is made of."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import typer

from ocopctl.cli import (
    calendar_cmd,
    checks_cmd,
    deadlines_cmd,
    owners_cmd,
    period_cmd,
    products_cmd,
    render_cmd,
    report_cmd,
    schema_cmd,
    tables_cmd,
    validate_cmd,
)
from ocopctl.cli.common import fail
from ocopctl.output import OutputError

app = typer.Typer(
    name="ocopctl",
    help="Check, report on and render Vietnam's OCOP programme plans kept as YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain one-line usage errors, as scripts and CI logs want them
)
app.command("validate")(validate_cmd.validate)
app.command("config")(validate_cmd.show_config)
app.command("schema")(schema_cmd.schema)
app.command("checks")(checks_cmd.checks)
app.command("period")(period_cmd.period)
app.command("report")(report_cmd.report)
app.command("deadlines")(deadlines_cmd.deadlines)
app.command("owners")(owners_cmd.owners)
app.command("calendar")(calendar_cmd.calendar)
app.add_typer(products_cmd.app, name="products")
app.command("rewards")(products_cmd.rewards_cmd)
app.command("import")(tables_cmd.import_cmd)
app.command("export")(tables_cmd.export_cmd)
app.command("render")(render_cmd.render)


def _output_errors_fail(command: Callable[..., Any]) -> Callable[..., Any]:
    """An output that cannot be written is one line and exit 2, from whichever command writes it."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OutputError as exc:
            fail(str(exc))

    return run


for _typer in (app, products_cmd.app):
    for _info in _typer.registered_commands:
        assert _info.callback is not None
        _info.callback = _output_errors_fail(_info.callback)
