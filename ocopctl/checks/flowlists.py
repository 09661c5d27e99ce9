"""The flow-list trap (OC024): an unquoted comma inside ``[...]`` or ``{...}`` ends the value.

``support: [UBND các huyện, thị xã, thành phố]`` is three references to YAML, and
``producer: {name: HTX Nông nghiệp Tiên Yên, Quảng Ninh, kind: hợp tác xã}`` a name
"HTX Nông nghiệp Tiên Yên" and a key "Quảng Ninh". The data says where a piece cannot stand
on its own (no agency by that name; a key no file kind has); the file's text then says
whether a comma on the same line inside brackets made it. Only those pieces are reported,
so a list written on purpose (``[m-snn, m-sct]``) never is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg
from ocopctl.loader import LoadedFile, YamlProblem, read_text
from ocopctl.repository import Repository, iter_tasks

# What a list item starts with when it is the tail of a name: a lower-case word ("thị xã",
# "thành phố", "đoàn thể"), or a conjunction.
_TAIL = re.compile(r"^(?:và|hoặc|&)\s")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
_FIELD = re.compile(r"^[a-z_]+$")


@check(("OC024", "flow-comma-split", Severity.WARNING))
def flow_comma_split(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """An unquoted comma inside ``[...]`` or ``{...}`` that split a name in two: a piece of an
    agency list that names no agency and is the tail of a name (``thị xã``, ``thành phố``, or
    a piece that names an agency only joined to the one before), or a key of a ``{...}``
    mapping that is the rest of the value before it. Quote the value.

    Fails::

        support: [UBND các huyện, thị xã, thành phố]
        producer: {name: HTX Nông nghiệp Tiên Yên, Quảng Ninh, kind: hợp tác xã}
    """
    candidates: dict[int, tuple[LoadedFile, list[_Split]]] = {}
    for f, split in (*_list_splits(repo), *_mapping_splits(repo)):
        candidates.setdefault(id(f), (f, []))[1].append(split)
    for f, splits in candidates.values():
        yield from _confirmed(f, splits)


class _Split:
    """A piece at ``loc`` (a key when ``key``) that may be the rest of the value at ``before``."""

    def __init__(self, loc: Loc, before: Loc, joined: str, piece: str, field: str, key: bool) -> None:
        self.loc, self.before, self.joined, self.piece, self.field, self.key = loc, before, joined, piece, field, key


def _agency_lists(repo: Repository) -> Iterator[tuple[LoadedFile, str | None, Loc, list[str]]]:
    """Lists of agency references (group members, leads and supports) of two or more items,
    not all ids: only those can hold a name a comma split."""

    def worth(refs: list[str]) -> bool:
        return len(refs) > 1 and not all(_ID.match(r) for r in refs)

    for f, reg in repo.registries:
        for i, g in enumerate(reg.groups):
            if worth(g.members):
                yield f, reg.province, ("groups", i, "members"), g.members
    for d in repo.documents:
        seen: set[int] = set()  # a group's list is inherited by each of its tasks
        for ref, f in iter_tasks(d):
            for refs, is_lead in ((ref.lead, True), (ref.support, False)):
                if id(refs) not in seen and worth(refs):
                    seen.add(id(refs))
                    yield f, d.document.province, ref.lead_loc if is_lead else ref.support_loc, refs


def _list_splits(repo: Repository) -> Iterator[tuple[LoadedFile, _Split]]:
    for f, province, where, refs in _agency_lists(repo):
        items = dict(enumerate(refs))
        field = str(where[-1]) if where else "list"
        run: list[int] = []  # the name the pieces belong to, then its pieces
        for j in items:
            if run and run[-1] == j - 1 and _is_tail(repo, items, run, j, province):
                run.append(j)
                continue
            if len(run) > 1:
                yield f, _split(where, items, run, field)
            run = [j]
        if len(run) > 1:
            yield f, _split(where, items, run, field)


def _is_tail(repo: Repository, items: dict[int, str], run: list[int], j: int, province: str | None) -> bool:
    item = items[j]
    if _ID.match(item) or repo.resolve_agency(item, province):
        return False
    joined = ", ".join(items[k] for k in (*run, j))
    return bool(_TAIL.match(item) or item[:1].islower() or repo.resolve_agency(joined, province))


def _split(where: Loc, items: dict[int, str], run: list[int], field: str) -> _Split:
    joined = ", ".join(items[k] for k in run)
    return _Split(where + (run[1],), where + (run[0],), joined, items[run[1]], field, False)


def _mapping_splits(repo: Repository) -> Iterator[tuple[LoadedFile, _Split]]:
    for f in repo.files:
        for d in f.diagnostics:
            if d.code != "OC006" or not d.loc or not isinstance(d.loc[-1], str):
                continue
            key = d.loc[-1]
            parent = _at(f.data, d.loc[:-1])
            if not isinstance(parent, dict) or parent.get(key, "") is not None or _FIELD.match(key):
                continue
            keys = list(parent)
            i = keys.index(key)
            if i == 0 or not isinstance(parent[keys[i - 1]], str):
                continue
            field = keys[i - 1]
            joined = f"{parent[field]}, {key}"
            yield f, _Split(d.loc, d.loc[:-1] + (field,), joined, key, field, True)


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _confirmed(f: LoadedFile, splits: list[_Split]) -> Iterator[Diagnostic]:
    """The splits that the text shows: the piece follows a plain value and a comma on its line."""
    probes = [diag("OC024", f, s.before, Msg("")) for s in splits]  # positions only: never reported
    probes += [diag("OC024", f, s.loc, Msg(""), key=s.key) for s in splits]
    f.locate(*probes)
    try:
        lines = read_text(f.path).splitlines()
    except (OSError, ValueError, YamlProblem):
        return
    for s, before, here in zip(splits, probes[:len(splits)], probes[len(splits):], strict=True):
        line, start, end = here.line, before.column, here.column
        if line is None or before.line != line or start is None or end is None or not 0 < line <= len(lines):
            continue
        text = lines[line - 1]
        between = text[start - 1:end - 1]
        opened = text[:start - 1]
        if (text[start - 1:start] in ("'", '"') or not re.search(r",\s*$", between)
                or opened.count("[") + opened.count("{") <= opened.count("]") + opened.count("}")):
            continue
        what = Msg("the comma split {joined!r} in two: YAML reads {piece!r} as a key of its own", joined=s.joined,
                   piece=s.piece) if s.key else Msg(
            "the comma split {joined!r}: YAML reads {piece!r} as an item of its own, and it names no agency",
            joined=s.joined, piece=s.piece)
        found = diag("OC024", f, s.loc, what, key=s.key,
                     hint=Msg('quote the value: {field}: "{joined}"', field=s.field, joined=s.joined) if s.key
                     else Msg('quote the name inside the list: "{joined}", or write the list one item per line',
                              joined=s.joined))
        found.line, found.column = line, end
        yield found
