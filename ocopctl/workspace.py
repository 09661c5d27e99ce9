"""The repository around the files a partial run checks (pre-commit, an editor).

``validate FILE`` must see what ``FILE`` refers to: its province's agencies, the national
agencies, the document a progress or annex file belongs to, the progress and annex files
of a document. The repository root is the nearest folder above the paths that holds a
configuration file, ``.git`` or ``plans/``; its plan folders are the configuration's
``paths`` (default ``plans/``). Files in those folders are indexed by their top-level
``kind``, ``id``, ``document``, ``parent`` and ``subject`` lines, read from the text without
parsing, and only the files related to the requested ones are loaded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ocopctl.config import CONFIG_FILES
from ocopctl.loader import discover

_TOP = re.compile(rb"^(kind|id|document|parent|subject|province):"
                  rb"[ \t]*['\"]?([^'\"#\r\n]*?)['\"]?[ \t]*(?:#.*)?$", re.M)
_HEAD_BYTES = 2048


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` with a configuration file, ``.git`` or ``plans/``."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for here in (folder, *folder.parents):
        if any((here / n).is_file() for n in CONFIG_FILES) or (here / ".git").exists() or (here / "plans").is_dir():
            return here
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and b"[tool.ocopctl]" in pyproject.read_bytes():
            return here
    return None


@dataclass(frozen=True)
class Head:
    kind: str
    id: str
    refs: tuple[str, ...]  # ids it points at: document, parent, subject
    province: str = ""


def read_head(path: Path) -> Head:
    """The top-level ``kind``, ``id`` and references of a plan file, from its first lines."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            raw = os.read(fd, _HEAD_BYTES)
        finally:
            os.close(fd)
    except OSError:
        return Head("", "", ())
    found: dict[bytes, str] = {}
    for m in _TOP.finditer(raw):
        found.setdefault(m[1], m[2].decode("utf-8", "replace").strip())
    return Head(found.get(b"kind", ""), found.get(b"id", ""),
                tuple(v for k, v in found.items() if k in (b"document", b"parent", b"subject") and v),
                found.get(b"province", "").casefold())


def shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it, as a user would type it."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:
        return path
    return path if rel.startswith("..") else Path(rel)


def _scan(folder: str, out: list[str]) -> None:
    """Every *.yaml / *.yml file under ``folder`` (hidden folders and files skipped), as loader.discover
    finds them but from the folders' listings alone: a national repository has 4,000 files."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():
                _scan(entry.path, out)
            elif entry.name.endswith((".yaml", ".yml")):
                out.append(entry.path)
        except OSError:
            continue


def context_files(paths: Sequence[Path], folders: Sequence[str], root: Path | None = None) -> list[Path]:
    """Files outside ``paths`` that their checks need, from the plan folders of their repository.

    Empty when the paths lie in no plan folder of a repository (a test folder, a lone file).
    """
    requested, _ = discover(paths)
    if not requested:
        return []
    root = root or find_root(requested[0])
    if root is None:
        return []
    absolute = {os.path.abspath(p) for p in requested}
    inside = [shown(root / f) for f in folders if (root / f).is_dir()]
    inside = [f for f in inside if any(a.startswith(os.path.abspath(f) + os.sep) for a in absolute)]
    if not inside:
        return []
    candidates: list[str] = []
    for folder in inside:
        _scan(str(folder), candidates)
    others = [Path(p) for p in dict.fromkeys(candidates) if os.path.abspath(p) not in absolute]
    heads = {p: read_head(p) for p in others}
    agencies = {p for p, h in heads.items() if h.kind == "agencies"}
    wanted: set[Path] = set(agencies)
    # References both ways: what the requested files point at, and what points at them; then
    # the documents of those (a progress file's plan has annex files and other progress).
    ids: set[str] = set()
    refs: set[str] = set()
    provinces: set[str] = set()
    for p in requested:
        h = read_head(p)
        if h.province or not h.refs:  # a progress or annex file is of its document's province
            provinces.add(h.province)
        if h.id:
            ids.add(h.id)
        refs.update(h.refs)
    for _ in range(2):
        linked = {p for p, h in heads.items()
                  if p not in wanted and (h.id in refs or ids.intersection(h.refs) or refs.intersection(h.refs))}
        if not linked:
            break
        wanted |= linked
        for p in linked:
            if heads[p].province or not heads[p].refs:
                provinces.add(heads[p].province)
            if heads[p].id:
                ids.add(heads[p].id)
            refs.update(heads[p].refs)
    # The agencies of the provinces involved and the national ones (no province); all when a
    # file does not say its province in its first lines.
    if "" not in provinces:
        wanted -= {p for p in agencies if heads[p].province and heads[p].province not in provinces}
    return [p for p in others if p in wanted]
