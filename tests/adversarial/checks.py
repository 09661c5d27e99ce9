"""Checks on what a case's command wrote or printed, beyond the runner's own (no traceback, no
hang, memory, exit code, one-line errors, inputs unchanged, no stray write, no leak).

Each check takes the finished run and returns a problem (a string) or None.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    rc: int
    stdout: str
    stderr: str
    work: Path  # the case folder (the command's working directory)
    written: tuple[str, ...]  # files written at or under the case's outputs, relative to work


Check = Callable[[Run], str | None]


def _named(name: str, fn: Check) -> Check:
    fn.__name__ = name  # type: ignore[attr-defined]
    return fn


def _text(run: Run, where: str) -> str | None:
    if where == "stdout":
        return run.stdout
    if where == "stderr":
        return run.stderr
    path = run.work / where
    if not path.is_file():
        return None
    return path.read_text("utf-8", "replace")


# --------------------------------------------------------------------------- output exists


def wrote(rel: str) -> Check:
    """Exit 0 means the file is there (a command that says it wrote must have written)."""

    def check(run: Run) -> str | None:
        if run.rc == 0 and not (run.work / rel).is_file():
            return f"exit 0 but {rel!r} was not written"
        return None

    return _named("wrote", check)


def contains(where: str, literal: str, *, when: tuple[int, ...] = (0, 1)) -> Check:
    """The literal text (a name with markup, say) is shown as written, not restyled or lost."""

    def check(run: Run) -> str | None:
        if run.rc not in when:
            return None
        text = _text(run, where)
        if text is None:
            return f"{where!r} was not written"
        if unicodedata.normalize("NFC", literal) not in unicodedata.normalize("NFC", text):
            return f"{literal!r} not shown as written in {where}"
        return None

    return _named("contains", check)


def lacks(where: str, literal: str) -> Check:
    def check(run: Run) -> str | None:
        text = _text(run, where)
        if text is not None and literal in text:
            return f"{literal!r} found in {where}"
        return None

    return _named("lacks", check)


def no_line(where: str, pattern: str) -> Check:
    """No line of the output matches the pattern (an injected heading, annotation or event)."""
    rx = re.compile(pattern)

    def check(run: Run) -> str | None:
        text = _text(run, where)
        if text is None:
            return None
        for line in text.splitlines():
            if rx.search(line.rstrip()):
                return f"injected line in {where}: {line.strip()[:120]!r}"
        return None

    return _named("no_line", check)


# --------------------------------------------------------------------------- formula injection

_NUMBER = re.compile(r"^[+-]?\d[\d.,]*%?$")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(where: str) -> Check:
    """No text cell starts with = + - @ tab or CR (numbers, '-' for zero, excepted)."""

    def check(run: Run) -> str | None:
        text = _text(run, where)
        if text is None:
            return None
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
            for c, cell in enumerate(row):
                if cell.startswith(_DANGEROUS) and cell != "-" and not _NUMBER.match(cell):
                    return f"{where} row {r + 1} column {c + 1} starts a formula: {cell[:40]!r}"
        return None

    return _named("csv_safe", check)


def xlsx_safe(rel: str) -> Check:
    """No formula cell, and no text cell starting with '='."""

    def check(run: Run) -> str | None:
        path = run.work / rel
        if not path.is_file():
            return None
        from openpyxl import load_workbook

        wb = load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        return f"{rel} {ws.title}!{cell.coordinate} is a formula cell: {str(cell.value)[:40]!r}"
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        return f"{rel} {ws.title}!{cell.coordinate} text starts with '=': {cell.value[:40]!r}"
        return None

    return _named("xlsx_safe", check)


def xlsx_opens(rel: str) -> Check:
    def check(run: Run) -> str | None:
        path = run.work / rel
        if not path.is_file():
            return None
        from openpyxl import load_workbook

        load_workbook(path, read_only=True).close()
        return None

    return _named("xlsx_opens", check)


# --------------------------------------------------------------------------- tables


def csv_rectangular(rel: str) -> Check:
    """Every row of a csv has the header's number of fields."""

    def check(run: Run) -> str | None:
        path = run.work / rel
        if not path.is_file():
            return None
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
        if not rows:
            return f"{rel} is empty"
        width = len(rows[0])
        for i, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                return f"{rel} row {i} has {len(row)} fields under a header of {width}"
        return None

    return _named("csv_rectangular", check)


def xlsx_rectangular(rel: str) -> Check:
    """No row of the first sheet has values past the header's last column."""

    def check(run: Run) -> str | None:
        path = run.work / rel
        if not path.is_file():
            return None
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            ws = wb.worksheets[0]
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
        if not rows:
            return f"{rel} has no rows"
        width = max((i + 1 for i, v in enumerate(rows[0]) if v not in (None, "")), default=0)
        for n, row in enumerate(rows[1:], start=2):
            last = max((i + 1 for i, v in enumerate(row) if v not in (None, "")), default=0)
            if last > width:
                return f"{rel} row {n} has a value in column {last}, past the header's {width}"
        return None

    return _named("xlsx_rectangular", check)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def md_tables(where: str) -> Check:
    """Every row of every Markdown table has its header's number of cells."""

    def check(run: Run) -> str | None:
        text = _text(run, where)
        if text is None:
            return None
        header: int | None = None
        for n, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            if not s.startswith("|"):
                header = None
                continue
            cells = len(_CELL_SPLIT.findall(s))
            if header is None:
                header = cells
            elif cells != header:
                return f"{where} line {n}: a table row of {cells - 1} cells under a header of {header - 1}"
        return None

    return _named("md_tables", check)


def all_md_tables(folder: str) -> Check:
    """md_tables over every .md file written under the folder."""

    def check(run: Run) -> str | None:
        for rel in run.written:
            if rel.endswith(".md") and Path(rel).parts[:len(Path(folder).parts)] == Path(folder).parts:
                problem = md_tables(rel)(run)
                if problem:
                    return problem
        return None

    return _named("all_md_tables", check)


def md_no_heading(folder_or_file: str, heading: str) -> Check:
    """The injected heading line does not appear as a line of its own in any md output."""

    def check(run: Run) -> str | None:
        for rel in run.written:
            if rel.endswith(".md") and rel.startswith(folder_or_file):
                for line in (run.work / rel).read_text("utf-8", "replace").splitlines():
                    if line.strip() == heading:
                        return f"{rel}: injected heading {heading!r}"
        return None

    return _named("md_no_heading", check)


# --------------------------------------------------------------------------- permissions


def modes(file_mode: int = 0o644, dir_mode: int = 0o755) -> Check:
    """With umask 022 an output is created 0644 (folders 0755), as open() would."""

    def check(run: Run) -> str | None:
        seen_dirs: set[Path] = set()
        for rel in run.written:
            p = run.work / rel
            mode = stat.S_IMODE(p.stat().st_mode)
            if mode != file_mode:
                return f"{rel} created {oct(mode)}, expected {oct(file_mode)}"
            for parent in Path(rel).parents:
                if parent != Path(".") and parent not in seen_dirs:
                    seen_dirs.add(parent)
                    dmode = stat.S_IMODE((run.work / parent).stat().st_mode)
                    if dmode != dir_mode:
                        return f"{parent}/ created {oct(dmode)}, expected {oct(dir_mode)}"
        if run.rc == 0 and not run.written:
            return "exit 0 but nothing written"
        return None

    return _named("modes", check)
