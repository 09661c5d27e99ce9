"""``ocopctl``: the application object and the commands it is made of.

Commands are imported when they run, not when the program starts: ``ocopctl --help`` and
shell completion list them from ``COMMANDS`` without loading pydantic, the checks or Word.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer import _click as click  # the click that typer builds on (it vendors its own)
from typer._click.exceptions import UsageError
from typer.core import TyperCommand

from ocopctl import i18n
from ocopctl.cli import clicktext, style
from ocopctl.i18n import N_, _

# name: (module, attribute, the short help `ocopctl --help` shows: the first line of its docstring)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("ocopctl.cli.validate_cmd", "validate",
                 N_("Check plan files and report every problem with file, line and column.")),
    "cache": ("ocopctl.cli.cache_cmd", "app",
              N_("Manage the cache of parsed files and results that validate keeps (.ocopctl_cache).")),
    "config": ("ocopctl.cli.validate_cmd", "show_config",
               N_("Print the configuration in force and where each value comes from.")),
    "schema": ("ocopctl.cli.schema_cmd", "schema",
               N_("Write a JSON Schema for every file kind (for editors and check-jsonschema).")),
    "checks": ("ocopctl.cli.checks_cmd", "checks",
               N_("List every diagnostic code, or explain one (ocopctl checks OC505).")),
    "rules": ("ocopctl.cli.checks_cmd", "rules", N_("Explain a diagnostic code, with its failing example.")),
    "period": ("ocopctl.cli.period_cmd", "period",
               N_("Show the date intervals and deadline ocopctl reads from a timeframe.")),
    "report": ("ocopctl.cli.report_cmd", "report",
               N_("What was due, done and overdue in a quarter, half-year or year, per lead agency.")),
    "deadlines": ("ocopctl.cli.deadlines_cmd", "deadlines",
                  N_("Unfinished tasks per lead agency: the overdue ones first, then those falling due soon.")),
    "owners": ("ocopctl.cli.owners_cmd", "owners",
               N_("Tasks each agency leads and supports, by quarter of deadline; flags leads that never reported.")),
    "calendar": ("ocopctl.cli.calendar_cmd", "calendar",
                 N_("Write task deadlines as an iCalendar file that Outlook and Google Calendar import.")),
    "products": ("ocopctl.cli.products_cmd", "app", N_("List OCOP products, count them, export them.")),
    "rewards": ("ocopctl.cli.products_cmd", "rewards_cmd",
                N_("Reward budget per star level from a rule like Thanh Hà's (30/20/10 triệu đồng for 5/4/3 stars).")),
    "import": ("ocopctl.cli.tables_cmd", "import_cmd",
               N_("Turn a spreadsheet annex table into a YAML plan file; nothing is written while any row is bad.")),
    "export": ("ocopctl.cli.tables_cmd", "export_cmd",
               N_("Write an annex table (task assignment, product list, budget) to xlsx or csv.")),
    "render": ("ocopctl.cli.render_cmd", "render",
               N_("Render documents, their annexes and the decisions and reports drawn from them, by Nghị định "
               "30/2020.")),
    "init": ("ocopctl.cli.init_cmd", "init",
             N_("Create a plan repository for a province that passes validate on day one.")),
    "draft": ("ocopctl.cli.draft_cmd", "draft",
              N_("Draft a document YAML from its published text; review the '# REVIEW:' lines, then validate.")),
}
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _output_errors_fail(command: Callable[..., Any]) -> Callable[..., Any]:
    """An output that cannot be written is one line and exit 2, from whichever command writes it."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from ocopctl.output import OutputError  # light; the command's own imports are its own

        try:
            return command(*args, **kwargs)
        except OutputError as exc:
            from ocopctl.cli.common import fail, told

            fail(told(exc))

    return run


def _choose_language() -> None:
    """Help texts are built when a command loads, before click parses options: so the language
    is chosen from the command line and the environment first. ``--lang`` checks its value later."""
    for option in (i18n.from_argv(sys.argv[1:]), None):
        with contextlib.suppress(i18n.LanguageError):  # a wrong one: the --lang option says so, in one line
            _set_language(i18n.resolve(option))
            return


def _set_language(lang: str, *, by_option: bool = False) -> None:
    i18n.set_language(lang, by_option=by_option)
    clicktext.speak(lang)


_choose_language()


def load_command(name: str) -> click.Command:
    """The click command of ``name``, its module imported now."""
    module, attribute, _ = COMMANDS[name]
    found = getattr(importlib.import_module(module), attribute)
    if isinstance(found, typer.Typer):
        for info in found.registered_commands:
            if info.callback is not None and not hasattr(info.callback, "__wrapped__"):
                info.callback = _output_errors_fail(info.callback)
            if info.cls in (None, TyperCommand):  # typer's default: ours tells its help in the language in force
                info.cls = clicktext.Command
        found.info.context_settings = {**CONTEXT, **(found.info.context_settings or {})}
        command = typer.main.get_command(found)
    else:
        single = typer.Typer(rich_markup_mode=None, context_settings=CONTEXT, add_completion=False)
        single.command(name, cls=clicktext.Command)(_output_errors_fail(found))
        command = typer.main.get_command(single)
    command.name = name
    clicktext.translate_helps(command)
    return command


def _lang_first(args: list[str]) -> list[str]:
    """``--lang`` may follow the command (``ocopctl report --lang vi``): it is moved before it, where the
    group's option reads and checks it."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang" and i + 1 < len(args):
            front += args[i:i + 2]
            i += 2
            continue
        (front if arg.startswith("--lang=") else rest).append(arg)
        i += 1
    return front + rest


def _take_lang(args: list[str]) -> list[str]:
    """A valid ``--lang`` in front is taken here, so that typer does not convert it: its conversion loads
    pydantic, a tenth of a second that ``ocopctl --lang vi --help`` would wait for. A wrong value is left
    for the option, which refuses it in its usual words. Every run chooses its language afresh."""
    value, rest = None, args
    if args[:1] == ["--lang"] and len(args) > 1:
        value, rest = args[1], args[2:]
    elif args[:1] and args[0].startswith("--lang="):
        value, rest = args[0].partition("=")[2], args[1:]
    if value in i18n.LANGS:
        _set_language(value, by_option=True)
        return rest
    i18n.set_language(i18n.language())  # not chosen by the option (yet): the callback chooses
    return args


class LazyGroup(clicktext.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, _take_lang(_lang_first(args)))
        except UsageError as exc:
            raise clicktext.translated(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Usage errors of the commands (parsed here) are shown in the language in force."""
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise clicktext.translated(exc) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            found = self.commands[cmd_name] = load_command(cmd_name)
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, i18n.translate(help)) for name, (_module, _attribute, help) in COMMANDS.items()]
        with formatter.section(_("Commands")):
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
            shown = _("unknown (not installed)")
        typer.echo(f"ocopctl {shown}")
        raise typer.Exit()


app = typer.Typer(
    name="ocopctl",
    cls=LazyGroup,
    help=_("Check, report on and render Vietnam's OCOP programme plans kept as YAML."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain one-line usage errors, as scripts and CI logs want them
    context_settings=CONTEXT,
)


class Lang(StrEnum):
    vi = "vi"
    en = "en"


def _lang(value: Lang | None) -> None:
    """Every run chooses its language afresh (a process may run several, as tests do); a valid ``--lang``
    was taken before parsing (``_take_lang``)."""
    if value is not None:
        _set_language(value.value, by_option=True)
        return
    if i18n.chosen_by_option():
        return
    try:
        _set_language(i18n.resolve())
    except i18n.LanguageError as exc:
        raise typer.BadParameter(str(exc), param_hint="OCOPCTL_LANG") from None


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", help=_("Print the version and exit"), is_eager=True,
                                          callback=_version)] = False,
    color: Annotated[Color, typer.Option("--color", help=_("Colour in console output (NO_COLOR and FORCE_COLOR "
                                                           "are read too)"))] = Color.auto,
    lang: Annotated[Lang | None, typer.Option("--lang", is_eager=True, callback=_lang, help=_(
        "Language of messages and reports, before or after the command: vi or en (default: the "
        "configuration, OCOPCTL_LANG, then the locale)"))] = None,
) -> None:
    """Check, report on and render Vietnam's OCOP programme plans kept as YAML."""
    style.COLOR = color.value
