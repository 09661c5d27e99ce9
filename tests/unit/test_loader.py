"""The YAML door: traps, bad input and positions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ocopctl.loader import _parse, discover, dump_yaml, load_file
from ocopctl.models import AgencyRegistry, Document

DOC = """kind: document
id: t/1
type: Kế hoạch
number: 1/KH-UBND
issuer: x
province: P
place: P
date: {date}
title: {title}
period: 2018
annexes:
  - title: NGÂN SÁCH
    tables:
      - kind: budget
        unit: triệu đồng
        years: [2018, 2019]
        rows:
          - label: A
            values:
              - 1.330
              - 75,4
            total: 1.405,4
            share: '-'
"""


def write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def test_vietnamese_numbers_are_not_yaml_floats(tmp_path: Path) -> None:
    f = load_file(write(tmp_path, DOC.format(date="2018-08-17", title="t")))
    assert f.diagnostics == []
    assert isinstance(f.model, Document)
    row = f.model.annexes[0].tables[0].rows[0]  # type: ignore[union-attr]
    assert row.values == [Decimal(1330), Decimal("75.4")]
    assert row.total == Decimal("1405.4") and row.share == 0


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "2018", "1.5", "null"])
def test_text_fields_keep_what_was_written(tmp_path: Path, word: str) -> None:
    f = load_file(write(tmp_path, DOC.format(date="2018-08-17", title=f"'{word}'" if word == "null" else word)))
    assert isinstance(f.model, Document)
    assert f.model.title == word


@pytest.mark.parametrize("written", ["2018-08-17", "17/8/2018", "17/08/2018", "'2018-08-17'"])
def test_dates_read_as_meant(tmp_path: Path, written: str) -> None:
    f = load_file(write(tmp_path, DOC.format(date=written, title="t")))
    assert isinstance(f.model, Document)
    assert f.model.date.isoformat() == "2018-08-17"


def test_nfd_text_is_normalised(tmp_path: Path) -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "kind: agencies\nprovince: Hải Phòng\n")
    f = load_file(write(tmp_path, text))
    assert isinstance(f.model, AgencyRegistry)
    assert f.model.province == "Hải Phòng"


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [(b"", "OC003", 1), (b"# only a comment\n", "OC003", 1), (b"kind: [\n", "OC001", 2),
     (b"kind: agencies\n\xff\xfe\n", "OC002", 2), (b"kind: agencies\n---\nkind: agencies\n", "OC001", 2),
     (b"kind: agencies\nkind: agencies\n", "OC008", 2), (b"just text\n", "OC003", 1),
     (b"kind: agencies\nx: *nope\n", "OC001", 2)],
)
def test_bad_input_is_a_located_diagnostic(tmp_path: Path, content: bytes, code: str, line: int) -> None:
    f = load_file(write(tmp_path, content))
    assert [d.code for d in f.diagnostics] == [code]
    d = f.diagnostics[0]
    if d.line is None:
        f.locate(d)
    assert d.line == line
    assert d.hint or d.code in ("OC001",)


def test_decimal_comma_in_a_flow_list_is_caught(tmp_path: Path) -> None:
    text = DOC.format(date="2018-08-17", title="t").replace(
        "            values:\n              - 1.330\n              - 75,4\n", "            values: [1.330, 75,4]\n")
    f = load_file(write(tmp_path, text))
    [d] = f.diagnostics
    assert d.code == "OC009" and "75,4" in d.message
    assert (d.line, d.column) == (19, 29)


def test_unknown_key_suggests_the_field(tmp_path: Path) -> None:
    f = load_file(write(tmp_path, "kind: agencies\nprovince: P\nagencies:\n  - {id: a, nme: X, level: tỉnh}\n"))
    codes = {d.code: d for d in f.diagnostics}
    assert codes["OC006"].hint == "did you mean 'name'?"
    f.locate(codes["OC006"])
    assert (codes["OC006"].line, codes["OC006"].column) == (4, 13)


def test_literal_suggests_the_value(tmp_path: Path) -> None:
    f = load_file(write(tmp_path, "kind: agencies\nprovince: P\nagencies:\n  - {id: a, name: X, level: tinh}\n"))
    [d] = f.diagnostics
    assert d.code == "OC005" and d.hint == "did you mean 'tỉnh'?"


def test_discover_reports_missing_and_empty_paths(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    files, problems = discover([tmp_path / "missing", tmp_path / "empty"])
    assert files == []
    assert [p.code for p in problems] == ["OC004", "OC004"]


def test_discover_skips_hidden_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "kind: agencies\n", ".git/x.yaml")
    write(tmp_path, "kind: agencies\n", "a.yml")
    files, problems = discover([tmp_path])
    assert [f.name for f in files] == ["a.yml"] and problems == []


YAMLISH = st.text(alphabet="kind:documentagencies -[]{}'\",&*!|>#\n\t 0123456789.ÂĐđạ", max_size=120)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(YAMLISH.map(str.encode), st.binary(max_size=80)))
def test_no_input_makes_the_loader_raise(tmp_path: Path, content: bytes) -> None:
    f = load_file(write(tmp_path, content))
    for d in f.diagnostics:
        f.locate(d)
        assert d.line is not None and d.line >= 1
    assert f.model is not None or f.diagnostics


# Vietnamese letters and everything that means something to YAML.
_TEXT = st.text(st.sampled_from(list("aăâđeêoôơuưyAĐQ ạảãáàệộ019.,:-#'\"!&*?|>%@`{}[]~\n\t\\")), max_size=12)
_PLAIN = st.recursive(
    _TEXT | st.sampled_from(["2018", "yes", "off", "1.330", "~", "null", "- x", "a: b", "x #y", "2018-08-17", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT.filter(bool), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(_TEXT.filter(bool), _PLAIN, min_size=1, max_size=4))
def test_written_yaml_reads_back_as_the_same_text(data: dict[str, object]) -> None:
    """What ocopctl writes (import), ocopctl reads back unchanged: no YAML trap turns text into a value."""
    text = dump_yaml(data)
    assert _parse(text)[0] == data
    for version in ((1, 1), (1, 2)):  # editors and other tools resolve types: they must see text too
        reader = YAML(typ="safe", pure=True)
        reader.version = version
        assert reader.load(text) == data

