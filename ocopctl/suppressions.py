"""Inline suppressions in YAML comments.

    - {id: pl-1, lead: ...}   # ocopctl: ignore[OC505] the 2020 rating, kept as published
    # ocopctl: ignore[OC303] the plan prints no timeframe here     (covers the next line)
    # ocopctl: ignore-file[OC303] reason                             (in the comments at the top)

Only files whose text holds ``ocopctl:`` are read again for them (the loader notes it).
A suppression without a reason is a warning (OC020), one that suppresses nothing too
(OC021), and one that cannot be read or names no code (OC022).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.loader import LoadedFile, YamlProblem, read_text

_DIRECTIVE = re.compile(r"(?:^|\s)#\s*ocopctl:\s*(?P<body>.*)$")
_FORM = re.compile(r"(?P<kind>ignore-file|ignore)\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*)$")
_CODE = re.compile(r"^OC[0-9]{3}$")
# Findings about suppressions themselves cannot be suppressed, nor a file that could not be read.
UNSUPPRESSIBLE = frozenset({"OC001", "OC002", "OC003", "OC004", "OC017", "OC018", "OC019",
                            "OC020", "OC021", "OC022"})


@dataclass
class Suppression:
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str
    whole_file: bool
    covers: tuple[int, ...]  # lines whose findings it suppresses (none for a whole-file one)
    used: bool = False


def parse(text: str, display: str, known: set[str]) -> tuple[list[Suppression], list[Diagnostic]]:
    """The suppressions a file's comments make, and what is wrong with them."""
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    at_top = True
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        comment_only = stripped.startswith("#")
        if stripped and not comment_only and stripped != "---":
            at_top = False
        if "ocopctl:" not in line:
            continue
        m = _DIRECTIVE.search(line)
        if m is None:
            continue
        column = m.start() + (1 if m.start() == 0 and line.startswith("#") else 2)
        form = _FORM.match(m["body"].strip())

        def bad(message: Msg, hint: Msg, column: int = column, number: int = number) -> None:
            problems.append(Diagnostic("OC022", Severity.WARNING, display, message, hint=hint,
                                       line=number, column=column))

        if form is None:
            bad(Msg("cannot read the suppression {text}", text=repr(m["body"].strip())),
                Msg("write '# ocopctl: ignore[OC505] reason' or '# ocopctl: ignore-file[OC303] reason'"))
            continue
        codes = tuple(c.strip() for c in form["codes"].split(",") if c.strip())
        unknown = [c for c in codes if not _CODE.match(c) or c not in known]
        if not codes or unknown:
            bad(Msg("the suppression names no code") if not codes else
                Msg("the suppression names unknown code {code}", code=repr(unknown[0])),
                Msg("name the codes it suppresses, as 'ocopctl checks' lists them: ignore[OC505]"))
            continue
        fixed = [c for c in codes if c in UNSUPPRESSIBLE]
        if fixed:
            bad(Msg("{code} cannot be suppressed", code=fixed[0]),
                Msg("fix the file; a file that cannot be read has nothing to keep"))
            continue
        whole = form["kind"] == "ignore-file"
        if whole and not at_top:
            bad(Msg("ignore-file must be in the comments at the top of the file, before any data"),
                Msg("move it to the top, or use ignore[...] on the finding's line"))
            continue
        reason = form["reason"].strip()
        found.append(Suppression(number, column, codes, reason, whole,
                                 () if whole else ((number, number + 1) if comment_only else (number,))))
    return found, problems


def apply(files: Iterable[LoadedFile], diagnostics: list[Diagnostic], known: set[str],
          enabled: Callable[[str], bool] = lambda code: True) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Diagnostics kept (with OC020-OC022 about the suppressions) and those suppressed.

    A suppression of codes that are all disabled (``enabled``) is not reported as unused.

    ``diagnostics`` of files with directives must be located (line set) already.
    """
    table: dict[str, list[Suppression]] = {}
    extra: list[Diagnostic] = []
    for f in files:
        if not f.directives:
            continue
        try:
            text = read_text(f.path)
        except (OSError, YamlProblem):
            continue
        found, problems = parse(text, f.display, known)
        table[f.display] = found
        extra.extend(problems)
    if not table:
        return diagnostics, []
    kept: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for d in diagnostics:
        hit = None
        if d.code not in UNSUPPRESSIBLE:
            for s in table.get(d.path, ()):
                if d.code in s.codes and (s.whole_file or d.line in s.covers):
                    hit = s
                    break
        if hit is None:
            kept.append(d)
        else:
            hit.used = True
            suppressed.append(d)
    for display, found in table.items():
        for s in found:
            shown = ", ".join(s.codes)
            directive = f"# ocopctl: {'ignore-file' if s.whole_file else 'ignore'}[{shown}]"
            if not s.reason:
                extra.append(Diagnostic(
                    "OC020", Severity.WARNING, display, Msg("the suppression of {codes} gives no reason", codes=shown),
                    hint=Msg("say why after the brackets: {directive} {reason}",
                             directive=directive,
                             reason=Msg("kept as published")), line=s.line, column=s.column))
            if not s.used and any(enabled(c) for c in s.codes):
                extra.append(Diagnostic(
                    "OC021", Severity.WARNING, display,
                    Msg("the suppression of {codes} suppresses nothing in this file", codes=shown) if s.whole_file
                    else Msg("the suppression of {codes} suppresses nothing on this line or the next", codes=shown),
                    hint=Msg("remove it: the finding it was for is gone or is on another line"),
                    line=s.line, column=s.column))
    return kept + extra, suppressed
