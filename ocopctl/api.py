"""The library behind the command line: every command calls one function here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ocopctl.calendars import deadline_calendar
from ocopctl.checks import Context, run_checks
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.loader import LoadedFile, discover, load_file
from ocopctl.render import Request as RenderRequest
from ocopctl.render import Result as RenderResult
from ocopctl.render import render as render_documents
from ocopctl.reports import Report, Row, Window, build_report, upcoming
from ocopctl.repository import Repository
from ocopctl.workload import Workload, workload

# Codes that mean ocopctl could not read its input at all (exit code 2).
LOAD_FAILURES = frozenset({"OC001", "OC002", "OC003", "OC004"})


@dataclass
class ValidationResult:
    files: list[LoadedFile]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def load_failed(self) -> bool:
        return any(d.code in LOAD_FAILURES for d in self.diagnostics)


def load_repository(paths: Sequence[Path], keep_data: bool = False) -> tuple[Repository, list[Diagnostic]]:
    """Load every YAML file under ``paths``; bad files become diagnostics. Only the checks read
    a file's plain data besides its model: other commands let it go as each file loads."""
    found, problems = discover(paths)
    files = []
    for p in found:
        f = load_file(p)
        if not keep_data:
            f.data = None
        files.append(f)
        problems.extend(f.diagnostics)
    return Repository(files), problems


def validate(paths: Sequence[Path], context: Context | None = None) -> ValidationResult:
    """Load and check a plan repository; every problem, located and sorted."""
    repo, diagnostics = load_repository(paths, keep_data=True)
    diagnostics.extend(run_checks(repo, context or Context()))
    by_display = {f.display: f for f in repo.files}
    pending: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.line is None:
            pending.setdefault(d.path, []).append(d)
    for path, found in pending.items():
        f = by_display.get(path)
        if f is not None:
            f.locate(*found)
    diagnostics.sort(key=Diagnostic.sort_key)
    return ValidationResult(repo.files, diagnostics)


def report(paths: Sequence[Path], window: Window, as_of: date, owner: str | None = None) -> tuple[Report, int]:
    """The progress report of a window, and how many files could not be loaded."""
    repo, problems = load_repository(paths)
    return build_report(repo, window, as_of, owner), _unloaded(problems)


def deadlines(paths: Sequence[Path], as_of: date, days: int, owner: str | None = None) -> tuple[list[Row], int]:
    repo, problems = load_repository(paths)
    return upcoming(repo, as_of, days, owner), _unloaded(problems)


def owners(paths: Sequence[Path], as_of: date) -> tuple[list[Workload], int]:
    repo, problems = load_repository(paths)
    return workload(repo, as_of), _unloaded(problems)


def calendar(paths: Sequence[Path], owner: str | None = None) -> tuple[bytes, int]:
    repo, problems = load_repository(paths)
    return deadline_calendar(repo, owner), _unloaded(problems)


def render(request: RenderRequest) -> RenderResult:
    """Render documents, decisions and reports to Word, HTML or Markdown (see ``ocopctl.render``)."""
    return render_documents(request)


def _unloaded(problems: list[Diagnostic]) -> int:
    return len({d.path for d in problems if d.severity == Severity.ERROR})
