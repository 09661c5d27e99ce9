"""Field-by-field comparison of a draft with a hand-encoded document (both as plain data).

Used by ``benchmarks/draft_fidelity.py`` and the round-trip tests: tasks (title,
lead, support, timeframe), product names, budget cells, citations, and the
number, date and issuer of the header.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ocopctl import vn
from ocopctl.citations import find_citations
from ocopctl.repository import Repository


@dataclass
class Share:
    same: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.same += ok
        if not ok:
            self.misses.append(what)

    @property
    def share(self) -> float:
        return self.same / self.total if self.total else 1.0


@dataclass
class Comparison:
    tasks: Share = field(default_factory=Share)
    products: Share = field(default_factory=Share)
    budget: Share = field(default_factory=Share)
    citations: Share = field(default_factory=Share)
    headers: Share = field(default_factory=Share)


def _norm(text: Any) -> str:
    s = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(s.replace("**", "").split()).strip().lower()


def _tasks(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[str], list[str], str | None]]:
    """Every task with its lead, support and timeframe, group defaults applied."""
    def groups(gs: list[dict[str, Any]], lead: list[str], support: list[str], tf: str | None) -> Iterator[Any]:
        for g in gs:
            gl, gsu, gtf = g.get("lead") or lead, g.get("support") or support, g.get("timeframe") or tf
            for t in g.get("tasks", []):
                yield t, t.get("lead") or gl, t.get("support") or gsu, t.get("timeframe") or gtf
            yield from groups(g.get("groups", []), gl, gsu, gtf)

    def sections(ss: list[dict[str, Any]]) -> Iterator[Any]:
        for s in ss:
            for t in s.get("tasks", []):
                yield t, t.get("lead", []), t.get("support", []), t.get("timeframe")
            yield from sections(s.get("sections", []))

    yield from sections(doc.get("body", []))
    for a in doc.get("annexes", []):
        for table in a.get("tables", []):
            if table.get("kind") == "task_assignment":
                tf = table.get("timeframe")
                for t in table.get("tasks", []):
                    yield t, t.get("lead", []), t.get("support", []), t.get("timeframe") or tf
                yield from groups(table.get("groups", []), [], [], tf)


def _owners(refs: list[str], printed: str | None, repo: Repository | None, province: str | None) -> set[str]:
    out: set[str] = set()
    for r in refs:
        hits = repo.resolve_agency(str(r), province) if repo else []
        out.add(hits[0].agency.id if len(hits) == 1 else vn.name_key(str(r)))
    return out


def _same_owners(hand: tuple[list[str], str | None], draft: tuple[list[str], str | None], repo: Repository | None,
                 province: str | None) -> bool:
    if _owners(hand[0], hand[1], repo, province) == _owners(draft[0], draft[1], repo, province):
        return True
    printed_hand = hand[1] or ", ".join(map(str, hand[0]))
    printed_draft = draft[1] or ", ".join(map(str, draft[0]))
    return bool(printed_hand) and vn.name_key(printed_hand) == vn.name_key(printed_draft)


def _products(doc: dict[str, Any]) -> list[str]:
    names = []
    for a in doc.get("annexes", []):
        for table in a.get("tables", []):
            if table.get("kind") == "product_list":
                names += [_norm(p.get("name")) for p in table.get("products", [])]
                names += [_norm(p.get("name")) for g in table.get("groups", []) for p in g.get("products", [])]
    return names


def _budget_rows(doc: dict[str, Any]) -> list[tuple[str, list[Decimal | None]]]:
    def walk(rows: list[dict[str, Any]]) -> Iterator[tuple[str, list[Decimal | None]]]:
        for r in rows:
            cells = [*r.get("values", []), r.get("total"), r.get("share")]
            yield _norm(r.get("label")), [_num(c) for c in cells]
            yield from walk(r.get("rows", []))

    out = []
    for a in doc.get("annexes", []):
        for table in a.get("tables", []):
            if table.get("kind") == "budget":
                out += list(walk(table.get("rows", [])))
    return out


def _num(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return vn.parse_vn_number(str(value))
    except ValueError:
        return None


def _citations(doc: dict[str, Any]) -> Counter[tuple[str, str]]:
    texts = [*doc.get("legal_bases", []), *[a.get("back_reference") or "" for a in doc.get("annexes", [])]]
    return Counter((c.number.key, c.date_text) for t in texts for c in find_citations(str(t)))


def compare(hand: dict[str, Any], draft: dict[str, Any], repo: Repository | None = None,
            header_fields: tuple[str, ...] = ("number", "date", "issuer")) -> Comparison:
    result = Comparison()
    province = hand.get("province")
    drafted: dict[str, list[Any]] = {}
    for found in _tasks(draft):
        drafted.setdefault(_norm(found[0].get("title")), []).append(found)
    d: Any
    for t, lead, support, tf in _tasks(hand):
        title = _norm(t.get("title"))
        candidates = drafted.get(title, [])
        ok = False
        for d in candidates:
            ok = (_same_owners((lead, t.get("lead_text")), (d[1], d[0].get("lead_text")), repo, province)
                  and _same_owners((support, t.get("support_text")), (d[2], d[0].get("support_text")), repo, province)
                  and _norm(tf) == _norm(d[3]))
            if ok:
                candidates.remove(d)
                break
        result.tasks.add(ok, f"task {t.get('tt')} {title[:60]!r}" + ("" if candidates or ok else " (title)"))
    names = Counter(_products(draft))
    for name in _products(hand):
        ok = names[name] > 0
        names[name] -= ok
        result.products.add(ok, f"product {name!r}")
    rows: dict[str, list[list[Decimal | None]]] = {}
    for label, cells in _budget_rows(draft):
        rows.setdefault(label, []).append(cells)
    for label, cells in _budget_rows(hand):
        other = rows.get(label, [[]])[0]
        if rows.get(label):
            rows[label].pop(0)
        for i, c in enumerate(cells):
            if c is not None:
                result.budget.add(i < len(other) and other[i] == c, f"budget {label[:40]!r} cell {i + 1}")
    cited = _citations(draft)
    for cite, n in _citations(hand).items():
        for _ in range(n):
            ok = cited[cite] > 0
            cited[cite] -= ok
            result.citations.add(ok, f"citation {cite}")
    for f in header_fields:
        if f not in hand:
            continue
        if f == "issuer":
            ok = _owners([hand[f]], None, repo, province) == _owners([draft.get(f, "")], None, repo, province)
        else:
            ok = _norm(hand[f]) == _norm(draft.get(f))
        result.headers.add(ok, f"{f}: {hand[f]!r} / {draft.get(f)!r}")
    return result
