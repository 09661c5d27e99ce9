"""The command line: wiring, exit codes and formats."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ocopctl.cli import app

CASES = Path(__file__).parents[1] / "cases"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    argv = list(args)
    if argv[0] == "validate" and "--today" not in argv:
        argv[1:1] = ["--today", "2018-09-01"]  # before the cases' deadlines: the clock is an input
    result = runner.invoke(app, argv)
    return result.exit_code, result.output


def test_clean_repository_exits_0() -> None:
    code, out = invoke("validate", str(CASES / "_base"), str(CASES / "OC110/pass-matching-back-reference"))
    assert code == 0
    assert "0 errors, 0 warnings, 0 infos in 0 of 2 files" in out


def test_errors_exit_1_with_path_line_column() -> None:
    code, out = invoke("validate", str(CASES / "_base"), str(CASES / "OC110/fail-wrong-date"))
    assert code == 1
    assert "fail-wrong-date/plan.yaml:16:21" in out and "OC110" in out


def test_warnings_fail_only_with_strict() -> None:
    case = [str(CASES / "_base"), str(CASES / "OC201/fail-no-lead")]
    assert invoke("validate", *case)[0] == 0
    assert invoke("validate", "--strict", *case)[0] == 1


def test_unreadable_input_exits_2() -> None:
    code, out = invoke("validate", str(CASES / "OC001/fail-unclosed-list"))
    assert code == 2 and "OC001" in out
    code, out = invoke("validate", "no/such/folder")
    assert code == 2 and "does not exist" in out


def test_bad_option_value_exits_2_in_one_line() -> None:
    code, out = invoke("validate", "--today", "yesterday", str(CASES / "_base"))
    assert code == 2
    assert out.strip().count("\n") == 0 and "--today" in out


def test_json_format_is_stable() -> None:
    code, out = invoke("validate", "--format", "json", str(CASES / "_base"), str(CASES / "OC113/fail-490-wrong-date"))
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["summary"] == {"files": 2, "files_with_findings": 1, "errors": 1, "warnings": 0, "infos": 0}
    [d] = doc["diagnostics"]
    assert set(d) == {"code", "severity", "path", "line", "column", "field", "message", "hint", "message_en", "hint_en"}
    assert (d["code"], d["severity"], d["line"], d["column"], d["field"]) == ("OC113", "error", 12, 5, "legal_bases[0]")
    assert "9/5/2018" in d["message"] and "7/5/2018" in d["message"]


def test_github_format() -> None:
    case = str(CASES / "OC202/fail-lead-in-support")
    code, out = invoke("validate", "--format", "github", str(CASES / "_base"), case)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("::warning file=")
    assert ",line=26,col=34,title=OC202 lead-also-support::" in first


def test_checks_lists_every_code() -> None:
    code, out = invoke("checks")
    assert code == 0
    for c in ("OC001", "OC110", "OC204"):
        assert c in out


def test_schema_check_detects_stale(tmp_path: Path) -> None:
    assert invoke("schema", "--check", "-o", str(tmp_path))[0] == 1
    assert invoke("schema", "-o", str(tmp_path))[0] == 0
    assert invoke("schema", "--check", "-o", str(tmp_path))[0] == 0
    (tmp_path / "document.schema.json").write_text("{}")
    code, out = invoke("schema", "--check", "-o", str(tmp_path))
    assert code == 1 and "document.schema.json" in out


def test_committed_schemas_are_current() -> None:
    schemas = Path(__file__).parents[2] / "schemas"
    code, out = invoke("schema", "--check", "-o", str(schemas))
    assert code == 0, f"run 'ocopctl schema' to refresh: {out}"


def test_a_missing_path_is_named_without_a_made_up_position(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "không-có")])
    assert result.exit_code == 2
    assert ":0:0" not in result.output and "in 0 of 0 files" in result.output
