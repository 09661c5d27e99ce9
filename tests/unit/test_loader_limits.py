"""The loader under hostile input: depth, aliases, size, odd files, control characters, numbers,
floods of findings; and fuzzing with random YAML event streams and bytes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml.cyaml import CEmitter  # type: ignore[attr-defined]
from ruamel.yaml.emitter import EmitterError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from ocopctl import api, loader
from ocopctl.limits import DIAGNOSTICS_PER_CODE, YAML_ALIAS_NODES, YAML_DEPTH, Limit
from ocopctl.loader import discover, load_file, read_yaml
from ocopctl.models import Document

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


def write(tmp_path: Path, text: str | bytes, name: str = "f.yaml") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


def codes(path: Path) -> list[str]:
    return [d.code for d in load_file(path).diagnostics]


# --------------------------------------------------------------------------- depth


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_twenty_thousand_open_brackets_stop_at_the_depth_limit(tmp_path: Path, opening: str) -> None:
    n = 20_000
    closing = "]" if opening == "[" else "}"
    path = write(tmp_path, "kind: document\nx: " + opening * n + ("" if opening == "[" else "b") + closing * n + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    f = load_file(path)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [d] = f.diagnostics
    assert d.code == "OC017" and d.line == 2
    assert d.column == 4 + (YAML_DEPTH.value - 1) * len(opening)  # the first bracket past the limit
    assert peak < 20 * 1024 * 1024 and seconds < 2  # was 1.6 GB and 12 s


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    inside = YAML_DEPTH.value - 2  # the root mapping and the list under x
    f = load_file(write(tmp_path, "kind: document\nx: " + "[" * (inside + 1) + "]" * (inside + 1) + "\n"))
    assert "OC017" not in [d.code for d in f.diagnostics]
    f = load_file(write(tmp_path, "kind: document\nx: " + "[" * (inside + 2) + "]" * (inside + 2) + "\n"))
    assert [d.code for d in f.diagnostics] == ["OC017"]


# --------------------------------------------------------------------------- aliases


def laughs(levels: int) -> str:
    """The billion-laughs bomb, as sections that the model would validate one by one."""
    lines = [HEAD.rstrip("\n"), "body:", "  - &s0 {title: x}"]
    lines += [f"  - &s{i} {{sections: [{', '.join([f'*s{i - 1}'] * 10)}]}}" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_the_billion_laughs_are_refused_where_aliases_pass_the_limit(tmp_path: Path) -> None:
    started = time.perf_counter()
    f = load_file(write(tmp_path, laughs(10)))
    assert time.perf_counter() - started < 2  # was a hang at 2 GB
    [d] = f.diagnostics
    assert d.code == "OC018" and "*s4" in d.message
    # {title: x} is 3 values, so *s0 .. *s3 expand to 30 + 330 + 3,330 + 33,330, each *s4 to 33,333 more
    assert (d.line, d.column) == (17, 26)
    assert f.model is None


def test_aliases_up_to_the_limit_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Four levels expand to 30 + 330 + 3,330 + 33,330 = 37,020 values by aliases (a key is a value too).
    monkeypatch.setattr(loader, "YAML_ALIAS_NODES", Limit(37_020, "test"))
    f = load_file(write(tmp_path, laughs(5)))
    assert f.diagnostics == [] and isinstance(f.model, Document)
    monkeypatch.setattr(loader, "YAML_ALIAS_NODES", Limit(37_019, "test"))
    assert codes(write(tmp_path, laughs(5))) == ["OC018"]
    assert YAML_ALIAS_NODES.value > 37_020


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    f = load_file(write(tmp_path, HEAD + "body: &b\n  - sections: *b\n"))
    [d] = f.diagnostics
    assert d.code == "OC018" and (d.line, d.column) == (12, 15) and "endless" in d.message


# --------------------------------------------------------------------------- files that are not plan files


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as out:
        out.truncate(loader.YAML_FILE_BYTES.value + 1)  # sparse: nothing to read but zeros
    tracemalloc.start()
    f = load_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [d] = f.diagnostics
    assert d.code == "OC002" and "larger than" in d.message and peak < 10 * 1024 * 1024
    monkeypatch.setattr(loader, "YAML_FILE_BYTES", Limit(len(HEAD.encode()), "test"))  # the limit is inclusive
    assert codes(write(tmp_path, HEAD)) != ["OC002"]
    assert codes(write(tmp_path, HEAD + "x")) == ["OC002"]


def _load_within(path: Path, seconds: float = 5) -> loader.LoadedFile:
    box: list[loader.LoadedFile] = []
    worker = threading.Thread(target=lambda: box.append(load_file(path)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert box, f"loading {path} hangs"
    return box[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_one_line_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    found, problems = discover([tmp_path])
    assert found == [tmp_path / "pipe.yaml"] and problems == []
    [d] = _load_within(tmp_path / "pipe.yaml").diagnostics
    assert d.code == "OC002" and "FIFO" in d.message
    [d] = _load_within(tmp_path / "pipe.yaml").diagnostics  # named on the command line, too
    assert d.code == "OC002"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_a_reward_rule_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "rule.yaml")
    box: list[BaseException] = []

    def read() -> None:
        try:
            read_yaml(tmp_path / "rule.yaml")
        except loader.YamlProblem as exc:
            box.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(5)
    assert box and "FIFO" in str(box[0]), "reading a FIFO hangs"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_odd_files_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "device.yaml").symlink_to("/dev/zero")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to("nowhere")
    (tmp_path / "folder.yaml").mkdir()
    write(tmp_path, "kind: agencies\n", "folder.yaml/inside.yaml")
    found, problems = discover([tmp_path])
    assert problems == []
    assert sorted(p.name for p in found) == ["dangling.yaml", "device.yaml", "inside.yaml", "loop.yaml"]
    for path in found:
        diagnostics = _load_within(path).diagnostics
        if path.name != "inside.yaml":
            assert [(d.code, d.line) for d in diagnostics] == [("OC002", 1)], path
    assert "device" in _load_within(tmp_path / "device.yaml").diagnostics[0].message
    _found, problems = discover([tmp_path / "folder.yaml" / "missing.yaml"])
    assert [p.code for p in problems] == ["OC004"]


def test_folders_that_cannot_be_read_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "kind: agencies\n", "a.yaml")

    def denied(self: Path, pattern: str) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rglob", denied)
    found, problems = discover([tmp_path])
    assert found == [] and [(p.code, "Permission denied" in p.message) for p in problems] == [("OC004", True)]


# --------------------------------------------------------------------------- control characters


@pytest.mark.parametrize(("escape", "char"), [("\\x01", "U+0001"), ("\\x1b", "U+001B"), ("\\x7f", "U+007F"),
                                                ("\\x85", "U+0085"), ("\\x9f", "U+009F"), ("\\0", "U+0000"),
                                                ("\\f", "U+000C"), ("\\L", "U+2028"), ("\\uffff", "U+FFFF")])
def test_escaped_control_characters_are_refused_where_they_are(tmp_path: Path, escape: str, char: str) -> None:
    f = load_file(write(tmp_path, HEAD.replace("title: t", f'title: "Tiêu đề{escape}"')))
    [d] = f.diagnostics
    assert d.code == "OC019" and char in d.message and (d.line, d.column) == (9, 8)
    assert d.field_path == "title" and d.hint
    assert f.model is None and f.data is None  # no writer can meet it


def test_a_control_character_in_a_key_is_shown_escaped(tmp_path: Path) -> None:
    f = load_file(write(tmp_path, HEAD + '"ghi\\x01chú": x\n'))
    [d] = f.diagnostics
    assert d.code == "OC019" and d.field_path == "ghi\\u0001chú" and (d.line, d.column) == (11, 1)


def test_a_control_character_written_as_it_is_is_located(tmp_path: Path) -> None:
    [d] = load_file(write(tmp_path, HEAD.replace("title: t", "title: t\x01"))).diagnostics
    assert d.code == "OC019" and "U+0001" in d.message and (d.line, d.column) == (9, 9)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\U0000d800", "\\ud83d\\ude00"])
def test_lone_surrogates_cannot_get_in(tmp_path: Path, escape: str) -> None:
    f = load_file(write(tmp_path, HEAD.replace("title: t", f'title: "t{escape}"')))
    assert [d.code for d in f.diagnostics] == ["OC001"] and f.model is None


def test_tab_and_line_feed_escapes_are_text(tmp_path: Path) -> None:
    f = load_file(write(tmp_path, HEAD.replace("title: t", 'title: "a\\tb\\nc\\u00a0d"')))
    assert f.diagnostics == [] and isinstance(f.model, Document) and f.model.title == "a\tb\nc\u00a0d"


def test_a_rule_with_a_control_character_is_refused(tmp_path: Path) -> None:
    with pytest.raises(loader.YamlProblem, match="U\\+0001"):
        read_yaml(write(tmp_path, 'unit: "triệu\\x01"\nstars: {5: 30}\n'))


# --------------------------------------------------------------------------- floods of findings


def test_findings_past_the_limit_are_counted_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = 5_000
    calls = []
    real = loader.difflib.get_close_matches
    monkeypatch.setattr(loader.difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    path = write(tmp_path, "kind: agencies\nprovince: P\n" + "".join(f"k{i}: v\n" for i in range(n)))
    result = api.validate([path])
    limit = DIAGNOSTICS_PER_CODE.value
    assert [d.code for d in result.diagnostics] == ["OC006"] * (limit + 1)
    summary = result.diagnostics[-1]
    assert summary.message == f"… and {n - limit:,} more OC006 findings in this file"
    assert summary.line == result.diagnostics[-2].line == limit + 2
    assert result.count(summary.severity) == n
    assert len(calls) <= limit  # no did-you-mean lookup past the limit


def test_the_limit_holds_for_findings_of_checks(tmp_path: Path) -> None:
    tasks = "".join(f"      - id: t{i}\n        title: Việc {i}\n        timeframe: 2018\n" for i in range(150))
    result = api.validate([write(tmp_path, HEAD + "body:\n  - title: Nhiệm vụ\n    tasks:\n" + tasks)])
    no_lead = [d for d in result.diagnostics if d.code == "OC201"]  # a task without a lead
    assert len(no_lead) == DIAGNOSTICS_PER_CODE.value + 1
    assert [d.message for d in no_lead if d.message.startswith("…")] == ["… and 50 more OC201 findings in this file"]
    assert result.count(no_lead[0].severity) >= 150


# VmHWM, not ru_maxrss: Linux carries the forking parent's peak into a child's ru_maxrss across
# exec, so a test run from a large pytest process would measure pytest.
_MEASURE = """
import sys
from pathlib import Path
from ocopctl.loader import load_file
f = load_file(Path(sys.argv[1]))
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(len(f.diagnostics), f.omitted.get("OC005", 0), peak)
"""


def test_a_flood_of_schema_errors_stays_small(tmp_path: Path) -> None:
    """50,000 empty agencies fail three times each: in one call pydantic would hold 150,000 errors
    (265 MB before; 100,000 agencies took 486 MB)."""
    path = write(tmp_path, "kind: agencies\nagencies:\n" + "  - {}\n" * 50_000)
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True)
    kept, omitted, peak_kib = map(int, out.stdout.split())
    assert kept == DIAGNOSTICS_PER_CODE.value and kept + omitted == 150_000
    assert peak_kib < 150 * 1024, f"{peak_kib // 1024} MiB"


MIXED = HEAD + """issuer_lines: [{a: b}, x]
body:
  - title: {a: b}
    text:
      - {text: Mục tiêu, targets: [{value: x, unit: y}, {unit: z}]}
      - [a list]
      - {}
      - {text: a, nope: b}
    tasks:
      - {id: "bad id", title: T, budget: {amount: 1.2.3, unit: đô}}
      - {id: t2, title: T, progress: [{date: 31/2/2018, state: xong}]}
annexes:
  - title: A
    tables:
      - kind: generic
        header: [[{text: A, colspan: 0}, [x], {}], x]
      - kind: budjet
      - {}
"""


def test_findings_past_the_limit_are_counted_as_they_would_be_listed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MIXED)
    listed = Counter(d.code for d in load_file(path).diagnostics)
    assert sum(listed.values()) > 15 and set(listed) == {"OC005", "OC006", "OC013"}
    monkeypatch.setattr(loader, "DIAGNOSTICS_PER_CODE", Limit(0, "test"))  # nothing listed, everything counted
    f = load_file(path)
    assert f.diagnostics == [] and f.omitted == dict(listed)


def test_long_lists_validate_in_pieces_to_the_same_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_DIRECT_CHARS", 0)  # no file in one call
    rows = "".join(f"          - label: R{i}\n            values: ['1.330', '75,4']\n" for i in range(3_000))
    text = HEAD + ("annexes:\n  - title: NGÂN SÁCH\n    tables:\n      - kind: budget\n        unit: triệu đồng\n"
                   "        years: [2018, 2019]\n        rows:\n" + rows)
    f = load_file(write(tmp_path, text))
    assert f.diagnostics == [] and isinstance(f.model, Document)
    table = f.model.annexes[0].tables[0]
    assert len(table.rows) == 3_000  # type: ignore[union-attr]
    assert table.rows[2_999].values == [Decimal(1330), Decimal("75.4")]  # type: ignore[union-attr]
    bad = text.replace("label: R2500\n", "label: R2500\n            lable: x\n").replace(
        "label: R10\n", "label: R10\n            total: x\n", 1)
    f = load_file(write(tmp_path, bad))
    assert f.model is None
    found = sorted((d.code, d.field_path) for d in f.diagnostics)
    assert found == [("OC005", "annexes[0].tables[0].rows[10].total"),
                     ("OC006", "annexes[0].tables[0].rows[2500].lable")]
    assert [d.hint for d in f.diagnostics if d.code == "OC006"] == ["did you mean 'label'?"]


# --------------------------------------------------------------------------- fuzzing

_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    list("\x00\x01\t\n\r\x7f\x85\u2028\ufeffđĐạ:-#[]{},&*!|>'\"%@` "))
_TEXT = st.text(_CHARS, max_size=12)
_NAMES = st.sampled_from(["a", "b", "c"])
_STYLES = st.sampled_from([None, "'", '"', "|", ">"])


@st.composite
def _scalar(draw: Any) -> list[Any]:
    anchor = draw(st.none() | _NAMES)
    return [ScalarEvent(anchor, None, (True, True), draw(_TEXT), style=draw(_STYLES))]


def _container(start: Any, end: Any, pairs: bool) -> Any:
    def build(children: list[list[Any]], anchor: str | None, flow: bool) -> list[Any]:
        if pairs and len(children) % 2:
            children = children[:-1]
        return [start(anchor, None, True, flow_style=flow), *(e for c in children for e in c), end()]
    return build


_NODE = st.recursive(
    _scalar() | _NAMES.map(lambda name: [AliasEvent(name)]),
    lambda inner: st.builds(_container(SequenceStartEvent, SequenceEndEvent, False),
                            st.lists(inner, max_size=5), st.none() | _NAMES, st.booleans())
    | st.builds(_container(MappingStartEvent, MappingEndEvent, True),
                st.lists(inner, max_size=6), st.none() | _NAMES, st.booleans()),
    max_leaves=25,
)
_KIND = st.sampled_from(["document", "agencies", "products", "annex", "progress", "issuance", "x"])


def _emit(events: list[Any]) -> str:
    out = io.StringIO()
    emitter = CEmitter(out, allow_unicode=True)
    for event in [StreamStartEvent(), DocumentStartEvent(explicit=False), *events,
                  DocumentEndEvent(explicit=False), StreamEndEvent()]:
        emitter.emit(event)
    return out.getvalue()


def _check(f: loader.LoadedFile) -> None:
    assert f.model is not None or f.diagnostics
    for d in f.diagnostics:
        f.locate(d)
        assert d.line is not None and d.line >= 1 and d.column is not None and d.column >= 1
        assert "\n" not in d.message
    if f.data is not None:  # what the loader hands on holds no control character
        assert not loader._CONTROL.search(_strings(f.data))


def _strings(data: Any) -> str:
    if isinstance(data, dict):
        return "".join(k + _strings(v) for k, v in data.items())
    if isinstance(data, list):
        return "".join(_strings(v) for v in data)
    return data if isinstance(data, str) else ""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(kind=_KIND, body=st.lists(st.tuples(_TEXT, _NODE), max_size=4))
def test_random_event_streams_never_make_the_loader_raise(tmp_path: Path, kind: str,
                                                          body: list[tuple[str, list[Any]]]) -> None:
    events = [MappingStartEvent(None, None, True, flow_style=False),
              ScalarEvent(None, None, (True, True), "kind"), ScalarEvent(None, None, (True, True), kind)]
    for key, node in body:
        events += [ScalarEvent(None, None, (True, True), key), *node]
    events.append(MappingEndEvent())
    try:
        text = _emit(events)
    except EmitterError:
        assume(False)
        return
    _check(load_file(write(tmp_path, text)))


_YAMLISH = st.lists(st.sampled_from([b"kind: ", b"document", b"agencies", b"\n", b"  ", b"- ", b"[", b"]", b"{",
                                     b"}", b", ", b": ", b"&a ", b"*a", b"'", b'"', b"\\x01", b"\\ud800", b"#",
                                     b"1.330", b"75,4", b"\xef\xbb\xbf", b"\xff", b"\x00", b"\xc3\xa1", b"---\n"]),
                    max_size=40).map(b"".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(_YAMLISH, st.binary(max_size=120)))
def test_random_bytes_never_make_the_loader_raise(tmp_path: Path, content: bytes) -> None:
    _check(load_file(write(tmp_path, content)))


def test_validating_in_pieces_gives_the_same_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plan of the repository, read in one pydantic call and through the walk in pieces."""
    found, _problems = discover([Path(__file__).parents[2] / "plans"])
    direct = [load_file(p) for p in found]
    monkeypatch.setattr(loader, "_DIRECT_CHARS", 0)
    monkeypatch.setattr(loader, "_PIECE_NODES", 50)  # pieces in every list of some length
    pieces = [load_file(p) for p in found]
    assert len(found) > 10 and all(f.model is not None for f in direct)
    assert [f.model for f in pieces] == [f.model for f in direct]
