"""A user's template (--templates) that tries to reach the system: one line, exit 2, and no file
read, written or removed, a canary outside the plans first of all."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ocopctl.cli import app

DATA = Path(__file__).parents[1] / "data" / "render"
runner = CliRunner()

# Files opened, written, moved or removed while a render runs (audit hooks stay for the process: the
# hook records only while a list is set).
_events: list[tuple[str, str, Any]] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _events is not None and event in {"open", "os.remove", "os.rename", "os.replace", "os.rmdir", "os.truncate",
                                         "shutil.rmtree", "os.chmod", "os.symlink", "os.link", "os.mkdir"}:
        target = args[0]
        if isinstance(target, str | bytes | os.PathLike):
            _events.append((event, os.fsdecode(target), args[1] if len(args) > 1 else None))


sys.addaudithook(_audit)

CANARY_TEXT = "canary: nobody should read this"
ESCAPES = [
    "{{ lookup.repo.files[0].path.read_text() }}",
    "{{ lookup.repo.files[0].path.write_text('owned') }}",
    "{{ lookup.repo.files[0].path.unlink() }}",
    "{{ lookup.repo.files[0].path.parents[2].joinpath('canary.txt').read_text() }}",
    "{{ lookup.repo.files | map(attribute='path') | map('string') | join(',') }}",
    "{{ open('CANARY').read() }}",
    "{{ doc.__class__.__mro__[-1].__subclasses__() }}",
    "{{ doc._fields }}",
    "{{ doc.model_dump() }}",
    "{{ doc | attr('__class__') }}",
    "{{ lipsum.__globals__['os'].listdir('.') }}",
    "{{ cycler.__init__.__globals__['os'].listdir('.') }}",
    "{{ namespace.__globals__ }}",
    "{{ range.__globals__ }}",
    "{{ self._TemplateReference__context.environment.loader }}",
    "{{ head.reference.__func__.__globals__ }}",
    "{{ head.__class__ }}",
    "{{ '{0.__class__.__base__.__subclasses__}'.format(doc) }}",
    "{{ doc.title.encode().decode() }}",
    "{{ doc.date.today() }}",
    "{{ (doc.body | first).__init__ }}",
    "{% for f in lookup.repo.files %}{{ f.path.read_text() }}{% endfor %}",
    "{% include 'CANARY' %}",
    "{% include '../canary.txt' %}",
    "{% import '../../canary.txt' as c %}",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "plans" / "mau"
    shutil.copytree(DATA, target)
    return target


def digests(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("template", ESCAPES)
def test_a_template_cannot_reach_a_file(repo: Path, tmp_path: Path, template: str) -> None:
    global _events
    canary = tmp_path / "canary.txt"
    canary.write_text(CANARY_TEXT, encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text(template.replace("CANARY", str(canary)), encoding="utf-8")
    before = digests(tmp_path)
    out = tmp_path / "out"
    _events = []
    try:
        result = runner.invoke(app, ["render", str(repo / "plan.yaml"), "--to", "md", "-o", str(out),
                                     "--templates", str(mine)])
        events, _events = _events, None
    finally:
        _events = None
    assert result.exit_code == 2, result.output
    assert result.output.startswith("ocopctl: ") and result.output.strip().count("\n") == 0, result.output
    assert "mine/document.j2:1" in result.output
    assert CANARY_TEXT not in result.output and "Traceback" not in result.output
    assert digests(tmp_path) == before  # the canary, the plans, the templates: unchanged
    assert not out.exists()
    assert not any(path == str(canary) for _event, path, _mode in events), events
    changed = [(e, p) for e, p, mode in events if e != "open" or (isinstance(mode, str) and set(mode) & set("wax+"))]
    assert not changed

