"""``ocopctl validate`` and ``ocopctl config``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ocopctl import api, cache, config, formatters, i18n, workspace
from ocopctl.checks import Context, all_checks
from ocopctl.cli import exits
from ocopctl.cli.common import console, emit, fail, parse_day, progress_bar, told
from ocopctl.diagnostics import Severity
from ocopctl.i18n import _


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"


ConfigOption = Annotated[Path | None, typer.Option(
    "--config",
        help=_("Configuration file (.ocopctl.yaml or pyproject.toml); default: the nearest one above the paths"),
    dir_okay=False)]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help=_("Ignore every configuration file"))]


def effective_config(paths: list[Path] | None, config_file: Path | None, isolated: bool) -> config.Effective:
    """The configuration in force; a bad one is a one-line error (exit 2)."""
    try:
        effective = config.load(list(paths or []), config_file, isolated, {c.code for c in all_checks()})
    except config.ConfigError as exc:
        fail(told(exc))
    i18n.apply_configured(effective.settings.lang)
    return effective


def _default_paths(effective: config.Effective) -> list[Path]:
    base = effective.folder
    if base is None:
        return [Path(p) for p in effective.settings.paths]
    return [workspace.shown(base / p) for p in effective.settings.paths]


def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help=_("Plan files or folders (default: the configuration's paths, else plans/)"))] = None,
    format: Annotated[Format | None, typer.Option("--format", "-f", help=_("Output format (default: text)"))] = None,
    strict: Annotated[bool | None, typer.Option("--strict/--no-strict", help=_("Warnings fail too (exit 1)"))] = None,
    today: Annotated[str | None, typer.Option(
        "--today", help=_("Date to check against (2018-10-15 or 15/10/2018)"))] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_("Write the output to FILE"),
                                                dir_okay=False)] = None,
    show_suppressed: Annotated[bool, typer.Option(
        "--show-suppressed", help=_("List the findings that '# ocopctl: ignore' comments suppress"))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Print the summary line only (text)"))] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_("Say which configuration and context are used"))
                       ] = False,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", envvar="OCOPCTL_NO_CACHE",
        help=_("Neither read nor write .ocopctl_cache (parsed files and results kept between runs)"))] = False,
) -> None:
    """Check plan files and report every problem with file, line and column."""
    effective = effective_config(paths, config_file, isolated)
    effective = effective.override("command line", today=parse_day(today, "--today") if today else None,
                                   strict=strict, format=format.value if format else None)
    settings = effective.settings
    chosen = list(paths) if paths else _default_paths(effective)
    context = workspace.context_files(chosen, settings.paths, effective.folder) if paths else []
    if verbose:
        typer.echo("ocopctl: " + _("configuration: {file}").format(file=effective.file or _("none (defaults)")),
                   err=True)
        typer.echo("ocopctl: " + _("{count} other file(s) of the repository loaded for references").format(
            count=i18n.count(len(context))), err=True)
    day = settings.today or parse_day(None, "--today")
    folder = None if no_cache else cache.location(chosen)
    result = api.validate(chosen, Context(today=day, expiry_window_days=settings.expiry_window_days),
                          policy=config.policy(effective), context_files=context,
                          progress=None if quiet else progress_bar("ocopctl: " + _("reading plan files")),
                          checking=None if quiet else progress_bar("ocopctl: " + _("running checks")),
                          cache=None if folder is None else cache.Cache(folder))
    text = _formatted(result, settings.format, settings.strict, show_suppressed, quiet, output is not None)
    if text is not None:
        if output is not None:
            emit(text, output, chosen)
        else:
            sys.stdout.write(text)
    if result.load_failed:
        raise typer.Exit(exits.USAGE)
    threshold = Severity.WARNING if settings.strict else Severity.ERROR
    if any(d.severity >= threshold for d in result.diagnostics):
        raise typer.Exit(exits.FINDINGS)


def _formatted(result: api.ValidationResult, format: str, strict: bool, show_suppressed: bool, quiet: bool,
               to_file: bool) -> str | None:
    """The output as text, or None once printed to the console (text with colour)."""
    if format == "json":
        return formatters.to_json(result, show_suppressed)
    if format == "github":
        return formatters.to_github(result)
    if format in ("sarif", "junit", "markdown"):
        from ocopctl.formatters import ci

        return ci.to_sarif(result) if format == "sarif" else ci.to_junit(result, strict) if format == "junit" \
            else ci.to_markdown(result)
    if to_file:
        return formatters.to_text(result, width=200, show_suppressed=show_suppressed, quiet=quiet)
    formatters.render_text(result, console(), show_suppressed=show_suppressed, quiet=quiet)
    return None


def show_config(
    paths: Annotated[list[Path] | None, typer.Argument(
        help=_("Paths whose configuration to show (default: .)"))] = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Print the configuration in force and where each value comes from."""
    effective = effective_config(paths, config_file, isolated)
    typer.echo(f"# configuration file: {effective.file or 'none'}")
    data = effective.settings.model_dump(mode="json")
    width = max(len(k) for k in config.KEYS)
    for name, value in data.items():
        key = config.key_name(name)
        typer.echo(f"{key:<{width}} = {_show(value)}    # {effective.sources[key]}")


def _show(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
