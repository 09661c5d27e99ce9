"""``ocopctl draft``: a published document (.docx or its text) to a YAML draft for review.

Reading (``read``) turns the file into neutral blocks, ``document`` recognises
the header, body and annexes in them and ``tables`` maps annex tables by their
header; this module writes the YAML, with a ``# REVIEW:`` comment on every line
that holds something kept as printed rather than recognised.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocopctl.draft.blocks import DraftInputError
from ocopctl.draft.document import Drafted, Recogniser, _Flag
from ocopctl.draft.read import read_blocks
from ocopctl.i18n import _
from ocopctl.loader import dump_yaml
from ocopctl.repository import Repository

__all__ = ["Draft", "DraftInputError", "draft_file", "summary"]


@dataclass
class Draft:
    yaml: str
    drafted: Drafted
    sha256: str


def draft_file(path: Path, repo: Repository | None = None, province: str | None = None,
               doc_id: str | None = None) -> Draft:
    """The YAML draft of ``path``. Raises ``DraftInputError`` for a file that cannot be drafted from."""
    blocks, data, _ = read_blocks(path)
    digest = hashlib.sha256(data).hexdigest()
    drafted = Recogniser(blocks, repo, province, doc_id, path.name).run()
    header = (f"# yaml-language-server: $schema=schemas/document.schema.json\n"
              f"# DRAFT written by 'ocopctl draft' from {path.name} (sha256 {digest}).\n"
              "# Review every line marked '# REVIEW:', then remove 'draft: true'.\n")
    if drafted.new_agencies:
        header += ("# REVIEW: agencies not found in the repository's agencies files; add them (or correct the\n"
                   "# names below) in plans/<province>/agencies.yaml:\n")
        header += "".join(f"#   - name: {name}\n" for name in drafted.new_agencies)
    if drafted.missing:
        header += f"# REVIEW: not found in the text, to fill in: {', '.join(drafted.missing)}\n"
    return Draft(write_yaml(drafted.data, header), drafted, digest)


def write_yaml(data: dict[str, Any], header: str) -> str:
    """YAML through ``loader.dump_yaml``; each flagged value gets its ``# REVIEW:`` comment."""
    flags: list[_Flag] = []

    def swap(value: Any) -> Any:
        if isinstance(value, _Flag):
            flags.append(value)
            return f"REVIEWTOKEN{len(flags) - 1:06d}X"
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = dump_yaml(swap(data), header)
    if not flags:
        return text

    def put(m: re.Match[str]) -> str:
        flagged = flags[int(m[2])]
        scalar = dump_yaml([str(flagged)])[2:].rstrip("\n")
        why = " ".join(flagged.why.split())
        return f"{m[1]}{scalar}{m[3]}  # REVIEW: {why}"

    return re.sub(r"^(.*?)REVIEWTOKEN(\d{6})X(.*)$", put, text, flags=re.MULTILINE)


def summary(d: Draft, annexes: int) -> str:
    dr = d.drafted
    parts = [_("{count} tasks").format(count=dr.tasks), _("{count} products").format(count=dr.products),
             _("{count} budget rows").format(count=dr.budget_rows), _("{count} annexes").format(count=annexes),
             _("{count} citations").format(count=dr.citations)]
    kept = sorted(set(dr.kept_lines))
    if kept:
        parts.append(_("{count} rows kept as text: lines {lines}").format(count=len(kept), lines=_ranges(kept)))
    else:
        parts.append(_("0 rows kept as text"))
    if dr.new_agencies:
        parts.append(_("{count} agencies to review").format(count=len(dr.new_agencies)))
    return ", ".join(parts)


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
