"""Mapping a printed table to tasks, products or budget rows by its header.

Header cells are read with the vocabulary that ``ocopctl import`` uses
(``ocopctl.tables_io.HEADERS``), with and without diacritics; a header that
starts with a known name ("Nội dung và cơ quan chủ trì", "Thời gian thực
hiện/hoàn thành") counts as that name. Rows that fit no field are returned as
text for the caller to keep verbatim and mark for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ocopctl import vn
from ocopctl.draft.text import fold, is_roman, key
from ocopctl.models import ProductGroup
from ocopctl.tables_io import HEADERS

# Header names the published annexes use beyond the import vocabulary (field -> names).
_MORE: dict[str, dict[str, tuple[str, ...]]] = {
    "tasks": {
        "details": ("Nhiệm vụ hoạt động", "Hoạt động", "Nhiệm vụ cụ thể"),
        "lead": ("Cơ quan, đơn vị chủ trì", "Cơ quan thực hiện", "Đơn vị thực hiện"),
        "result": ("Sản phẩm đầu ra", "Kết quả dự kiến", "Kết quả đầu ra"),
    },
    "products": {
        "commune": ("Địa điểm", "Xã, phường"),
        "producer": ("Chủ thể", "Tổ chức sản xuất"),
    },
    "budget": {"label": ("Nội dung hỗ trợ", "Hạng mục chi")},
}
_VOCAB: dict[str, list[tuple[str, str]]] = {}
for _kind in HEADERS:
    names = [(key(n), f) for f, ns in HEADERS[_kind].items() for n in ns if f not in ("id",)]
    names += [(key(n), f) for f, ns in _MORE.get(_kind, {}).items() for n in ns]
    _VOCAB[_kind] = sorted(set(names), key=lambda kv: -len(kv[0]))
_YEAR = re.compile(r"^(?:nam\s*)?((?:19|20|21)\d{2})$")
_TT = re.compile(r"^\d+(?:\.\d+)*\.?$")
_GROUP_TT = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
_GROUP_IN_TITLE = re.compile(r"^((?:[IVXLC]+|[A-ZĐ]))(?:\s*[.:/)]\s+|\s+(?=[A-ZĐÀ-Ỹ]))(.+)$")
_PRODUCT_GROUPS = {fold(g): g for g in ProductGroup.__args__}  # type: ignore[attr-defined]


def field_of(kind: str, header: str) -> str | None:
    k = key(header)
    if not k:
        return None
    for name, f in _VOCAB[kind]:
        if k == name:
            return f
    for name, f in _VOCAB[kind]:
        if k.startswith(name + " "):
            return f
    return None


@dataclass
class Mapping:
    kind: str  # tasks | products | budget
    columns: dict[int, str]  # column -> field
    years: dict[int, int]
    header: list[str]
    header_rows: int
    title_leads: bool = False  # "Nội dung và cơ quan chủ trì": a group row names the lead


def recognise(rows: list[list[str]]) -> Mapping | None:
    """The kind and column fields of a table whose header is among its first rows."""
    best: Mapping | None = None
    best_score = 0
    for h in range(min(3, len(rows))):
        header = rows[h]
        if h + 1 < len(rows) and _is_subheader(rows[h + 1]):
            lower = rows[h + 1]
            header = [(lower[i] if i < len(lower) and lower[i] else c) for i, c in enumerate(header)]
            header += lower[len(header):]
            header_rows = 2
        else:
            header_rows = 1
        for kind in ("tasks", "products", "budget"):
            columns: dict[int, str] = {}
            years: dict[int, int] = {}
            for c, text in enumerate(header):
                if kind == "budget" and (m := _YEAR.match(key(text))):
                    years[c] = int(m[1])
                    continue
                f = field_of(kind, text)
                if f and f not in columns.values():
                    columns[c] = f
                elif f == "title" and kind == "tasks" and "details" not in columns.values():
                    columns[c] = "details"
            fields = set(columns.values())
            if kind == "tasks":
                ok = "title" in fields and bool(fields & {"lead", "support", "timeframe"})
            elif kind == "products":
                ok = "name" in fields and len(fields) >= 3
            else:
                ok = "label" in fields and bool(years or "total" in fields)
            score = len(fields) + len(years)
            if ok and score > best_score:
                title_leads = any(f == "title" and "chu tri" in key(header[c]) for c, f in columns.items())
                best = Mapping(kind, columns, years, header, h + header_rows, title_leads)
                best_score = score
    return best


def _is_subheader(row: list[str]) -> bool:
    """A second header row: no row number and no data, only column names or years."""
    cells = [c for c in row if c]
    return bool(cells) and not _TT.match(cells[0]) and not _GROUP_TT.match(cells[0]) and all(
        _YEAR.match(key(c)) for c in cells) and len(cells) >= 2


@dataclass
class Kept:
    """A row no field takes: kept as printed, for review."""

    text: str
    line: int
    why: str


@dataclass
class Mapped:
    table: dict[str, Any]
    rows: int = 0  # data rows mapped
    kept: list[Kept] = field(default_factory=list)


def _cell(row: list[str], columns: dict[int, str], name: str) -> str:
    for c, f in columns.items():
        if f == name and c < len(row):
            return " ".join(row[c].split())
    return ""


def _row_text(row: list[str]) -> str:
    return " | ".join(" ".join(c.split()) for c in row)


def _is_header_again(row: list[str], header: list[str]) -> bool:
    return [key(c) for c in row if c] == [key(c) for c in header if c]


def _is_column_numbers(row: list[str]) -> bool:
    """"(1) (2) (3) ..." or "1 2 3 ...": the numbering of the columns under a header."""
    cells = [c.strip("() ") for c in row if c.strip()]
    return len(cells) >= 3 and all(c.isdigit() for c in cells) and [int(c) for c in cells] == list(
        range(int(cells[0]), int(cells[0]) + len(cells)))


def _group_of(row: list[str], columns: dict[int, str], title_field: str) -> tuple[str, str] | None:
    """(tt, title) when the row is a group heading: I., II., A, "Nhóm ...", or a lone label."""
    tt = _cell(row, columns, "tt")
    title = _cell(row, columns, title_field)
    others = [c for i, c in enumerate(row) if c.strip() and columns.get(i) not in ("tt", title_field)]
    if tt and _GROUP_TT.match(tt) and (title or others):
        return tt.rstrip("."), title or others[0]
    text = title or (row[0].strip() if row else "")
    if not tt and text and not others:
        m = _GROUP_IN_TITLE.match(text)
        if m and is_roman(m[1]):
            return m[1], m[2]
        if fold(text).startswith("nhom "):
            return "", text
    if tt and not title and not others and (m := _GROUP_IN_TITLE.match(tt)) and is_roman(m[1]):
        return m[1], m[2]
    return None


AgencyCell = Callable[[str], tuple[list[str], str | None]]


def map_tasks(m: Mapping, rows: list[list[str]], lines: list[int], id_prefix: str, agencies: AgencyCell,
              ids: set[str]) -> Mapped:
    out = Mapped({"kind": "task_assignment", "columns": [c for c in m.header if c]})
    for c, f in m.columns.items():
        # "Nội dung thực hiện hằng năm": the header gives every row its timeframe.
        if f == "title" and "timeframe" not in m.columns.values() and (
                hit := re.search(r"\b(h[aằà]ng năm)$", m.header[c], re.IGNORECASE)):
            out.table["timeframe"] = hit[1]
    groups: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    task: dict[str, Any] | None = None
    above: str | None = None  # the timeframe printed on the row above
    numbered: dict[str, dict[str, Any]] = {}  # tasks by their number, for 2.1.1 under 2.1
    raw: dict[tuple[int, str], str] = {}  # (task, lead|support) -> the cell as printed
    for row, line in zip(rows[m.header_rows:], lines[m.header_rows:], strict=False):
        if not any(c.strip() for c in row) or _is_header_again(row, m.header) or _is_column_numbers(row):
            continue
        row, merged = _realign(row, m.columns)
        tt = _cell(row, m.columns, "tt")
        title = _cell(row, m.columns, "title")
        g = _group_of(row, m.columns, "title")
        if g is not None and g[0] and g[1] == title and not m.title_leads and (
                _cell(row, m.columns, "lead") or _cell(row, m.columns, "support")):
            # "IV | Triển khai ... | Sở NN&PTNT | ... | Hằng năm": a numbered row that names its own
            # owner is a task in its own right, in a group with no heading of its own.
            group = {"tasks": []}
            groups.append(group)
            task = None
            g = None
        if g is not None:
            group = {"tt": g[0], "title": g[1]} if g[0] else {"title": g[1]}
            if m.title_leads:
                lead, _ = agencies(g[1])
                group["lead"] = lead
            if g[1] == title:
                # A group row that prints its own result or timeframe: its tasks share them.
                for f in ("result", "timeframe"):
                    if value := _cell(row, m.columns, f):
                        group[f] = value
            group["tasks"] = []
            groups.append(group)
            task = None
            above = group.get("timeframe")
            continue
        headless = group is not None and "title" not in group and not group["tasks"] and bool(_GROUP_TT.match(tt))
        if title and (tt == "" or _TT.match(tt) or headless) and (
                tt or task is None or "tt" not in m.columns.values()):
            task = {"id": _unique(f"{id_prefix}-{_slug(group.get('tt', '') if group else '')}{_slug(tt) or 'r'}",
                                  ids), "tt": tt.rstrip(".") if tt else None, "title": title}
            if not task["tt"]:
                del task["tt"]
            for f in ("details", "lead", "support", "timeframe", "result", "note"):
                value = _cell(row, m.columns, f)
                if value:
                    _set(task, f, value, agencies)
                    raw[(id(task), f)] = value
            if merged and above and (group is None or group.get("timeframe") != above):
                task["timeframe"] = above  # the merged cell printed once, on the row above
            parent = numbered.get(tt.rstrip(".").rpartition(".")[0]) if tt else None
            if parent and "timeframe" not in task and parent.get("timeframe"):
                task["timeframe"] = parent["timeframe"]  # 2.1.1 under 2.1: the heading row's timeframe
            if tt:
                numbered[tt.rstrip(".")] = task
            above = task.get("timeframe") or (group or {}).get("timeframe")
            (group["tasks"] if group is not None else loose).append(task)
            out.rows += 1
            continue
        if (task is not None and not tt and not title and task.get("details") and task.get("lead")
                and _cell(row, m.columns, "details") and _cell(row, m.columns, "lead")):
            # Number and title merged over two rows, each with its own activity and owner: two
            # tasks under one number, the second with the number and title printed above it.
            task = {"id": _unique(task["id"], ids), **{k: task[k] for k in ("tt", "title") if k in task}}
            for f in ("details", "lead", "support", "timeframe", "result", "note"):
                if value := _cell(row, m.columns, f):
                    _set(task, f, value, agencies)
                    raw[(id(task), f)] = value
            (group["tasks"] if group is not None else loose).append(task)
            out.rows += 1
            continue
        if task is not None and not tt:
            # A row without a number continues the task above: a page break, or one more activity.
            for f in ("title", "details", "lead", "support", "timeframe", "result", "note"):
                value = _cell(row, m.columns, f)
                if value:
                    _extend(task, f, value, agencies, raw)
            continue
        out.kept.append(Kept(_row_text(row), line, "row not recognised as a task or a group"))
    if loose:
        out.table["tasks"] = loose
    if groups:
        out.table["groups"] = groups
    return out


_TIME = re.compile(r"\d|\b(?:quy|thang|nam|tuan|ngay|thuong xuyen|dinh ky|lien tuc|giai doan|truoc)\b")


def _realign(row: list[str], columns: dict[int, str]) -> tuple[list[str], bool]:
    """The row with its cells back under their headers, and whether its timeframe cell was merged.

    A timeframe printed once in a cell merged over several rows is missing from the rows
    below it in a flattened table, and their later cells move one column left: a "timeframe"
    with no date, month, quarter or year in it, followed by an empty column, is the next
    column's value.
    """
    for c, f in columns.items():
        if f != "timeframe" or c >= len(row) or not row[c].strip() or _TIME.search(key(row[c])):
            continue
        if c + 1 in columns and columns[c + 1] != "timeframe" and (c + 1 >= len(row) or not row[c + 1].strip()):
            fixed = [*row[:c], "", row[c], *row[c + 2:]]
            return fixed, True
    return row, False


def _set(task: dict[str, Any], f: str, value: str, agencies: AgencyCell) -> None:
    if f == "details":
        task["details"] = [value]
    elif f in ("lead", "support"):
        refs, printed = agencies(value)
        task[f] = refs
        if printed is not None:
            task[f"{f}_text"] = printed
    else:
        task[f] = value


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _extend(task: dict[str, Any], f: str, value: str, agencies: AgencyCell, raw: dict[tuple[int, str], str]) -> None:
    if f == "details":
        task.setdefault("details", []).append(value)
    elif f in ("lead", "support"):
        old = raw.get((id(task), f)) or task.get(f"{f}_text") or ", ".join(task.get(f, []))
        more, _ = agencies(value) if old else ([], None)
        if old and task.get(f) and all(_ID.match(r) for r in [*task[f], *more]):
            # The cell's next line names one more known agency: a second owner, not the rest of a name.
            task[f] = list(dict.fromkeys([*task[f], *more]))
            task[f"{f}_text"] = raw[(id(task), f)] = f"{old}\n{value}"
            return
        printed = " ".join(x for x in (old, value) if x)
        _set(task, f, printed, agencies)
        raw[(id(task), f)] = printed
    else:
        task[f] = f"{task[f]} {value}" if task.get(f) else value


def map_products(m: Mapping, rows: list[list[str]], lines: list[int], id_prefix: str, ids: set[str]) -> Mapped:
    out = Mapped({"kind": "product_list", "columns": [c for c in m.header if c]})
    groups: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    for row, line in zip(rows[m.header_rows:], lines[m.header_rows:], strict=False):
        if not any(c.strip() for c in row) or _is_header_again(row, m.header) or _is_column_numbers(row):
            continue
        tt = _cell(row, m.columns, "tt")
        name = _cell(row, m.columns, "name")
        g = _group_of(row, m.columns, "name")
        if g is not None and not (name and _TT.match(tt)):
            group = {"tt": g[0], "title": g[1]} if g[0] else {"title": g[1]}
            ocop = _PRODUCT_GROUPS.get(fold(g[1]).strip())
            if ocop:
                group["group"] = ocop
            group["products"] = []
            groups.append(group)
            continue
        if name and (not tt or _TT.match(tt)):
            n = len(ids) + 1
            product: dict[str, Any] = {"id": _unique(f"{id_prefix}-sp{n}", ids)}
            if tt:
                product["tt"] = tt.rstrip(".")
            product["name"] = name
            for f in ("category", "commune", "district", "province", "note"):
                value = _cell(row, m.columns, f)
                if value:
                    product[f] = value
            producer = _cell(row, m.columns, "producer")
            if producer:
                product["producer"] = {"name": producer}
            ip = _cell(row, m.columns, "ip_registered")
            if ip:
                if fold(ip) in ("x", "co", "da co", "v", "✓"):
                    product["ip_registered"] = True
                else:
                    product["ip_note"] = ip
            rated = [f"{m.header[c]}: {row[c]}" for c, f in m.columns.items()
                     if f in ("stars", "score", "rated_on", "level", "decision") and c < len(row) and row[c]]
            if rated:
                product["note"] = "; ".join([*([product["note"]] if "note" in product else []), *rated])
            (group["products"] if group is not None else loose).append(product)
            out.rows += 1
            continue
        out.kept.append(Kept(_row_text(row), line, "row not recognised as a product or a group"))
    if loose:
        out.table["products"] = loose
    if groups:
        out.table["groups"] = groups
    return out


_RANK_LETTER = re.compile(r"^[A-ZĐ]\.?$")


def _rank(tt: str) -> int:
    if not tt:
        return 4
    if _RANK_LETTER.match(tt) and not is_roman(tt):
        return 0
    if is_roman(tt):
        return 1
    if _TT.match(tt):
        return 2 + tt.rstrip(".").count(".")
    return 4


def _number_ok(text: str) -> bool:
    try:
        vn.parse_vn_number(text)
    except ValueError:
        return False
    return True


def map_budget(m: Mapping, rows: list[list[str]], lines: list[int], unit: str, unit_text: str | None) -> Mapped:
    out = Mapped({"kind": "budget", "columns": [c for c in m.header if c], "unit": unit})
    if unit_text:
        out.table["unit_text"] = unit_text
    year_cols = sorted(m.years)
    if year_cols:
        out.table["years"] = [str(m.years[c]) for c in year_cols]
    top: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for row, line in zip(rows[m.header_rows:], lines[m.header_rows:], strict=False):
        if not any(c.strip() for c in row) or _is_header_again(row, m.header) or _is_column_numbers(row):
            continue
        tt = _cell(row, m.columns, "tt").rstrip(".")
        label = _cell(row, m.columns, "label")
        values = [row[c].strip() if c < len(row) else "" for c in year_cols]
        total = _cell(row, m.columns, "total")
        share = _cell(row, m.columns, "share")
        spanning = [v for v in values if v]
        if (len(year_cols) > 2 and 0 < len(spanning) <= 2 and not total and not share
                and "total" in m.columns.values() and (len(spanning) == 1 or "share" in m.columns.values())):
            # "Tổng ... toàn giai đoạn | 210.376 | 100,0": one cell spanning the year columns, so in a
            # flattened copy the row's total and share land under the first years.
            values = [""] * len(values)
            total, share = (*spanning, "")[:2]
        numbers = [v for v in (*values, total, share) if v]
        if not label or not all(_number_ok(v) for v in numbers):
            out.kept.append(Kept(_row_text(row), line, "row without a label, or with a cell that is not a number"))
            continue
        item: dict[str, Any] = {}
        if tt:
            item["tt"] = tt
        item["label"] = label
        if any(values):  # a row with no year cell filled (one cell spanning the years) has no values
            item["values"] = [v or None for v in values]
        if total:
            item["total"] = total
        if share:
            item["share"] = share
        # "Tổng A, B", "Tổng cộng": an unnumbered total row sums rows above it, it is not one of their parts.
        if not tt and fold(label).startswith("tong"):
            top.append(item)  # and the rows after it are not its parts either
            stack.clear()
            out.rows += 1
            continue
        rank = _rank(tt)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        (stack[-1][1].setdefault("rows", []) if stack else top).append(item)
        stack.append((rank, item))
        out.rows += 1
    out.table["rows"] = top
    return out


def generic(rows: list[list[str]]) -> dict[str, Any]:
    width = max((len(r) for r in rows), default=0)
    def one(c: str) -> str:
        return " ".join(c.split())

    return {"kind": "generic", "columns": [one(c) for c in rows[0]] if rows else [],
            "rows": [[one(c) or None for c in r] + [None] * (width - len(r)) for r in rows[1:]]}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-").replace("--", "-")


def _unique(base: str, ids: set[str]) -> str:
    base = re.sub(r"-+", "-", base).strip("-") or "t"
    candidate = base
    n = 2
    while candidate in ids:
        candidate = f"{base}-{n}"
        n += 1
    ids.add(candidate)
    return candidate
