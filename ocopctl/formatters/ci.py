"""Validation results for CI systems: SARIF 2.1.0 (GitHub code scanning), JUnit XML (GitLab,
Jenkins) and a Markdown summary (``$GITHUB_STEP_SUMMARY``, a merge-request comment)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import quote

from ocopctl.api import ValidationResult
from ocopctl.checks import CHECKS, all_checks
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.formatters import severity_word, summary, summary_line
from ocopctl.formatters.report import md_cell
from ocopctl.i18n import _, localized, ngettext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MARKDOWN_EXPANDED = 50  # findings listed before the rest are folded into <details>


def _version() -> str:
    try:
        return version("ocopctl")
    except PackageNotFoundError:
        return "0"


def _message(d: Diagnostic) -> str:
    """The message and its hint in the language in force."""
    return localized(d.message) + (_(" (hint: {hint})").format(hint=localized(d.hint)) if d.hint else "")


def _sarif_result(d: Diagnostic, index: dict[str, int], suppressed: bool) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": {"uri": quote(d.path.replace("\\", "/"))}}
    if d.line:
        location["region"] = {"startLine": d.line, "startColumn": d.column or 1}
    out: dict[str, object] = {
        "ruleId": d.code,
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": _message(d)},
        "locations": [{"physicalLocation": location}],
    }
    if d.code in index:
        out["ruleIndex"] = index[d.code]
    # The English text too, whatever the language in force, for tools that match on it.
    properties: dict[str, object] = {"field": d.field_path} if d.field_path else {}
    properties["message_en"] = str(d.message)
    if d.hint is not None:
        properties["hint_en"] = str(d.hint)
    out["properties"] = properties
    if suppressed:
        out["suppressions"] = [{"kind": "inSource"}]
    return out


def to_sarif(result: ValidationResult) -> str:
    """One SARIF 2.1.0 run: every registered rule with its help, every finding (suppressed ones marked)."""
    rules = []
    index: dict[str, int] = {}
    for i, info in enumerate(all_checks()):
        index[info.code] = i
        text = info.summary or info.name
        first = text.split("\n\n")[0].replace("\n", " ")
        rules.append({
            "id": info.code,
            "name": info.name,
            "shortDescription": {"text": first},
            "fullDescription": {"text": text},
            "help": {"text": f"{text}\n\nocopctl rules {info.code} explains it.",
                     "markdown": f"**{info.code} {info.name}**\n\n```\n{text}\n```"},
            "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]},
        })
    results = [_sarif_result(d, index, False) for d in result.diagnostics]
    results += [_sarif_result(d, index, True) for d in result.suppressed]
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ocopctl", "version": _version(), "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_junit(result: ValidationResult, strict: bool = False) -> str:
    """One testcase per file: it fails with the findings at or above the threshold; others are its output."""
    threshold = Severity.WARNING if strict else Severity.ERROR
    by_path: dict[str, list[Diagnostic]] = {f.display: [] for f in result.files}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    failures = sum(1 for ds in by_path.values() if any(d.severity >= threshold for d in ds))
    suites = ET.Element("testsuites", name="ocopctl", tests=str(len(by_path)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="ocopctl validate", tests=str(len(by_path)),
                          failures=str(failures), errors="0", skipped="0")
    for path, found in by_path.items():
        case = ET.SubElement(suite, "testcase", classname="ocopctl.validate", name=path, file=path)
        lines = [f"{d.path}:{d.line or 0}:{d.column or 0}: {severity_word(d.severity)} {d.code} {_message(d)}"
                 for d in found]
        failing = [d for d in found if d.severity >= threshold]
        if failing:
            failure = ET.SubElement(case, "failure", type=failing[0].code,
                                    message=_("{n} finding(s): {code} {message}").format(
                                        n=len(failing), code=failing[0].code, message=localized(failing[0].message)))
            failure.text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def to_markdown(result: ValidationResult) -> str:
    """Counts per severity and code, then findings per file; past ``MARKDOWN_EXPANDED`` folded."""
    s = summary(result)
    out = ["## ocopctl validate", "", f"**{summary_line(result)}**", ""]
    if not result.diagnostics:
        return "\n".join(out)
    out += [_("| severity | findings |"), "|---|---:|"]
    out += [f"| {severity_word(sev)} | {s[key]} |" for sev, key in (
        (Severity.ERROR, "errors"), (Severity.WARNING, "warnings"), (Severity.INFO, "infos")) if s[key]]
    codes = Counter(d.code for d in result.diagnostics)
    out += ["", _("| code | name | severity | findings |"), "|---|---|---|---:|"]
    for code, n in sorted(codes.items()):
        info = CHECKS.get(code)
        out.append(f"| {code} | {md_cell(info.name if info else '')} | "
                   f"{severity_word(info.severity) if info else ''} | {n} |")
    out.append("")
    folded = False
    current = None
    for listed, d in enumerate(result.diagnostics):
        if listed == MARKDOWN_EXPANDED and not folded:
            rest = len(result.diagnostics) - listed
            more = ngettext("{n} more finding", "{n} more findings", rest).format(n=rest)
            out += ["", f"<details><summary>{more}</summary>", ""]
            folded, current = True, None
        if d.path != current:
            current = d.path
            out += ["", f"### `{d.path.replace('`', '')}`", "", _("| line | severity | code | message |"),
                    "|---:|---|---|---|"]
        out.append(f"| {d.line or ''} | {severity_word(d.severity)} | {d.code} | {md_cell(_message(d))} |")
    if folded:
        out += ["", "</details>"]
    return "\n".join(out) + "\n"
