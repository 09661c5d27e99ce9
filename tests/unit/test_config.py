"""Configuration: .ocopctl.yaml or [tool.ocopctl], found above the paths; select, ignore,
severity, per-file-ignores, today; ``ocopctl config``; one-line errors for a bad file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocopctl.cli import app

ROOT = Path(__file__).parents[2]
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``plans/`` copied into a fresh repository (with ``.git``), which is the working folder."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(out: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for d in json.loads(out)["diagnostics"]:
        found[d["code"]] = found.get(d["code"], 0) + 1
    return found


def test_yaml_config_selects_ignores_and_pins_today(repo: Path) -> None:
    (repo / ".ocopctl.yaml").write_text("today: 1/1/2026\nselect: [OC1, OC3]\nignore: [OC311]\nformat: json\n")
    code, out = run("validate")
    assert set(codes(out)) == {"OC110", "OC112", "OC113", "OC303", "OC310"}
    assert code == 1


def test_pyproject_section_is_found_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "pyproject.toml").write_text('[tool.ocopctl]\ntoday = 2026-01-01\nformat = "json"\n'
                                         'severity = {OC110 = "warning", OC113 = "info"}\n'
                                         'per-file-ignores = {"plans/hoa-binh/*" = ["OC2"]}\n')
    monkeypatch.chdir(repo / "plans")
    code, out = run("validate", "hoa-binh", "ha-noi")
    found = json.loads(out)["diagnostics"]
    assert not [d for d in found if d["code"].startswith("OC2")]
    assert {d["severity"] for d in found if d["code"] == "OC110"} == {"warning"}
    assert {d["severity"] for d in found if d["code"] == "OC113"} == {"info"}
    assert code == 0  # nothing left at error


def test_command_line_wins_over_the_file(repo: Path) -> None:
    (repo / ".ocopctl.yaml").write_text("format: json\nstrict: true\ntoday: 2026-01-01\n")
    code, out = run("validate", "--format", "text", "--no-strict", "plans/hai-duong/2021-32-kh-ubnd-thanh-ha.yaml")
    assert code == 0 and "2 warnings" in out and not out.startswith("{")


def test_unknown_key_is_one_line_with_did_you_mean(repo: Path) -> None:
    (repo / ".ocopctl.yaml").write_text("selct: [OC1]\n")
    code, out = run("validate")
    assert code == 2
    assert out.strip() == (f"ocopctl: {repo / '.ocopctl.yaml'}: unknown key 'selct'; did you mean 'select'?")


@pytest.mark.parametrize(("text", "message"), [
    ("ignore: [OC99]\n", "ignore: 'OC99' is not a code or prefix"),
    ("severity: {OC5055: info}\n", "severity: 'OC5055' is not a code; did you mean 'OC505'?"),
    ("severity: {OC001: info}\n", "severity: OC001 means a file could not be read"),
    ("today: 31/02/2018\n", "today: '31/02/2018' is not a date"),
    ("expiry-window-days: -1\n", "expiry-window-days: Input should be greater than or equal to 0"),
    ("format: xml\n", "format: Input should be"),
    ("- a list\n", "the configuration must be a mapping"),
])
def test_bad_values_are_one_line(repo: Path, text: str, message: str) -> None:
    (repo / ".ocopctl.yaml").write_text(text)
    code, out = run("validate")
    assert code == 2 and message in out and out.count("\n") == 1


def test_isolated_and_explicit_config(repo: Path, tmp_path: Path) -> None:
    (repo / ".ocopctl.yaml").write_text("selct: [OC1]\n")
    assert run("validate", "--isolated", "--today", "2026-01-01", "-q")[0] == 1
    other = repo / "ci.yaml"
    other.write_text("ignore: [OC1, OC4]\ntoday: 2026-01-01\n")
    code, out = run("validate", "--config", str(other), "-q")
    assert code == 0 and out.startswith("0 errors")


def test_config_command_says_where_each_value_comes_from(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.ocopctl]\nexpiry_window_days = 30\nlang = 'vi'\n")
    code, out = run("config")
    assert code == 0
    assert f"# configuration file: {repo / 'pyproject.toml'}" in out
    assert f"expiry-window-days = 30    # {repo / 'pyproject.toml'} [tool.ocopctl]" in out
    assert 'paths              = ["plans"]    # default' in out


def test_expiry_window_reaches_the_check(repo: Path) -> None:
    # The sample products' certificates lapse in 2028: 10 days' window says nothing on 2028-01-01, 3000 days warns.
    sample = "plans/hai-duong/products-2025-dot-1-sample.yaml"
    (repo / ".ocopctl.yaml").write_text("expiry-window-days: 3000\nformat: json\ntoday: 2026-01-01\n")
    assert "OC504" in codes(run("validate", sample)[1])
    (repo / ".ocopctl.yaml").write_text("expiry-window-days: 1\nformat: json\ntoday: 2026-01-01\n")
    assert "OC504" not in codes(run("validate", sample)[1])


def test_dates_in_either_form(repo: Path) -> None:
    a = run("validate", "--today", "15/10/2018", "--format", "json")[1]
    b = run("validate", "--today", "2018-10-15", "--format", "json")[1]
    assert a == b
    code, out = run("validate", "--today", "15/10/2300")
    assert code == 2 and "outside the dates ocopctl reads" in out
