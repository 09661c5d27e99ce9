"""sarif (checked against the SARIF 2.1.0 schema, shipped in tests/data), junit, markdown and --output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from ocopctl.checks import all_checks
from ocopctl.cli import app

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "--today", "2026-01-01", *args])
    return result.exit_code, result.output


def test_sarif_is_valid_sarif_2_1_0_with_rule_help() -> None:
    code, out = run("--format", "sarif")
    assert code == 1
    doc = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    [run_] = doc["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.code for c in all_checks()]
    assert all(r["help"]["text"] for r in rules)
    results = run_["results"]
    assert len(results) == 41
    first = results[0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        .startswith("plans/")


def test_sarif_of_a_missing_path_and_of_suppressed_findings_is_valid(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "p.yaml"
    plan.parent.mkdir()
    plan.write_text("# ocopctl: ignore-file[OC303] not printed\n"
                    + (ROOT / "tests/cases/OC303/fail-no-timeframe/plan.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    out = run("--format", "sarif", str(ROOT / "tests/cases/_base"), str(plan), str(tmp_path / "missing"))[1]
    doc = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    results = doc["runs"][0]["results"]
    assert [r["suppressions"] for r in results if "suppressions" in r] == [[{"kind": "inSource"}]]
    assert any("region" not in r["locations"][0]["physicalLocation"] for r in results)  # OC004 has no line


def test_junit_has_one_testcase_per_file() -> None:
    code, out = run("--format", "junit")
    assert code == 1
    suites = ET.fromstring(out)
    cases = suites.findall("./testsuite/testcase")
    assert len(cases) == 20 and suites.get("tests") == "20"
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {"plans/ha-noi/2022-145-kh-ubnd.yaml", "plans/hai-phong/2018-192-kh-ubnd.yaml",
                      "plans/hoa-binh/2018-125-kh-ubnd.yaml"}
    assert suites.get("failures") == "3"
    strict = ET.fromstring(run("--format", "junit", "--strict")[1])
    assert strict.get("failures") == "5"


def test_markdown_counts_then_folds_past_fifty() -> None:
    out = run("--format", "markdown")[1]
    assert out.startswith("## ocopctl validate\n\n**3 errors, 32 warnings, 6 infos in 5 of 20 files**")
    assert "| OC401 | budget-total-rounding | warning | 13 |" in out
    assert "### `plans/hai-phong/2018-192-kh-ubnd.yaml`" in out
    assert "<details><summary>" not in out.split("OC401 | 2,")[0]  # the first 50 are open


def test_markdown_folds(tmp_path: Path) -> None:
    from ocopctl import api
    from ocopctl.diagnostics import Diagnostic, Severity
    from ocopctl.formatters.ci import to_markdown

    diags = [Diagnostic("OC303", Severity.WARNING, f"plans/p{i // 10}.yaml", f"finding {i} | a pipe", line=i + 1)
             for i in range(60)]
    out = to_markdown(api.ValidationResult([], diags))
    head, folded = out.split("<details><summary>10 more findings</summary>")
    assert head.count("finding ") == 50 and folded.count("finding ") == 10 and "finding 0 \\| a pipe" in head


@pytest.mark.parametrize("format", ["text", "json", "github", "sarif", "junit", "markdown"])
def test_output_file_for_every_format(tmp_path: Path, format: str) -> None:
    target = tmp_path / f"out.{format}"
    code, out = run("--format", format, "--output", str(target))
    assert code == 1 and out == f"wrote {target}\n"
    text = target.read_text(encoding="utf-8")
    if format != "text":
        assert text == run("--format", format)[1]
    else:
        assert "\x1b[" not in text and "plans/hai-phong/2018-192-kh-ubnd.yaml:572:21" in text


def test_output_is_never_an_input() -> None:
    code, out = run("--output", "plans/ha-noi/2022-145-kh-ubnd.yaml")
    assert code == 2 and out.startswith("ocopctl: ")
