"""Formatters turn a validation result into text; they never decide anything."""

from __future__ import annotations

import json
from io import StringIO

from rich.console import Console
from rich.text import Text

from ocopctl.api import ValidationResult
from ocopctl.checks import CHECKS
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import N_, _, count, localized, ngettext, translate

FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}


def severity_word(severity: Severity) -> str:
    """The severity as the language in force says it; JSON, SARIF and configuration keep ``error`` etc."""
    return translate(_SEVERITY_WORDS[severity])


def _severity_width() -> int:
    return max(len(severity_word(s)) for s in Severity)


def summary_line(result: ValidationResult) -> str:
    s = summary(result)
    counts = {k: count(v) for k, v in s.items()}
    line = ", ".join((ngettext("{errors} error", "{errors} errors", s["errors"]),
                      ngettext("{warnings} warning", "{warnings} warnings", s["warnings"]),
                      ngettext("{infos} info", "{infos} infos", s["infos"])))
    line += " " + ngettext("in {files_with_findings} of {files} file", "in {files_with_findings} of {files} files",
                           s["files"])
    if s.get("suppressed"):
        line += _(", {suppressed} suppressed")
    return line.format(**counts)


def summary(result: ValidationResult) -> dict[str, int]:
    # A path that does not exist, or a folder without YAML, is not a file with findings.
    loaded = {f.display for f in result.files}
    files_with = len({d.path for d in result.diagnostics if d.path in loaded})
    out = {
        "files": len(result.files),
        "files_with_findings": files_with,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
    }
    if result.suppressed:  # only then, so that output without suppressions stays as it was
        out["suppressed"] = len(result.suppressed)
    return out


def to_json(result: ValidationResult, show_suppressed: bool = False) -> str:
    """Stable JSON: ``{"version": 1, "summary": {...}, "diagnostics": [...]}`` (and ``"suppressed": [...]``)."""
    doc: dict[str, object] = {"version": 1, "summary": summary(result),
                              "diagnostics": [d.to_dict() for d in result.diagnostics]}
    if show_suppressed:
        doc["suppressed"] = [d.to_dict() for d in result.suppressed]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(result: ValidationResult) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in result.diagnostics:
        name = CHECKS[d.code].name if d.code in CHECKS else ""
        message = localized(d.message) + (_(" (hint: {hint})").format(hint=localized(d.hint)) if d.hint else "")
        lines.append(
            f"::{level[d.severity]} file={_gh_escape(d.path, True)},line={d.line or 1},col={d.column or 1},"
            f"title={_gh_escape(f'{d.code} {name}', True)}::{_gh_escape(message)}"
        )
    lines.append("ocopctl: " + summary_line(result))
    return "\n".join(lines) + "\n"


def render_text(result: ValidationResult, console: Console, *, show_suppressed: bool = False,
                quiet: bool = False) -> None:
    """Findings grouped by file, each with path:line:col, then a summary line (only that, ``quiet``);
    ``show_suppressed`` lists the suppressed findings after the others."""
    if not quiet:
        _render_findings(result.diagnostics, console)
        if show_suppressed and result.suppressed:
            if result.diagnostics:
                console.print()
            console.print(Text(_("suppressed (by # ocopctl: ignore comments)"), style="bold"))
            _render_findings(result.suppressed, console)
    s = summary(result)
    if (result.diagnostics or (show_suppressed and result.suppressed)) and not quiet:
        console.print()
    style = "bold red" if s["errors"] else ("yellow" if s["warnings"] else "bold green")
    console.print(Text(summary_line(result), style=style))


def _render_findings(diagnostics: list[Diagnostic], console: Console) -> None:
    current = None
    width = _severity_width()
    for d in diagnostics:
        if d.path != current:
            if current is not None:
                console.print()
            current = d.path
            console.print(Text(d.path, style="bold underline"))
        where = f"{d.path}:{d.line}:{d.column or 1}" if d.line else d.path
        name = CHECKS[d.code].name if d.code in CHECKS else ""
        line = Text("  ")
        line.append(where, style="dim")
        line.append("  ")
        line.append(severity_word(d.severity).ljust(width), style=_STYLE[d.severity])
        line.append(f" {d.code} ", style="bold")
        line.append(f"[{name}] ", style="dim")
        line.append(localized(d.message))
        console.print(line, soft_wrap=True)
        if d.field_path:
            console.print(Text(_("      field: {field}").format(field=d.field_path), style="dim"), soft_wrap=True)
        if d.hint:
            console.print(Text(_("      hint: {hint}").format(hint=localized(d.hint)), style="green"), soft_wrap=True)


def to_text(result: ValidationResult, width: int = 100, *, show_suppressed: bool = False, quiet: bool = False) -> str:
    """Plain text (no colour), as ``render_text`` prints it."""
    buf = StringIO()
    render_text(result, Console(file=buf, width=width, color_system=None, highlight=False),
                show_suppressed=show_suppressed, quiet=quiet)
    return buf.getvalue()
