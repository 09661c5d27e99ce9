"""Click's and typer's own words ("Usage:", "Options", "Missing argument ...") in the language in force.

Typer builds on a copy of click it vendors (``typer._click``) from which click's gettext calls
were removed: "Usage: ", "Error: ", "Try '... -h' for help.", "Show this message and exit." and
the parser's messages are English literals. Only ``typer.core`` still asks ``gettext.gettext``
(the section titles "Arguments", "Options", "Commands", "[default: ...]", "required",
"Missing command.", "No such command ..."). So:

* ``typer.core``'s texts are found through the standard gettext API: our catalog is bound as
  the program's text domain (``bindtextdomain``/``textdomain``), and ``LANGUAGE`` (the GNU
  gettext variable that orders the languages a lookup tries) is set to the language ocopctl
  chose, since ``--lang`` and the configuration, not the machine's locale, decide it;
* click's literals are replaced where click offers a hook for them: a help formatter whose
  usage prefix is translated, a help option whose text is translated, and a usage error that
  shows itself translated. Click builds its error messages in English before raising them, so
  the few it has are recognised by their templates here (``translate_error``); a message that
  is not one of them (a command's own ``BadParameter``, already in the language in force) is
  left as it is.
"""

from __future__ import annotations

import gettext
import os
import re
from typing import IO, Any

from typer import _click as click
from typer._click import exceptions
from typer.core import TyperCommand, TyperGroup

from ocopctl import i18n
from ocopctl.i18n import N_, _


def speak(lang: str) -> None:
    """Make ``typer.core``'s gettext lookups answer in ``lang`` from ocopctl's catalog (see above)."""
    gettext.bindtextdomain(i18n.DOMAIN, str(i18n.LOCALE_DIR))
    gettext.textdomain(i18n.DOMAIN)
    os.environ["LANGUAGE"] = lang


# typer.core's texts, listed for the catalog (typer asks gettext for them by these ids)
TYPER_TEXTS = (N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"), N_("required"),
               N_("Missing command."), N_("No such command {name!r}."), N_("Aborted!"), N_("(dynamic)"),
               N_("env var: {var}"))

# the completion options typer adds to the program, by parameter name
COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_("Show completion for the current shell, to copy it or customize the installation."),
}


class Formatter(click.HelpFormatter):
    """Click's help formatter with a translated "Usage:"."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class Context(click.Context):
    formatter_class = Formatter


class Translated:
    """Mixed into ocopctl's click commands: a translated help formatter and help option."""

    context_class: type[click.Context] = Context

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class Command(Translated, TyperCommand):
    pass


class Group(Translated, TyperGroup):
    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        completion_help(params)
        return params


class UsageError(exceptions.UsageError):
    """A usage error told in the language in force: usage line, hint and message (exit 2)."""

    def show(self, file: IO[Any] | None = None) -> None:
        hint = ""
        ctx = self.ctx
        if ctx is not None and ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        if ctx is not None:
            click.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=ctx.color)
        click.echo(_("Error: {message}").format(message=self.message), file=file, err=file is None,
                   color=ctx.color if ctx is not None else None)


def translated(error: exceptions.UsageError) -> exceptions.UsageError:
    """``error`` as it is to be shown in the language in force (the same error in English)."""
    if isinstance(error, exceptions.NoArgsIsHelpError) or i18n.language() == "en":
        return error
    told = UsageError(translate_error(error.format_message()), error.ctx)
    told.exit_code = error.exit_code
    return told


# click's and pydantic's English messages, by template: (pattern, message id); the message id's
# placeholders are the pattern's groups, each translated itself by ``translate_error``
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.DOTALL), m) for p, m in (
    (r"Invalid value for (?P<param>.+?): (?P<reason>.*)", N_("Invalid value for {param}: {reason}")),
    (r"Invalid value: (?P<reason>.*)", N_("Invalid value: {reason}")),
    (r"Value error, (?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    (r"Value (?P<value>.+) is not a valid (?P<kind>.+)\.", N_("Value {value} is not a valid {kind}.")),
    (r"Input should be a valid integer.*", N_("a whole number is expected")),
    (r"Input should be a valid number.*", N_("a number is expected")),
    (r"Input should be less than or equal to (?P<limit>\S+)", N_("at most {limit} is allowed")),
    (r"Input should be greater than or equal to (?P<limit>\S+)", N_("at least {limit} is allowed")),
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
     N_("No such option: {name} (did you mean {options}?)")),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"(?P<message>.+)\. Did you mean (?P<options>.+)\?", N_("{message}. Did you mean {options}?")),
    (r"Missing argument (?P<name>.+?)\.(?: (?P<more>.*))?", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>.+?)\.(?: (?P<more>.*))?", N_("Missing option {name}.")),
    (r"Missing parameter: (?P<name>.+)", N_("Missing parameter: {name}")),
    (r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)", N_("Got unexpected extra arguments ({extra})")),
    (r"Option (?P<name>\S+) requires an argument\.", N_("Option {name} requires a value.")),
    (r"Option (?P<name>\S+) requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} values.")),
    (r"Option (?P<name>\S+) does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Argument (?P<name>\S+) takes (?P<n>\d+) values\.", N_("Argument {name} takes {n} values.")),
))
_NESTED = {"reason", "message"}  # groups that are messages themselves


def translate_error(message: str) -> str:
    """One of click's English error messages in the language in force; others as they are."""
    for pattern, msgid in _ERRORS:
        found = pattern.fullmatch(message)
        if found:
            parts = {k: (translate_error(v) if k in _NESTED else v) for k, v in found.groupdict().items()
                     if v is not None}
            more = parts.pop("more", None)
            told = _(msgid).format(**parts)
            return f"{told} {more}" if more else told
    return message


def completion_help(params: list[Any]) -> None:
    """The help of the completion options typer adds, in the language in force."""
    for param in params:
        msgid = COMPLETION_HELP.get(param.name or "")
        if msgid is not None:
            param.help = i18n.translate(msgid)


def translate_helps(command: click.Command) -> None:
    """A command's help texts (its docstring, whose text the catalog holds) in the language in
    force, and its subcommands': typer reads docstrings as they are written, in English."""
    if command.help:
        command.help = i18n.translate(command.help)
    if command.short_help:
        command.short_help = i18n.translate(command.short_help)
    for sub in getattr(command, "commands", {}).values():
        translate_helps(sub)
