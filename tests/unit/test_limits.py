"""The README's Limits table is the table in ocopctl/limits.py, value for value."""

from __future__ import annotations

import re
from pathlib import Path

from ocopctl import limits

README = Path(__file__).resolve().parents[2] / "README.md"


def _number(value: int) -> str:
    return f"{value:,}" if value >= 10_000 else str(value)  # years read as years


def limits_markdown() -> str:
    rows = ["| limit | value | what it bounds |", "|---|---|---|"]
    rows += [f"| `{name}` | {_number(limit.value)} | {limit.what} |" for name, limit in limits.table()]
    return "\n".join(rows) + "\n"


def test_readme_lists_every_limit_with_its_value() -> None:
    section = re.search(r"<!-- limits -->\n(.*?)<!-- /limits -->", README.read_text(encoding="utf-8"), re.S)
    assert section is not None, "README.md has no <!-- limits --> table"
    assert section[1] == limits_markdown(), "regenerate with: python tests/unit/test_limits.py"


def test_every_limit_is_positive_and_described() -> None:
    assert limits.table(), "no limits found"
    for name, limit in limits.table():
        assert limit.value > 0 and limit.what, name
    assert limits.YEAR_MIN.value < limits.YEAR_MAX.value


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- limits -->\n).*?(<!-- /limits -->)", lambda m: m[1] + limits_markdown() + m[2], text,
                 flags=re.S)
    README.write_text(new, encoding="utf-8")
