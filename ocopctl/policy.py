"""Which findings a run reports, and at what severity: the configuration's select, ignore,
severity and per-file-ignores applied to diagnostics. Checks never see any of it."""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ocopctl.diagnostics import Diagnostic, Severity

# A file that could not be read is never ignored nor lowered: nothing else was checked in it.
UNREADABLE = frozenset({"OC001", "OC002", "OC003", "OC004", "OC017", "OC018", "OC019"})


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


@dataclass(frozen=True)
class Policy:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Mapping[str, Sequence[str]] = field(default_factory=dict)
    base: Path | None = None  # what per-file-ignores globs are relative to

    def enabled(self, code: str) -> bool:
        if code in UNREADABLE:
            return True
        if self.select and not _matches(code, self.select):
            return False
        return not _matches(code, self.ignore)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        ignored_in: dict[str, tuple[str, ...]] = {}
        for d in diagnostics:
            if not self.enabled(d.code):
                continue
            if self.per_file_ignores and d.code not in UNREADABLE:
                prefixes = ignored_in.get(d.path)
                if prefixes is None:
                    prefixes = ignored_in[d.path] = self._file_ignores(d.path)
                if _matches(d.code, prefixes):
                    continue
            wanted = self.severity.get(d.code)
            if wanted is not None and wanted != d.severity and d.code not in UNREADABLE:
                d = dataclasses.replace(d, severity=wanted)
            out.append(d)
        return out

    def _file_ignores(self, display: str) -> tuple[str, ...]:
        path = Path(display)
        candidates = {path.as_posix()}
        if self.base is not None:
            with contextlib.suppress(ValueError):  # another drive
                candidates.add(Path(os.path.relpath(path.resolve(), self.base.resolve())).as_posix())
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if any(fnmatch.fnmatchcase(c, pattern) or fnmatch.fnmatchcase(c, pattern.rstrip("/") + "/*")
                   for c in candidates):
                out.extend(codes)
        return tuple(out)
