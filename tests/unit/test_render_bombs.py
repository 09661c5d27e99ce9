"""Template resource bombs: each breach of a limit is one line naming the template, its line and the
limit, exit 2, nothing written, well within 20 s and 500 MB.

Each bomb runs in a forked child (so that one that escaped its bounds could not take the test run
down): the child has a hard ceiling on its address space and an alarm, and its time and peak
memory are measured with ``os.wait4``. A few limits are lowered for speed; the rest are the defaults.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ocopctl import limits
from ocopctl.cli import app

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform != "linux",
                                reason="measures bombs in forked children (Linux)")

DATA = Path(__file__).parents[1] / "data" / "render"
SECONDS = 20
MEGABYTES = 500

# (name, document.j2, limits lowered for speed, what the message names)
BOMBS: list[tuple[str, str, dict[str, int], str]] = [
    ("range", "{% for i in range(10**9) %}{% endfor %}", {}, "TEMPLATE_RANGE"),
    ("recursive macro", "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n{{ m(0) }}", {}, "TEMPLATE_RECURSION"),
    ("recursive block", "{% block b %}{{ self.b() }}{% endblock %}", {}, "TEMPLATE_RECURSION"),
    ("recursive include", "{% include 'document.j2' %}", {}, "nest too deeply"),
    ("recursive import", "{% import 'document.j2' as me %}", {}, "nest too deeply"),
    ("nested loops", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     {"TEMPLATE_SECONDS": 1}, "TEMPLATE_SECONDS"),
    ("nested loops over the data", "{% for a in range(100000) %}{% for t in doc.body %}{% for b in t.text %}"
     "{% endfor %}{% endfor %}{% endfor %}", {"TEMPLATE_SECONDS": 1}, "TEMPLATE_SECONDS"),
    ("power", "{{ 9 ** (9 ** 9) }}", {}, "NUMBER_DIGITS"),
    ("product", "{% set ns = namespace(n=7) %}{% for i in range(100) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
     {}, "NUMBER_DIGITS"),
    ("string repeated", "{{ 'x' * 10**9 }}", {}, "TEMPLATE_STRING_CHARS"),
    ("list repeated", "{{ [1] * 10**9 }}", {}, "TEMPLATE_RANGE"),
    ("printf width", "{{ '%0999999999d' | format(1) }}", {}, "TEMPLATE_STRING_CHARS"),
    ("printf operator", "{{ '%.999999999f' % 1.5 }}", {}, "TEMPLATE_STRING_CHARS"),
    ("printf star", "{{ '%*d' % (999999999, 1) }}", {}, "TEMPLATE_STRING_CHARS"),
    ("format width", '{{ "{:>999999999}".format(1) }}', {}, "TEMPLATE_STRING_CHARS"),
    ("format fields", '{{ ("{:>999999}" * 1000).format(*range(1000)) }}', {}, "TEMPLATE_STRING_CHARS"),
    ("center", "{{ 'x' | center(10**9) }}", {}, "TEMPLATE_STRING_CHARS"),
    ("indent", "{{ 'x' | indent(10**9) }}", {}, "TEMPLATE_STRING_CHARS"),
    ("indent lines", "{{ ('\\n' * 999999) | indent(999999, blank=true) }}", {}, "TEMPLATE_OUTPUT_CHARS"),
    ("wordwrap", "{{ ('x' * 100000) | wordwrap(1, wrapstring='y' * 100000) }}", {}, "TEMPLATE_OUTPUT_CHARS"),
    ("join", "{{ (['x' * 1000000] * 100000) | join }}", {}, "TEMPLATE_OUTPUT_CHARS"),
    ("join by attribute", "{{ ([doc] * 100000) | join('y' * 1000000, attribute='title') }}", {},
     "TEMPLATE_OUTPUT_CHARS"),
    ("replace", "{{ ('x' * 1000000) | replace('', 'y' * 1000) }}", {}, "TEMPLATE_OUTPUT_CHARS"),
    ("batch", "{{ [1] | batch(10**9, 0) | list }}", {}, "TEMPLATE_RANGE"),
    ("slice", "{{ [1] | slice(10**9) | list }}", {}, "TEMPLATE_RANGE"),
    ("sum of lists", "{{ ([[1] * 100000] * 100000) | sum(start=[]) }}", {}, "start must be a number"),
    ("split", "{{ ('x ' * 500000).split() | length }}", {}, "TEMPLATE_RANGE"),
    ("list of a string", "{{ ('x' * 999999) | list | length }}", {}, "TEMPLATE_RANGE"),
    ("doubling ~", "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
     "{% endfor %}", {}, "TEMPLATE_STRING_CHARS"),
    ("doubling +", "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
     "{% endfor %}", {}, "TEMPLATE_STRING_CHARS"),
    ("doubling a list", "{% set l = [1] %}{% for i in range(64) %}{% do l.extend(l) %}{% endfor %}", {},
     "TEMPLATE_RANGE"),
    ("list printed", "{{ ['x' * 1000000] * 100000 }}", {}, "TEMPLATE_STRING_CHARS"),
    ("list concatenated", "{{ (['x' * 1000000] * 100000) ~ '' }}", {}, "TEMPLATE_STRING_CHARS"),
    ("many strings kept", "{% set l = [] %}{% for i in range(100000) %}{% do l.append(('x' * 999990) ~ i) %}"
     "{% endfor %}", {"TEMPLATE_MEMORY_BYTES": 64 * 1024 * 1024}, "TEMPLATE_MEMORY_BYTES"),
    ("long document", "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}", {}, "TEMPLATE_OUTPUT_CHARS"),
    ("long set block", "{% set s %}{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endset %}", {},
     "TEMPLATE_OUTPUT_CHARS"),
    ("long block called", "{% set x = 'x' * 1000000 %}{% block b %}{% for i in range(1000) %}{{ x }}"
     "{% endfor %}{% endblock %}", {}, "TEMPLATE_OUTPUT_CHARS"),
    ("huge number printed", "{{ '1e999999' | vnnum }}", {}, "NUMBER_DIGITS"),
    ("roman numeral", "{{ (10 ** 30) | roman }}", {}, "Roman numeral"),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bombs") / "plans" / "mau"
    shutil.copytree(DATA, target)
    return target


def run_forked(args: list[str], lowered: dict[str, int]) -> dict[str, Any]:
    """The CLI run in a forked child with ``lowered`` limits: its exit code, output, seconds and peak MB."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            signal.alarm(60)  # a bomb that escaped its bounds is stopped, never hangs the run
            with open("/proc/self/statm", "rb") as f:
                vm = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            resource.setrlimit(resource.RLIMIT_AS, (vm + 2 * 1024**3, resource.RLIM_INFINITY))
            for name, value in lowered.items():
                setattr(limits, name, limits.Limit(value, "lowered for a test"))
            start = time.monotonic()
            result = CliRunner().invoke(app, args)
            outcome = {"code": result.exit_code, "output": result.output, "seconds": time.monotonic() - start}
            os.write(write, json.dumps(outcome).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _pid, status, usage = os.wait4(pid, 0)
    assert os.WIFEXITED(status), f"the child was killed by signal {os.WTERMSIG(status)}"
    report: dict[str, Any] = json.loads(data)
    report["megabytes"] = usage.ru_maxrss / 1024
    return report


@pytest.mark.parametrize(("template", "lowered", "named"), [b[1:] for b in BOMBS], ids=[b[0] for b in BOMBS])
def test_a_template_bomb_is_one_line_within_time_and_memory(repo: Path, tmp_path: Path, template: str,
                                                           lowered: dict[str, int], named: str) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text(template, encoding="utf-8")
    out = tmp_path / "out"
    report = run_forked(["render", str(repo / "plan.yaml"), "--to", "md", "-o", str(out), "--templates", str(mine)],
                        lowered)
    output = report["output"]
    assert report["code"] == 2, output
    assert output.startswith("ocopctl: ") and output.strip().count("\n") == 0 and "Traceback" not in output, output
    assert "mine/document.j2:" in output and named in output, output
    assert not out.exists()
    assert report["seconds"] < SECONDS and report["megabytes"] < MEGABYTES, report


def test_a_template_file_past_its_limit_is_refused_unread(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{{ doc.title }}" * (limits.TEMPLATE_FILE_BYTES.value // 15 + 1))
    report = run_forked(["render", str(repo / "plan.yaml"), "--to", "md", "-o", str(tmp_path / "out"),
                         "--templates", str(mine)], {})
    assert report["code"] == 2 and "mine/document.j2" in report["output"] and "TEMPLATE_FILE_BYTES" in report["output"]


def test_spaces_without_end_are_cleaned_from_markdown_in_linear_time(repo: Path, tmp_path: Path) -> None:
    """Trailing blanks are stripped from each Markdown line; a run of spaces not followed by a line break once
    made that quadratic."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{% for i in range(10) %}{{ ' ' * 1000000 }}{% endfor %}x", encoding="utf-8")
    out = tmp_path / "out"
    report = run_forked(["render", str(repo / "plan.yaml"), "--to", "md", "-o", str(out), "--templates", str(mine)],
                        {})
    assert report["code"] == 0, report["output"]
    assert report["seconds"] < 5, report
    assert (out / "mau" / "2018-10-kh-ubnd.md").read_text(encoding="utf-8").strip() == "x"


@pytest.mark.parametrize(("page", "lowered", "named"), [
    ("<doc>{% for i in range(2000) %}<p>x</p>{% endfor %}</doc>", {"DOCX_ELEMENTS": 1000}, "DOCX_ELEMENTS"),
    ('<!DOCTYPE doc [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><doc><p>&b;</p></doc>',
     {}, "invalid markup"),
    ("<doc><p>" + "<b>" * 20000 + "x" + "</b>" * 20000 + "</p></doc>", {}, "nests"),
    ('<doc><table widths="{{ (["1"] * 5000) | join(",") }}"><tr><td>x</td></tr></table></doc>', {}, "63"),
], ids=["elements", "entities", "nesting", "columns"])
def test_a_word_page_template_bomb_is_one_line(repo: Path, tmp_path: Path, page: str, lowered: dict[str, int],
                                               named: str) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "page.docx.j2").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    report = run_forked(["render", str(repo / "plan.yaml"), "--to", "docx", "-o", str(out), "--templates",
                         str(mine)], lowered)
    output = report["output"]
    assert report["code"] == 2 and output.startswith("ocopctl: ") and output.strip().count("\n") == 0, output
    assert named in output and not out.exists(), output
    assert report["seconds"] < SECONDS and report["megabytes"] < MEGABYTES, report
