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

_TOP = re.compile(rb"^(kind|id|document|parent|subject):[ \t]*['\"]?([^'\"#\r\n]*?)['\"]?[ \t]*(?:#.*)?$", re.M)
_HEAD_BYTES = 4096


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


def read_head(path: Path) -> Head:
    """The top-level ``kind``, ``id`` and references of a plan file, from its first lines."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_HEAD_BYTES)
    except OSError:
        return Head("", "", ())
    found: dict[bytes, str] = {}
    for m in _TOP.finditer(raw):
        found.setdefault(m[1], m[2].decode("utf-8", "replace").strip())
    return Head(found.get(b"kind", ""), found.get(b"id", ""),
                tuple(v for k, v in found.items() if k in (b"document", b"parent", b"subject") and v))


def shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it, as a user would type it."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:
        return path
    return path if rel.startswith("..") else Path(rel)


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
    plan_folders = [root / f for f in folders if (root / f).is_dir()]
    resolved = {p.resolve() for p in requested}
    inside = [f for f in plan_folders if any(r.is_relative_to(f.resolve()) for r in resolved)]
    if not inside:
        return []
    candidates, _ = discover([shown(f) for f in inside])
    others = [p for p in candidates if p.resolve() not in resolved]
    heads = {p: read_head(p) for p in others}
    wanted: set[Path] = {p for p, h in heads.items() if h.kind == "agencies"}
    # References both ways: what the requested files point at, and what points at them; then
    # the documents of those (a progress file's plan has annex files and other progress).
    ids: set[str] = set()
    refs: set[str] = set()
    for p in requested:
        h = read_head(p)
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
            if heads[p].id:
                ids.add(heads[p].id)
            refs.update(heads[p].refs)
    return [p for p in others if p in wanted]
