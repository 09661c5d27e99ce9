"""``ocopctl``: the application object and the commands it is made of.

Commands are imported when they run, not when the program starts: ``ocopctl --help`` and
shell completion list them from ``COMMANDS`` without loading pydantic, the checks or Word.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer import _click as click  # the click that typer builds on (it vendors its own)
from typer.core import TyperGroup

from ocopctl.cli import style

# name: (module, attribute, the short help `ocopctl --help` shows: the first line of its docstring)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("ocopctl.cli.validate_cmd", "validate",
                 "Check plan files and report every problem with file, line and column."),
    "config": ("ocopctl.cli.validate_cmd", "show_config",
               "Print the configuration in force and where each value comes from."),
    "schema": ("ocopctl.cli.schema_cmd", "schema",
               "Write a JSON Schema for every file kind (for editors and check-jsonschema)."),
    "checks": ("ocopctl.cli.checks_cmd", "checks",
               "List every diagnostic code, or explain one (ocopctl checks OC505)."),
    "rules": ("ocopctl.cli.checks_cmd", "rules", "Explain a diagnostic code, with its failing example."),
    "period": ("ocopctl.cli.period_cmd", "period",
               "Show the date intervals and deadline ocopctl reads from a timeframe."),
    "report": ("ocopctl.cli.report_cmd", "report",
               "What was due, done and overdue in a quarter, half-year or year, per lead agency."),
    "deadlines": ("ocopctl.cli.deadlines_cmd", "deadlines",
                  "Unfinished tasks per lead agency: the overdue ones first, then those falling due soon."),
    "owners": ("ocopctl.cli.owners_cmd", "owners",
               "Tasks each agency leads and supports, by quarter of deadline; flags leads that never reported."),
    "calendar": ("ocopctl.cli.calendar_cmd", "calendar",
                 "Write task deadlines as an iCalendar file that Outlook and Google Calendar import."),
    "products": ("ocopctl.cli.products_cmd", "app", "List OCOP products, count them, export them."),
    "rewards": ("ocopctl.cli.products_cmd", "rewards_cmd",
                "Reward budget per star level from a rule like Thanh Hà's (30/20/10 triệu đồng for 5/4/3 stars)."),
    "import": ("ocopctl.cli.tables_cmd", "import_cmd",
               "Turn a spreadsheet annex table into a YAML plan file; nothing is written while any row is bad."),
    "export": ("ocopctl.cli.tables_cmd", "export_cmd",
               "Write an annex table (task assignment, product list, budget) to xlsx or csv."),
    "render": ("ocopctl.cli.render_cmd", "render",
               "Render documents, their annexes and the decisions and reports drawn from them, by Nghị định "
               "30/2020."),
    "init": ("ocopctl.cli.init_cmd", "init",
             "Create a plan repository for a province that passes validate on day one."),
    "draft": ("ocopctl.cli.draft_cmd", "draft",
              "Draft a document YAML from its published text; review the '# REVIEW:' lines, then validate."),
}
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _output_errors_fail(command: Callable[..., Any]) -> Callable[..., Any]:
    """An output that cannot be written is one line and exit 2, from whichever command writes it."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from ocopctl.cli.common import fail
        from ocopctl.output import OutputError

        try:
            return command(*args, **kwargs)
        except OutputError as exc:
            fail(str(exc))

    return run


def load_command(name: str) -> click.Command:
    """The click command of ``name``, its module imported now."""
    module, attribute, _ = COMMANDS[name]
    found = getattr(importlib.import_module(module), attribute)
    if isinstance(found, typer.Typer):
        for info in found.registered_commands:
            if info.callback is not None and not hasattr(info.callback, "__wrapped__"):
                info.callback = _output_errors_fail(info.callback)
        found.info.context_settings = {**CONTEXT, **(found.info.context_settings or {})}
        command = typer.main.get_command(found)
    else:
        single = typer.Typer(rich_markup_mode=None, context_settings=CONTEXT, add_completion=False)
        single.command(name)(_output_errors_fail(found))
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            found = self.commands[cmd_name] = load_command(cmd_name)
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help) for name, (_, _, help) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            shown = version("ocopctl")
        except PackageNotFoundError:
            shown = "unknown (not installed)"
        typer.echo(f"ocopctl {shown}")
        raise typer.Exit()


app = typer.Typer(
    name="ocopctl",
    cls=LazyGroup,
    help="Check, report on and render Vietnam's OCOP programme plans kept as YAML.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain one-line usage errors, as scripts and CI logs want them
    context_settings=CONTEXT,
)


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit", is_eager=True,
                                          callback=_version)] = False,
    color: Annotated[Color, typer.Option("--color", help="Colour in console output (NO_COLOR and FORCE_COLOR "
                                                         "are read too)")] = Color.auto,
) -> None:
    """Check, report on and render Vietnam's OCOP programme plans kept as YAML."""
    style.COLOR = color.value
