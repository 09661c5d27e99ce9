"""Reading in worker processes gives exactly what reading serially gives (ocopctl.parallel)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from ocopctl import api, formatters, i18n, parallel
from ocopctl.checks import Context
from ocopctl.loader import LoadedFile, ParsedFile, discover, parse_file

ROOT = Path(__file__).resolve().parents[2]
# Every check's failing and passing cases and the encoded seeds: syntax errors, duplicate keys,
# control characters, unknown kinds, schema errors, suppression comments, cross-file findings.
CORPUS = [ROOT / "tests" / "cases", ROOT / "plans"]

pytestmark = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="the pool needs fork")


def _facts(f: LoadedFile) -> tuple[object, ...]:
    diags = [(type(d.message), d.code, d.severity, d.path, d.message, d.hint, d.loc, d.line, d.column, d.key)
             for d in f.diagnostics]
    return (f.path, f.display, f.kind, f.model, f.data, diags, f.omitted, f.directives)


def test_files_read_by_workers_equal_files_read_here() -> None:
    paths, _ = discover(CORPUS)
    serial = parallel.load_files(paths, workers=0)
    pooled = parallel.load_files(paths, workers=2)
    assert len(serial) == len(paths) > 200
    assert [_facts(f) for f in pooled] == [_facts(f) for f in serial]
    assert any(f.diagnostics for f in serial) and any(f.model for f in serial)


@pytest.mark.parametrize("jobs", ["0", "2"])
def test_validate_output_is_the_same_serial_and_parallel(monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    def run() -> tuple[str, str, str]:
        result = api.validate(CORPUS, Context(today=date(2026, 1, 1)))
        assert result.diagnostics and all(d.line is not None for d in result.diagnostics)
        text = formatters.to_text(result, width=200)
        i18n.set_language("vi")
        try:
            return text, formatters.to_json(result), formatters.to_text(result, width=200)
        finally:
            i18n.set_language("en")

    monkeypatch.setenv("OCOPCTL_JOBS", "1")
    serial = run()
    monkeypatch.setenv("OCOPCTL_JOBS", jobs)
    assert run() == serial


def _parse_elsewhere(path: Path, display: str | None = None) -> ParsedFile:
    parsed = parse_file(path, display)
    parsed.loaded.display = str(os.getpid())
    return parsed


def test_the_pool_parses_in_other_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "parse_file", _parse_elsewhere)
    paths, _ = discover([ROOT / "plans"])
    pids = {f.display for f in parallel.load_files(paths, workers=2)}
    assert str(os.getpid()) not in pids and pids
    assert {f.display for f in parallel.load_files(paths, workers=0)} == {str(os.getpid())}


def test_findings_located_by_workers_equal_findings_located_here() -> None:
    paths, _ = discover(CORPUS)

    def located(workers: int) -> list[tuple[object, ...]]:
        files = parallel.load_files(paths, workers=0)
        found = []
        for f in files:
            for d in f.diagnostics:
                if d.loc:
                    d.line = d.column = None
            found.append((f, f.diagnostics))
        parallel.locate_all(found, workers=workers)
        return [(d.path, d.loc, d.line, d.column) for f in files for d in f.diagnostics]

    serial = located(0)
    assert serial == located(2)
    assert any(line not in (None, 1) for *_, line, _c in serial)


def test_small_runs_read_serially_large_ones_on_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCOPCTL_JOBS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    monkeypatch.setattr(parallel, "_other_work", lambda: 0.2)
    paths, _ = discover([ROOT / "plans"])
    size = sum(p.stat().st_size for p in paths)
    assert parallel.workers_wanted(paths) == 0  # the seeds are far below the threshold
    assert parallel.workers_wanted(paths, threshold=size - 1) == 2
    assert parallel.workers_wanted(paths[:1], threshold=0) == 0  # one file: nothing to share
    monkeypatch.setattr(parallel, "_other_work", lambda: 1.5)
    assert parallel.workers_wanted(paths, threshold=0) == 0  # no core idle
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    monkeypatch.setattr(parallel, "_other_work", lambda: 0.0)
    assert parallel.workers_wanted(paths, threshold=0) == 0  # one core
    monkeypatch.setenv("OCOPCTL_JOBS", "1")
    assert parallel.workers_wanted(paths, threshold=0) == 1

    monkeypatch.setenv("OCOPCTL_JOBS", "3")
    assert parallel.workers_wanted(paths) == 3
    for careless, workers in (("999999", 4), ("-1", 0), ("abc", 0)):  # one core here: at most four workers
        monkeypatch.setenv("OCOPCTL_JOBS", careless)
        assert parallel.workers_wanted(paths) == workers, careless
    monkeypatch.setenv("OCOPCTL_JOBS", "8")
    assert parallel.workers_wanted(paths[:2]) == 2  # never more workers than files


def test_the_work_of_other_processes_is_read_from_the_system() -> None:
    assert 0 <= parallel._other_work() < 10_000
