"""Documentation in two languages that must not drift apart.

The Vietnamese encoding guide (docs/huong-dan-ma-hoa.md) is docs/encoding.md for the officers who
encode documents: both name the same YAML fields and their YAML examples read as the same data.
The README's Vietnamese quick start gives the English Quick start's set-up commands, character for
character, and only everyday commands the English README documents. CI (.ci/run) reads the test
command from the line after ``<!-- test-command -->``: there is exactly one such marker.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ocopctl.loader import _parse

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
ENCODING = ROOT / "docs" / "encoding.md"
HUONG_DAN = ROOT / "docs" / "huong-dan-ma-hoa.md"

MARKER = "<!-- test-command -->"
FENCE = re.compile(r"^(?P<indent>[ ]*)```(?P<lang>[\w-]*)[ ]*\n(?P<body>.*?)^(?P=indent)```[ ]*$", re.M | re.S)
CODE_SPAN = re.compile(r"`([^`]+)`")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): ")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def fenced(text: str, lang: str | None = None) -> list[str]:
    """The bodies of the fenced code blocks (indented ones dedented), of one language if given."""
    return [textwrap.dedent(m["body"]) for m in FENCE.finditer(text) if lang is None or m["lang"] == lang]


def prose(text: str) -> str:
    return FENCE.sub("", text)


def yaml_keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in yaml_keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in yaml_keys(v)}
    return set()


def field_names(text: str) -> set[str]:
    """Backticked identifiers (`lead`, `part_of`, `Target`) and keys (`status: archived`) in the prose,
    and every key of the YAML examples."""
    names: set[str] = set()
    for span in CODE_SPAN.findall(prose(text)):
        span = " ".join(span.split())
        if IDENTIFIER.fullmatch(span):
            names.add(span)
        elif key := KEY.match(span):
            names.add(key[1])
    for block in fenced(text, "yaml"):
        names |= {k for k in yaml_keys(_parse(block)[0]) if isinstance(k, str)}
    return names


def loaded(block: str) -> tuple[Any, list[str]]:
    data, findings = _parse(block)
    return data, [f"{f.code} {f.message}" for f in findings]


# --- the Vietnamese encoding guide ------------------------------------------------------------------


def test_the_two_encoding_guides_link_to_each_other() -> None:
    assert "(huong-dan-ma-hoa.md)" in read(ENCODING)
    assert "(encoding.md)" in read(HUONG_DAN)


def test_the_two_encoding_guides_name_the_same_fields() -> None:
    english, vietnamese = field_names(read(ENCODING)), field_names(read(HUONG_DAN))
    assert {"lead", "support", "timeframe", "part_of", "status", "back_reference"} <= english
    assert sorted(english - vietnamese) == [], "named in encoding.md only"
    assert sorted(vietnamese - english) == [], "named in huong-dan-ma-hoa.md only"


def test_the_two_encoding_guides_have_the_same_yaml_examples() -> None:
    """Comments may be translated; the data of every example, and what the loader says of it, may not."""
    english, vietnamese = fenced(read(ENCODING), "yaml"), fenced(read(HUONG_DAN), "yaml")
    assert len(english) >= 8
    assert len(vietnamese) == len(english)
    for n, (en, vi) in enumerate(zip(english, vietnamese, strict=True), 1):
        assert loaded(vi) == loaded(en), f"YAML example {n} differs"


def test_field_names_are_backticked_identifiers_keys_and_yaml_keys() -> None:
    text = ("`lead` and `part_of: x` but not `OC5 prefixes`, `lưu trữ` or plain words\n"
            "```yaml\nkind: document\nbody:\n  - {title: T, tasks: []}\n```\n`tasks`\n")
    assert field_names(text) == {"lead", "part_of", "kind", "body", "title", "tasks"}


def test_the_yaml_examples_are_read_with_their_indentation_and_comments_do_not_count() -> None:
    text = "- a:\n  ```yaml\n  x: 1   # one\n  ```\n"
    assert fenced(text, "yaml") == ["x: 1   # one\n"]
    assert loaded("x: 1   # one\n") == loaded("x: 1   # một\n") != loaded("x: 2\n")


# --- the README ---------------------------------------------------------------------------------------


def section(text: str, heading: str) -> str:
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## )", text, re.M | re.S)
    assert found is not None, f"README.md has no section '## {heading}'"
    return found[1]


def ci_test_command(text: str) -> str:
    """What .ci/run's ``sed -n '/<!-- test-command -->/{n;n;p;}'`` prints: the second line after the marker."""
    lines = text.split("\n")
    return lines[lines.index(MARKER) + 2]


def english_setup_commands(text: str) -> list[str]:
    quick = section(text, "Quick start")
    return [*(line for block in fenced(quick, "sh") for line in block.splitlines()), ci_test_command(text).strip()]


def vietnamese_setup_commands(text: str) -> list[str]:
    return [line for block in fenced(section(text, "Bắt đầu nhanh"), "sh") for line in block.splitlines()]


def test_readme_has_one_test_command_marker_and_ci_finds_the_command() -> None:
    text = read(README)
    assert text.count(MARKER) == 1
    assert ci_test_command(text).strip() == 'python -m pip install ".[test]" && python -m pytest -q'
    assert "<!-- test-command -->" in read(ROOT / ".ci" / "run")


def test_the_vietnamese_quick_start_gives_the_english_setup_commands() -> None:
    text = read(README)
    english = english_setup_commands(text)
    assert english == ["python -m pip install . && ocopctl validate plans/",
                       'python -m pip install ".[test]" && python -m pytest -q']
    assert vietnamese_setup_commands(text) == english


def test_the_drift_check_sees_a_changed_command() -> None:
    text = read(README).replace("python -m pip install . && ocopctl validate plans/",
                                "python -m pip install -e . && ocopctl validate plans/", 1)
    assert vietnamese_setup_commands(text) != english_setup_commands(text)


def test_the_vietnamese_quick_start_is_in_the_contents_line() -> None:
    text = read(README)
    contents = text[text.index("Contents:"):text.index("## Quick start")]
    assert "(#bắt-đầu-nhanh)" in contents


def everyday_commands(markdown: str) -> list[str]:
    """The first backticked command of every table row that starts with one."""
    return re.findall(r"^\| `(ocopctl [^`]*)`", markdown, re.M)


def test_the_vietnamese_everyday_commands_are_the_englishs() -> None:
    text = read(README)
    vietnamese = everyday_commands(section(text, "Bắt đầu nhanh"))
    assert [c.split()[1] for c in vietnamese] == ["validate", "report", "render"]
    assert set(vietnamese) <= set(everyday_commands(section(text, "Everyday commands")))


@pytest.mark.parametrize("choice", ["--lang vi", "lang: vi", "OCOPCTL_LANG", "LANG=vi_VN.UTF-8"])
def test_the_vietnamese_quick_start_says_how_to_choose_the_language(choice: str) -> None:
    assert choice in section(read(README), "Bắt đầu nhanh")
