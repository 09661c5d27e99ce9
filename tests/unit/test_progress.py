"""The progress bar of long runs: on a terminal only, after a delay, and fed by api.validate."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from ocopctl import api
from ocopctl.checks import all_checks
from ocopctl.cli import common

PLANS = Path(__file__).parents[2] / "plans"


def test_validate_reports_each_file_read() -> None:
    seen: list[tuple[int, int]] = []
    result = api.validate([PLANS / "hai-phong"], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == len(result.files)
    assert [done for done, _total in seen] == list(range(1, len(seen) + 1))


def test_validate_reports_each_check_run() -> None:
    seen: list[tuple[int, int]] = []
    api.validate([PLANS / "hai-phong"], checking=lambda done, total: seen.append((done, total)))
    runnable = [c for c in all_checks() if c.func is not None]
    assert seen == [(done, len(runnable)) for done in range(1, len(runnable) + 1)]


def test_no_bar_in_a_pipe_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "console", lambda stderr=False: Console(file=io.StringIO()))
    monkeypatch.delenv("CI", raising=False)
    assert common.progress_bar("x") is None  # not a terminal
    monkeypatch.setattr(common, "console", lambda stderr=False: Console(file=io.StringIO(), force_terminal=True))
    monkeypatch.setenv("CI", "true")
    assert common.progress_bar("x") is None


def test_a_bar_on_a_terminal_once_the_delay_has_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(common, "console", lambda stderr=False: Console(file=out, force_terminal=True, width=80))
    monkeypatch.delenv("CI", raising=False)
    quiet = common.progress_bar("reading", delay=3600)
    assert quiet is not None
    quiet(1, 2)
    assert out.getvalue() == ""  # a short run shows nothing
    shown = common.progress_bar("reading", delay=0)
    assert shown is not None
    shown(1, 2)
    shown(2, 2)
    assert "reading" in out.getvalue()


def test_validate_command_shows_files_read_then_checks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ocopctl.cli import app, validate_cmd

    labels: list[str] = []

    def bar(label: str, delay: float = 1.0) -> None:
        labels.append(label)

    monkeypatch.setattr(validate_cmd, "progress_bar", bar)
    CliRunner().invoke(app, ["validate", str(PLANS / "hai-phong")])
    assert labels == ["ocopctl: reading plan files", "ocopctl: running checks"]
