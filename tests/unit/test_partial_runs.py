"""A partial run (pre-commit, an editor) sees the repository around its files and reports
exactly what a full run reports for them; suppressions are counted and listed."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocopctl import api, workspace
from ocopctl.checks import Context
from ocopctl.cli import app

ROOT = Path(__file__).parents[2]
TODAY = Context(today=date(2026, 1, 1))
PLAN_FILES = sorted(p.relative_to(ROOT) for p in (ROOT / "plans").rglob("*.yaml"))
runner = CliRunner()


@pytest.fixture(scope="module")
def full() -> api.ValidationResult:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        return api.validate([Path("plans")], TODAY)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("path", PLAN_FILES, ids=str)
def test_one_file_reports_what_the_full_run_reports_for_it(full: api.ValidationResult, path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    part = api.validate([path], TODAY, context_files=workspace.context_files([path], ["plans"]))
    assert [d.to_dict() for d in part.diagnostics] == [d.to_dict() for d in full.diagnostics
                                                       if d.path == str(path)]


def test_the_command_line_loads_the_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["validate", "--today", "2026-01-01", "--format", "json",
                                 "plans/hai-phong/2018-192-kh-ubnd.yaml",
                                 "plans/hai-phong/progress/2018-h2/hp-sct.yaml"])
    found = json.loads(result.output)["diagnostics"]
    assert not [d for d in found if d["code"] in ("OC102", "OC307")]
    assert {d["path"] for d in found} == {"plans/hai-phong/2018-192-kh-ubnd.yaml"}
    assert json.loads(result.output)["summary"]["files"] == 2


def test_context_reaches_only_related_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    context = {str(p) for p in workspace.context_files([Path("plans/hai-phong/progress/2018-h2/hp-sct.yaml")],
                                                        ["plans"])}
    assert "plans/hai-phong/2018-192-kh-ubnd.yaml" in context  # the plan it reports on
    assert "plans/national/agencies.yaml" in context and "plans/hai-phong/agencies.yaml" in context
    assert not any("quang-ninh/2017" in p or "progress/2017" in p for p in context)


def test_outside_the_plan_folders_there_is_no_context() -> None:
    assert workspace.context_files([ROOT / "tests/cases/OC303/fail-no-timeframe"], ["plans"]) == []


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_broken_plan_is_one_finding_not_one_per_progress_file(repo: Path) -> None:
    plan = repo / "plans/hai-phong/2018-192-kh-ubnd.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\ndate: ", "\ndate: 2018-13-45\nignored: ", 1),
                    encoding="utf-8")
    result = runner.invoke(app, ["validate", "--today", "2026-01-01", "--format", "json", "plans/hai-phong"])
    found = json.loads(result.output)["diagnostics"]
    assert {d["path"] for d in found if d["severity"] == "error"} == {"plans/hai-phong/2018-192-kh-ubnd.yaml"}


def test_suppressions_are_counted_and_listed(repo: Path) -> None:
    plan = repo / "plans/hai-duong/2021-32-kh-ubnd-thanh-ha.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[77].lstrip().startswith("- id: s2-3-3")  # its OC303 is at line 78
    lines.insert(77, "          # ocopctl: ignore[OC303] the plan prints no timeframe for this task\n")
    lines.insert(0, "# ocopctl: ignore-file[OC011] printed with the space\n")
    plan.write_text("".join(lines), encoding="utf-8")
    args = ["validate", "--today", "2026-01-01", str(plan.relative_to(repo))]
    out = runner.invoke(app, args).output
    assert out.strip().endswith("0 errors, 1 warning, 1 info in 1 of 1 file, 2 suppressed")
    assert "OC011" not in out and out.count("OC303") == 1
    shown = runner.invoke(app, [*args, "--show-suppressed"]).output
    assert "suppressed (by # ocopctl: ignore comments)" in shown and shown.count("OC303") == 2
    doc = json.loads(runner.invoke(app, [*args, "--show-suppressed", "-f", "json"]).output)
    assert doc["summary"]["suppressed"] == 2 and {d["code"] for d in doc["suppressed"]} == {"OC011", "OC303"}


def test_a_suppression_of_an_ignored_code_is_not_unused(repo: Path) -> None:
    plan = repo / "plans/ha-noi/2022-145-kh-ubnd.yaml"
    plan.write_text("# ocopctl: ignore-file[OC505] old ratings\n" + plan.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert "OC021" in runner.invoke(app, ["validate", "--today", "2026-01-01", str(plan)]).output
    (repo / ".ocopctl.yaml").write_text("ignore: [OC5]\n")
    assert "OC021" not in runner.invoke(app, ["validate", "--today", "2026-01-01", str(plan)]).output
