"""The CI formats (sarif, junit, markdown, github) say their findings and summary in the language in
force; SARIF keeps its rule ids and carries the English text of each finding beside it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from ocopctl import api, formatters, i18n
from ocopctl.api import ValidationResult
from ocopctl.checks import Context
from ocopctl.formatters import ci

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CASES = ROOT / "tests" / "cases"


@pytest.fixture
def result() -> ValidationResult:
    """One warning with a hint (OC201) and one schema error (OC005)."""
    return api.validate([CASES / "_base", CASES / "OC201" / "fail-no-lead", CASES / "OC005" / "fail-wrong-types"],
                        Context(today=date(2018, 9, 1)))


@pytest.fixture
def vietnamese() -> Iterator[None]:
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def test_sarif_in_vietnamese_carries_the_english(result: ValidationResult, vietnamese: None) -> None:
    doc = json.loads(ci.to_sarif(result))
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [d.code for d in result.diagnostics]
    for r, d in zip(results, result.diagnostics, strict=True):
        assert r["message"]["text"].startswith(d.message.localized("vi"))
        assert r["properties"]["message_en"] == str(d.message)
        assert r["properties"].get("hint_en") == (None if d.hint is None else str(d.hint))
    lead = next(r for r in results if r["ruleId"] == "OC201")
    assert "chưa có cơ quan chủ trì" in lead["message"]["text"] and "(gợi ý: " in lead["message"]["text"]


def test_sarif_in_english_is_english(result: ValidationResult) -> None:
    results = json.loads(ci.to_sarif(result))["runs"][0]["results"]
    lead = next(r for r in results if r["ruleId"] == "OC201")
    assert "has no lead agency" in lead["message"]["text"] and "(hint: " in lead["message"]["text"]


def test_junit_and_markdown_in_vietnamese(result: ValidationResult, vietnamese: None) -> None:
    junit = ci.to_junit(result)
    ET.fromstring(junit)  # well-formed
    assert "chưa có cơ quan chủ trì" in junit and "phát hiện: OC005" in junit and "has no lead" not in junit
    markdown = ci.to_markdown(result)
    assert "| mức độ | số phát hiện |" in markdown and "| lỗi | " in markdown
    assert "chưa có cơ quan chủ trì" in markdown and "lỗi" in markdown.split("\n")[2]


def test_github_in_vietnamese(result: ValidationResult, vietnamese: None) -> None:
    out = formatters.to_github(result)
    assert "chưa có cơ quan chủ trì" in out and "title=OC201 task-without-lead" in out
    assert out.splitlines()[-1].startswith("ocopctl: ") and "lỗi" in out.splitlines()[-1]
