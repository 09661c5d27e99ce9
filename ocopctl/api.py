"""The library behind the command line: every command calls one function here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ocopctl import suppressions
from ocopctl.checks import Context, all_checks, run_checks
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg, Number
from ocopctl.limits import DIAGNOSTICS_PER_CODE
from ocopctl.loader import LoadedFile, discover
from ocopctl.parallel import load_files, locate_all
from ocopctl.policy import Policy
from ocopctl.repository import Repository

if TYPE_CHECKING:  # imported where used, so that 'validate' does not load Word, Jinja and iCalendar
    from ocopctl.cache import Cache
    from ocopctl.render import Request as RenderRequest
    from ocopctl.render import Result as RenderResult
    from ocopctl.reports import Report, Row, Window
    from ocopctl.workload import Workload

# Codes that mean ocopctl could not read its input at all (exit code 2).
LOAD_FAILURES = frozenset({"OC001", "OC002", "OC003", "OC004", "OC017", "OC018", "OC019"})


@dataclass
class ValidationResult:
    files: list[LoadedFile]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Findings that a summary line stands for, beyond the line itself (see ``cap_per_code``).
    unlisted: dict[Severity, int] = field(default_factory=dict)
    # Findings an inline suppression comment accepted (``# ocopctl: ignore[CODE] reason``).
    suppressed: list[Diagnostic] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        """Findings of ``severity``, the unlisted ones included."""
        return sum(1 for d in self.diagnostics if d.severity == severity) + self.unlisted.get(severity, 0)

    @property
    def load_failed(self) -> bool:
        return any(d.code in LOAD_FAILURES for d in self.diagnostics)


def load_repository(paths: Sequence[Path], keep_data: bool = False) -> tuple[Repository, list[Diagnostic]]:
    """Load every YAML file under ``paths``; bad files become diagnostics. Only the checks read
    a file's plain data besides its model: other commands let it go as each file loads."""
    found, problems = discover(paths)
    files = load_files(found, keep_data=keep_data)
    for f in files:
        problems.extend(f.diagnostics)
    return Repository(files), problems


def validate(paths: Sequence[Path], context: Context | None = None, *, policy: Policy | None = None,
             context_files: Sequence[Path] = (),
             progress: Callable[[int, int], None] | None = None,
             checking: Callable[[int, int], None] | None = None, cache: Cache | None = None) -> ValidationResult:
    """Load and check a plan repository; every problem, located and sorted.

    ``context_files`` are loaded and checked with ``paths`` (the agencies and documents their
    files refer to), but only findings in the files under ``paths`` are reported. ``policy``
    selects, ignores and re-grades findings (the configuration); inline suppressions apply always.
    ``cache`` (``ocopctl.cache``) keeps what the loader makes of each file, and the whole result of
    a run by the digest of all its inputs (then ``files`` carry no model). ``progress(done, total)``
    follows the files read, ``checking(done, total)`` the checks run.
    """
    asked, diagnostics = discover(paths)
    requested = {p.resolve() for p in asked} if context_files else set()  # 0.2 s over 3,774 files
    others = [p for p in dict.fromkeys(context_files) if p.resolve() not in requested]
    run_key = None if cache is None else cache.run_key(asked, others, diagnostics, context, policy)
    if run_key is not None and cache is not None and (kept := cache.result(run_key)) is not None:
        return ValidationResult(*kept)
    # on both cores when it pays (ocopctl.parallel); with the cache, only the files it does not hold
    if cache is None:
        read = load_files([*asked, *others], progress)
    else:
        read = cache.load_all([*asked, *others], progress)
        cache.finish()
    files, extra = read[:len(asked)], read[len(asked):]
    for one in files:
        diagnostics.extend(one.diagnostics)
    repo = Repository(files + extra)
    diagnostics.extend(run_checks(repo, context or Context(), checking))
    if extra:
        shown = {f.display for f in files}
        diagnostics = [d for d in diagnostics if d.path in shown or d.line == 0]
        repo.files = files
    policy = policy or Policy()
    diagnostics = policy.apply(diagnostics)
    directives = [f for f in files if f.directives]
    suppressed: list[Diagnostic] = []
    if directives:
        for loaded in directives:
            loaded.locate(*(d for d in diagnostics if d.path == loaded.display))
        known = {c.code for c in all_checks()}
        diagnostics, suppressed = suppressions.apply(directives, diagnostics, known, policy.enabled)
        diagnostics = policy.apply(diagnostics)  # for OC020-OC022; the rest are unchanged by a second pass
    omitted = {one.display: {c: n for c, n in one.omitted.items() if policy.enabled(c)}
               for one in files if one.omitted}
    diagnostics, more = cap_per_code(diagnostics, omitted)
    by_display = {f.display: f for f in repo.files}
    pending: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.line is None:
            pending.setdefault(d.path, []).append(d)
    locate_all([(by_display[path], found) for path, found in pending.items() if path in by_display])
    unlisted: Counter[Severity] = Counter()
    for (path, code), (n, last) in more.items():
        diagnostics.append(Diagnostic(
            code, last.severity, path, Msg("… and {n} more {code} findings in this file", n=Number(n), code=code),
            line=last.line, column=last.column,  # right after the last one listed
            hint=Msg("only the first {limit} findings of each code are listed per file; fix those and run again",
                     limit=DIAGNOSTICS_PER_CODE.value)))
        unlisted[last.severity] += n - 1
    diagnostics.sort(key=Diagnostic.sort_key)
    suppressed.sort(key=Diagnostic.sort_key)
    result = ValidationResult(repo.files, diagnostics, dict(unlisted), suppressed)
    if run_key is not None and cache is not None:
        cache.keep(run_key, result.files, diagnostics, result.unlisted, suppressed)
    return result


def cap_per_code(diagnostics: list[Diagnostic], omitted: dict[str, dict[str, int]]
                 ) -> tuple[list[Diagnostic], dict[tuple[str, str], tuple[int, Diagnostic]]]:
    """At most ``DIAGNOSTICS_PER_CODE`` findings of one code in one file.

    ``omitted`` counts, by file and code, findings the loader did not build past the same limit.
    Returns the findings kept and, by file and code, how many more there are and the last one kept.
    """
    limit = DIAGNOSTICS_PER_CODE.value
    kept: list[Diagnostic] = []
    seen: Counter[tuple[str, str]] = Counter()
    last: dict[tuple[str, str], Diagnostic] = {}
    for d in diagnostics:
        key = (d.path, d.code)
        seen[key] += 1
        if seen[key] <= limit:
            kept.append(d)
            last[key] = d
    more = Counter({key: n - limit for key, n in seen.items() if n > limit})
    for path, codes in omitted.items():
        more.update({(path, code): n for code, n in codes.items()})
    return kept, {key: (n, last[key]) for key, n in more.items()}


def report(paths: Sequence[Path], window: Window, as_of: date, owner: str | None = None) -> tuple[Report, int]:
    """The progress report of a window, and how many files could not be loaded."""
    from ocopctl.reports import build_report

    repo, problems = load_repository(paths)
    return build_report(repo, window, as_of, owner), _unloaded(problems)


def deadlines(paths: Sequence[Path], as_of: date, days: int, owner: str | None = None) -> tuple[list[Row], int]:
    from ocopctl.reports import upcoming

    repo, problems = load_repository(paths)
    return upcoming(repo, as_of, days, owner), _unloaded(problems)


def owners(paths: Sequence[Path], as_of: date) -> tuple[list[Workload], int]:
    from ocopctl.workload import workload

    repo, problems = load_repository(paths)
    return workload(repo, as_of), _unloaded(problems)


def calendar(paths: Sequence[Path], owner: str | None = None) -> tuple[bytes, list[str], int]:
    """The .ics calendar, notes on what it leaves out, and how many files could not be loaded."""
    from ocopctl.calendars import deadline_calendar

    repo, problems = load_repository(paths)
    data, notes = deadline_calendar(repo, owner)
    return data, notes, _unloaded(problems)


def render(request: RenderRequest) -> RenderResult:
    """Render documents, decisions and reports to Word, HTML or Markdown (see ``ocopctl.render``)."""
    from ocopctl.render import render as render_documents

    return render_documents(request)


def _unloaded(problems: list[Diagnostic]) -> int:
    return len({d.path for d in problems if d.severity == Severity.ERROR})
