"""Numbers at the loader's door: digits are bounded where Vietnamese numbers are read."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocopctl import api, vn
from ocopctl.cli import app
from ocopctl.limits import NUMBER_DIGITS
from ocopctl.loader import load_file

HEAD = """kind: document
id: t/1
type: Kế hoạch
number: 1/KH-UBND
issuer: x
province: P
place: P
date: 2018-08-17
title: t
period: 2018
"""


def write(tmp_path: Path, text: str, name: str = "f.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_number_digits_are_bounded() -> None:
    limit = NUMBER_DIGITS.value
    assert vn.parse_vn_number("9" * limit) == Decimal("9" * limit)
    assert vn.parse_vn_number("1." + ".".join(["000"] * ((limit - 1) // 3))) == 10 ** (3 * ((limit - 1) // 3))
    with pytest.raises(ValueError, match="41 digits"):
        vn.parse_vn_number("9" * (limit + 1))
    started = time.perf_counter()
    with pytest.raises(ValueError, match="1,000,000 digits") as caught:
        vn.parse_vn_number("9" * 1_000_000)
    assert time.perf_counter() - started < 1 and len(str(caught.value)) < 200


def test_a_million_digit_budget_cell_is_a_located_finding(tmp_path: Path) -> None:
    text = HEAD + ("annexes:\n  - title: NGÂN SÁCH\n    tables:\n      - kind: budget\n        unit: triệu đồng\n"
                   "        years: [2018, 2019]\n        rows:\n          - label: A\n"
                   f"            values: [{'9' * 1_000_000}, 1]\n            total: 1\n")
    result = api.validate([write(tmp_path, text)])  # was decimal.Overflow in the budget check
    [d] = [d for d in result.diagnostics if d.code == "OC005"]
    assert "1,000,000 digits" in d.message and (d.line, d.column) == (19, 22) and len(d.message) < 300


@pytest.mark.parametrize(("field", "value"), [("years", "[2018, " + "9" * 10_000 + "]"),
                                              ("years", "[" + "2" * 4_000 + "]")])
def test_long_whole_numbers_are_a_finding(tmp_path: Path, field: str, value: str) -> None:
    text = HEAD + ("annexes:\n  - title: NGÂN SÁCH\n    tables:\n      - kind: budget\n        unit: triệu đồng\n"
                   f"        {field}: {value}\n")
    [d] = load_file(write(tmp_path, text)).diagnostics
    assert d.code == "OC005" and "digits" in d.message and len(d.message) < 300


def test_a_header_cannot_span_a_billion_columns(tmp_path: Path) -> None:
    text = HEAD + ("annexes:\n  - title: BẢNG\n    tables:\n      - kind: generic\n"
                   "        header: [[{text: A, colspan: 1000000000}]]\n")
    [d] = load_file(write(tmp_path, text)).diagnostics
    assert d.code == "OC005" and "colspan" in d.field_path


runner = CliRunner()


@pytest.mark.parametrize(("stars", "says"), [("{5: " + "9" * 1_000_000 + "}", "1,000,000 digits"),
                                             ("{" + "9" * 1000 + ": 30}", "write 1 to 5"),
                                             ("{x: 30}", "write 1 to 5")])
def test_a_reward_rule_with_a_huge_number_is_one_line(tmp_path: Path, stars: str, says: str) -> None:
    rule = write(tmp_path, f"stars: {stars}\n", "rule.yaml")
    result = runner.invoke(app, ["rewards", "--rule", str(rule), str(tmp_path / "plans")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ocopctl: ") and says in lines[0] and len(lines[0]) < 300




@pytest.mark.parametrize("value", [10**50, Decimal("1E+999999"), Decimal("1E-60"), 1e300])
def test_numbers_that_come_as_numbers_are_bounded_too(value: object) -> None:
    """Import hands spreadsheet cells to the models as numbers, not text."""
    from pydantic import ValidationError

    from ocopctl.models import Money

    assert Money.model_validate({"amount": 10**39}).amount == 10**39
    with pytest.raises(ValidationError, match="digits"):
        Money.model_validate({"amount": value})
