"""``ocopctl checks`` and ``ocopctl rules CODE``: the diagnostic codes and what each one means.

Explanations are told in the language in force (``CheckInfo.explain``, ``ocopctl.checkdocs``);
codes and names never change with it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from ocopctl.checks import CHECKS, CheckInfo, all_checks
from ocopctl.cli.common import console, fail
from ocopctl.formatters import severity_word, tables
from ocopctl.i18n import _


class Format(StrEnum):
    text = "text"
    json = "json"


def checks(code: Annotated[str | None, typer.Argument(help=_("A code to explain, such as OC505"))] = None,
           format: Annotated[Format, typer.Option("--format", "-f", help=_("Output format (default: text)"))]
           = Format.text) -> None:
    """List every diagnostic code, or explain one (ocopctl checks OC505)."""
    if format is Format.json:
        typer.echo(to_json(all_checks() if code is None else [_info(code)]), nl=False)
    elif code is not None:
        rules(code)
    else:
        print_table(all_checks(), console())


def to_json(infos: Iterable[CheckInfo]) -> str:
    """``{"version": 1, "checks": [...]}``: code, name and severity as configuration writes them; the
    summary (first paragraph) and the whole explanation in the language in force, and in English as
    ``summary_en`` and ``explanation_en``."""
    doc = {"version": 1, "checks": [
        {"code": i.code, "name": i.name, "severity": str(i.severity),
         "summary": i.headline(), "summary_en": i.headline("en"),
         "explanation": i.explain(), "explanation_en": i.explain("en")} for i in infos]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def print_table(infos: Iterable[CheckInfo], out: Console) -> None:
    """Every diagnostic code with its name, severity and what it finds (its first paragraph)."""
    t = tables.table(_("code"), _("name"), _("severity"), _("what it finds"), show_lines=False)
    for info in infos:
        tables.add_row(t, (info.code, info.name, severity_word(info.severity), info.headline()))
    out.print(t)


def rules(code: Annotated[str, typer.Argument(help=_("The code, such as OC505"))]) -> None:
    """Explain a diagnostic code, with its failing example."""
    typer.echo(explain(code))


def _info(code: str) -> CheckInfo:
    """The registered code, or one line saying there is none (and which one was meant)."""
    all_checks()
    info = CHECKS.get(code.upper())
    if info is None:
        close = difflib.get_close_matches(code.upper(), list(CHECKS), n=1, cutoff=0.6)
        fail(_("no code {code}; did you mean {close}?").format(code=repr(code), close=repr(close[0])) if close
             else _("no code {code}; 'ocopctl checks' lists them").format(code=repr(code)))
    return info


def explain(code: str) -> str:
    """What ``ocopctl rules CODE`` prints, in the language in force; an unknown code fails in one line."""
    info = _info(code)
    how = _("Suppress one finding with a comment on its line or the line above:\n"
            "    # ocopctl: ignore[{code}] why this is right\n"
            "or lower it for the repository in .ocopctl.yaml:\n"
            "    severity: {{{code}: info}}")
    return (f"{info.code} {info.name} ({severity_word(info.severity)})\n\n{info.explain()}\n\n"
            + how.format(code=info.code))
