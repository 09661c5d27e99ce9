"""Annex tables to and from spreadsheets (xlsx through openpyxl, csv).

Import maps columns by their Vietnamese header, with or without diacritics
("Tên sản phẩm", "Ten san pham"); a user's ``--map`` overrides. Every bad cell
is a located problem (sheet, row, column) and nothing is imported while any
remain, unless the caller asks to skip bad rows. Export writes the same
headers, so export followed by import gives the table back.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ocopctl import vn
from ocopctl.i18n import Msg, _
from ocopctl.models import BudgetRow, BudgetTable, Product, ProductTable, Task, TaskTable
from ocopctl.output import csv_text, from_sheet, xlsx_bytes
from ocopctl.ratings import TAXONOMY_148, classification_key
from ocopctl.spreadsheets import cell_name, read_csv, read_xlsx

# field -> header names documents use (the first is what export writes)
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "products": {
        "tt": ("TT", "STT", "Số TT"),
        "id": ("Mã", "Mã sản phẩm", "id"),
        "name": ("Tên sản phẩm", "Sản phẩm", "Tên"),
        "group": ("Nhóm sản phẩm", "Nhóm", "Nhóm OCOP"),
        # 148/QĐ-TTg's nhóm and phân nhóm; a bare "Nhóm" stays the six groups, as older sheets use it.
        "subgroup": ("Nhóm (148/QĐ-TTg)", "Nhóm theo Phụ lục I"),
        "subdivision": ("Phân nhóm", "Bộ sản phẩm", "Bộ tiêu chí"),
        "category": ("Lĩnh vực", "Ngành hàng"),
        "producer": ("Chủ thể", "Chủ thể sản xuất", "Tên chủ thể", "Cơ sở sản xuất"),
        "producer_kind": ("Loại hình chủ thể", "Loại chủ thể", "Loại hình"),
        "commune": ("Xã", "Địa điểm (xã)", "Địa chỉ"),
        "district": ("Huyện", "Quận/Huyện", "Quận, huyện"),
        "province": ("Tỉnh", "Tỉnh/Thành phố"),
        "ip_registered": ("Đã có đăng ký SHTT", "SHTT", "Sở hữu trí tuệ"),
        "stars": ("Số sao", "Hạng sao", "Sao"),
        "score": ("Điểm", "Điểm đánh giá"),
        "rated_on": ("Ngày công nhận", "Ngày quyết định", "Ngày đánh giá"),
        "level": ("Cấp đánh giá", "Cấp"),
        "decision": ("Quyết định công nhận", "Quyết định", "Số quyết định"),
        "note": ("Ghi chú",),
    },
    "tasks": {
        "tt": ("TT", "STT"),
        "id": ("Mã", "id"),
        "title": ("Nội dung", "Nội dung thực hiện", "Nhiệm vụ", "Nội dung công việc"),
        "lead": ("Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì"),
        "support": ("Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp"),
        "timeframe": ("Thời gian thực hiện", "Thời gian", "Thời gian hoàn thành"),
        "result": ("Kết quả phải đạt", "Kết quả", "Sản phẩm"),
        "note": ("Ghi chú",),
    },
    "budget": {
        "tt": ("TT", "STT"),
        "label": ("Nội dung", "Hạng mục", "Năm Nội dung"),
        "total": ("Tổng", "Tổng cộng", "Cộng"),
        "share": ("Tỷ lệ (%)", "Tỷ lệ", "%"),
    },
}
KINDS = tuple(HEADERS)


@dataclass
class Problem:
    sheet: str
    row: int
    column: int | None
    message: str
    hint: str | None = None

    @property
    def where(self) -> str:
        cell = cell_name(self.row, self.column) if self.column else _("row {row}").format(row=self.row)
        return f"{self.sheet}!{cell}"


@dataclass
class Imported:
    table: ProductTable | TaskTable | BudgetTable
    rows_read: int
    rows_skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def _header_index(kind: str, overrides: dict[str, str]) -> dict[str, str]:
    index = {vn.name_key(h): f for f, names in HEADERS[kind].items() for h in names}
    index |= {vn.name_key(h): f for h, f in overrides.items()}
    return index


def read_sheet(path: Path, sheet: str | None = None) -> tuple[str, list[list[Any]], list[Problem]]:
    """Rows of cell values; merged cells filled from their top-left cell (noted), formulas read
    through their cached value (a problem when the file holds none). Raises ``NoSuchSheet`` (a
    KeyError) for an unknown sheet name and ``UnreadableSheet`` for a file that cannot be read."""
    if path.suffix.lower() == ".csv":
        lines, note = read_csv(path)
        return path.name, lines, [Problem(path.name, 1, None, note)] if note else []
    book = read_xlsx(path, sheet)
    name, rows = book.name, book.rows
    notes = [Problem(name, r + 1, c + 1, Msg("formula {formula} has no computed value in the file", formula=repr(text)),
                     Msg("open and save the file in Excel or LibreOffice, or type the value"))
             for r, c, text in book.uncached]
    for (r0, c0), (r1, c1) in book.merged:  # inside the rectangle read_xlsx bounds
        width = c1 + 1
        while len(rows) <= r1:
            rows.append([])
        for row in rows[r0:r1 + 1]:
            row.extend([None] * (width - len(row)))
        top = rows[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                rows[r][c] = top
        notes.append(Problem(name, r0 + 1, c0 + 1, Msg(
            "merged cells {first}:{last} read as {value} in every cell they cover",
            first=cell_name(r0 + 1, c0 + 1), last=cell_name(r1 + 1, c1 + 1), value=repr(top))))
    return name, rows, notes


def _text(v: Any) -> str | None:
    """A cell's text, with export's guard against formulas (``output.sheet_text``) undone."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = from_sheet(v).strip() if isinstance(v, str) else str(v).strip()
    return s or None


def _number(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    if isinstance(v, int | float):
        return Decimal(str(v))
    return vn.parse_vn_number(str(v))


def import_table(path: Path, kind: str, sheet: str | None = None, overrides: dict[str, str] | None = None,
                 skip_bad_rows: bool = False, id_prefix: str = "imp") -> Imported:
    """Read a spreadsheet into a table of ``kind`` (products, tasks, budget)."""
    name, rows, notes = read_sheet(path, sheet)
    formula_problems = [n for n in notes if n.message.startswith("formula")]
    notes = [n for n in notes if not n.message.startswith("formula")]
    index = _header_index(kind, overrides or {})
    problems: list[Problem] = list(formula_problems)
    header_row = next((i for i, r in enumerate(rows) if any(_text(v) for v in r)), None)
    if header_row is None:
        problems.append(Problem(name, 1, None, "the sheet is empty"))
        return Imported(_empty(kind), 0, problems=problems, notes=notes)
    columns: dict[int, str] = {}
    years: dict[int, int] = {}
    for c, h in enumerate(rows[header_row]):
        text = _text(h)
        if not text:
            continue
        key = vn.name_key(text)
        if key in index:
            columns[c] = index[key]
        elif kind == "budget" and text.isdigit() and len(text) == 4:
            years[c] = int(text)
        else:
            close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.6)
            known = [n for names in HEADERS[kind].values() for n in names]
            suggestion = next((n for n in known if vn.name_key(n) == close[0]), None) if close else None
            problems.append(Problem(name, header_row + 1, c + 1, Msg("unknown column header {header}",
                                                                     header=repr(text)),
                                    Msg("did you mean {suggestion}? or map it with --map '{header}=FIELD'",
                                        suggestion=repr(suggestion), header=text)
                                    if suggestion else Msg("map it with --map '{header}=FIELD'", header=text)))
    builders: dict[str, Any] = {"products": _product, "tasks": _task, "budget": _budget_row}
    items: list[Any] = []
    products_by_id: dict[str, Product] = {}  # a sheet repeats a product's row once per rating
    skipped = 0
    read = 0
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        if not any(_text(v) for v in row):
            continue  # blank rows separate blocks in office spreadsheets
        read += 1
        cells = {f: row[c] for c, f in columns.items() if c < len(row)}
        row_problems: list[Problem] = []
        item: Any
        try:
            item = builders[kind](cells, {y: row[c] for c, y in years.items() if c < len(row)}, r + 1, id_prefix)
        except _CellError as exc:
            col = next((c + 1 for c, f in columns.items() if f == exc.field), None)
            row_problems.append(Problem(name, r + 1, col, exc.message, exc.hint))
            item = None
        if row_problems:
            if skip_bad_rows:
                skipped += 1
                notes.extend(row_problems)
            else:
                problems.extend(row_problems)
        elif item is not None:
            merged = _merge_rating(products_by_id, item) if kind == "products" else False
            if merged is None:
                problems.append(Problem(name, r + 1, None, Msg("product id {id} repeats with other details",
                                                               id=repr(item.id)),
                                        Msg("rows of one product may differ only in their rating columns")))
            elif not merged:
                items.append(item)
    header = [rows[header_row][c] for c in sorted(columns) + sorted(years)]
    table = _assemble(kind, items, header, sorted(years.values()))
    return Imported(table, read, skipped, problems, notes)


def _merge_rating(by_id: dict[str, Product], product: Product) -> bool | None:
    """Rows that repeat a product's id carry more of its ratings. True: merged; False: a new
    product; None: the same id with other details."""
    existing = by_id.get(product.id)
    if existing is None:
        by_id[product.id] = product
        return False
    if existing.model_dump(exclude={"ratings"}) != product.model_dump(exclude={"ratings"}):
        return None
    existing.ratings.extend(product.ratings)
    return True


class _CellError(Exception):
    def __init__(self, field_name: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message
        self.hint = hint


def _required(cells: dict[str, Any], name: str) -> str:
    v = _text(cells.get(name))
    if not v:
        raise _CellError(name, Msg("the '{header}' cell is empty", header=HEADERS_BY_FIELD[name]),
                         Msg("every row needs it"))
    return v


# nhóm names that are not also a group ("dịch vụ du lịch cộng đồng ..." is both)
_NHOM_148 = ({classification_key(n) for subgroups in TAXONOMY_148.values() for n in subgroups}
             - {classification_key(g) for g in TAXONOMY_148})
HEADERS_BY_FIELD = {f: names[0] for kind in HEADERS.values() for f, names in kind.items()}


def _num(cells: dict[str, Any], name: str) -> Decimal | None:
    try:
        return _number(cells.get(name))
    except ValueError as exc:
        raise _CellError(name, str(exc)) from None


def _product(cells: dict[str, Any], _years: dict[int, Any], row: int, prefix: str) -> Product:
    data: dict[str, Any] = {"id": _text(cells.get("id")) or f"{prefix}-{row}", "name": _required(cells, "name")}
    for f in ("tt", "subgroup", "subdivision", "category", "commune", "district", "province", "note"):
        if _text(cells.get(f)):
            data[f] = _text(cells.get(f))
    if _text(cells.get("group")):
        data["group"] = str(_text(cells.get("group"))).lower()
        if classification_key(data["group"]) in _NHOM_148:
            raise _CellError("group", Msg("{group} is a nhóm of 148/QĐ-TTg, not one of the six groups",
                                          group=repr(data["group"])),
                             Msg("map that column to 148's nhóm: --map '<its header>=subgroup'"))
    if _text(cells.get("producer")):
        data["producer"] = {"name": _text(cells.get("producer"))}
        if _text(cells.get("producer_kind")):
            data["producer"]["kind"] = _text(cells.get("producer_kind"))
    ip = _text(cells.get("ip_registered"))
    if ip is not None:
        data["ip_registered"] = ip.lower() in {"x", "có", "co", "yes", "true", "1", "đã đăng ký"}
    if _text(cells.get("stars")):
        if not _date_text(cells.get("rated_on")):
            raise _CellError("stars", Msg("a rating needs the date it was recognised ('Ngày công nhận')"),
                             Msg("add a 'Ngày công nhận' column, or leave 'Số sao' empty"))
        score = _num(cells, "score")
        rating: dict[str, Any] = {"stars": _text(cells.get("stars")), "level": _text(cells.get("level")) or "tỉnh",
                                  "date": _date_text(cells.get("rated_on"))}
        if score is not None:
            rating["score"] = score
        if _text(cells.get("decision")):
            rating["decision"] = _text(cells.get("decision"))
        data["ratings"] = [rating]
    product: Product = _validated(Product, data)
    return product


def _date_text(v: Any) -> str | None:
    if hasattr(v, "isoformat"):
        return str(v.isoformat())[:10]
    return _text(v)


def _task(cells: dict[str, Any], _years: dict[int, Any], row: int, prefix: str) -> Task:
    data: dict[str, Any] = {"id": _text(cells.get("id")) or f"{prefix}-{row}", "title": _required(cells, "title")}
    for f in ("tt", "timeframe", "result", "note"):
        if _text(cells.get(f)):
            data[f] = _text(cells.get(f))
    for f in ("lead", "support"):
        text = _text(cells.get(f))
        if text:
            data[f] = [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]
    task: Task = _validated(Task, data)
    return task


def _budget_row(cells: dict[str, Any], years: dict[int, Any], _row: int, _prefix: str) -> BudgetRow:
    data: dict[str, Any] = {"label": _required(cells, "label")}
    if _text(cells.get("tt")):
        data["tt"] = _text(cells.get("tt"))
    values = []
    for year in sorted(years):
        try:
            values.append(_number(years[year]))
        except ValueError as exc:
            raise _CellError(str(year), f"{year}: {exc}") from None
    data["values"] = values
    for f in ("total", "share"):
        n = _num(cells, f)
        if n is not None:
            data[f] = n
    budget_row: BudgetRow = _validated(BudgetRow, data)
    return budget_row


def _validated(model: Any, data: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        fname = next((p for p in err["loc"] if isinstance(p, str) and p in HEADERS_BY_FIELD), str(err["loc"][0]))
        raise _CellError(fname, f"{fname}: {err['msg']} (got {err.get('input')!r})") from None


def _empty(kind: str) -> ProductTable | TaskTable | BudgetTable:
    return _assemble(kind, [], [], [])


def _assemble(kind: str, items: list[Any], header: list[Any],
              years: list[int]) -> ProductTable | TaskTable | BudgetTable:
    columns = [str(h) for h in header if h is not None]
    if kind == "products":
        return ProductTable(kind="product_list", columns=columns, products=items)
    if kind == "tasks":
        return TaskTable(kind="task_assignment", columns=columns, tasks=items)
    return BudgetTable(kind="budget", unit="triệu đồng", columns=columns, years=years, rows=items)


# --------------------------------------------------------------------------- export


def table_rows(table: ProductTable | TaskTable | BudgetTable) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a table as export writes them (the headers import reads back)."""
    if isinstance(table, ProductTable):
        fields = list(HEADERS["products"])
        header = [HEADERS["products"][f][0] for f in fields]
        products = list(table.products) + [p for g in table.groups for p in g.products]
        groups = {p.id: g.group for g in table.groups for p in g.products}
        # One row per rating, so that a product's whole rating history survives a round trip.
        return header, [_product_cells(p, groups.get(p.id), r) for p in products for r in _history(p)]
    if isinstance(table, TaskTable):
        fields = list(HEADERS["tasks"])
        header = [HEADERS["tasks"][f][0] for f in fields]
        return header, [_task_cells(t, fields) for t in _all_tasks(table)]
    rows = list(_all_budget_rows(table.rows))
    # A row printed without year cells (a total over the whole period) still fills every column.
    width = max([len(table.years), *(len(r.values) for r in rows)])
    years = [str(y) for y in table.years] + [""] * (width - len(table.years))
    header = ["TT", "Nội dung", *years, "Tổng", "Tỷ lệ (%)"]
    return header, [[r.tt, r.label, *[_vn(v) for v in r.values], *[None] * (width - len(r.values)), _vn(r.total),
                     _vn(r.share)] for r in rows]


def _history(p: Product) -> list[Any]:
    """The product's ratings, oldest first, or one empty slot for an unrated product."""
    return sorted(p.ratings, key=lambda x: x.date) or [None]


def _vn(v: Decimal | None) -> str | None:
    return None if v is None else vn.format_vn_number(v)


def _product_cells(p: Product, group: str | None, r: Any) -> list[Any]:
    return [p.tt, p.id, p.name, p.group or group, p.subgroup, p.subdivision, p.category,
            p.producer.name if p.producer else None, p.producer.kind if p.producer else None,
            p.commune, p.district, p.province,
            None if p.ip_registered is None else ("x" if p.ip_registered else "không"),
            r.stars if r else None, _vn(r.score) if r and r.score is not None else None,
            r.date.isoformat() if r else None, r.level if r else None, r.decision if r else None, p.note]


def _task_cells(t: Task, fields: list[str]) -> list[Any]:
    values = {"tt": t.tt, "id": t.id, "title": t.title, "lead": "; ".join(t.lead) or None,
              "support": "; ".join(t.support) or None, "timeframe": t.timeframe, "result": t.result,
              "note": t.note}
    return [values[f] for f in fields]


def _all_tasks(table: TaskTable) -> Iterator[Task]:
    yield from table.tasks

    def walk(groups: list[Any]) -> Iterator[Task]:
        for g in groups:
            for t in g.tasks:
                yield t.model_copy(update={"lead": t.lead or g.lead, "timeframe": t.timeframe or g.timeframe})
            yield from walk(g.groups)

    yield from walk(table.groups)


def _all_budget_rows(rows: list[BudgetRow]) -> Iterator[BudgetRow]:
    for r in rows:
        yield r
        yield from _all_budget_rows(r.rows)


def export_table(table: ProductTable | TaskTable | BudgetTable, fmt: str,
                 sheet: str = "Phụ lục") -> tuple[bytes, int]:
    """The table as .xlsx or CSV bytes, and how many cells .xlsx could not hold as they were
    (``ocopctl.output.xlsx_bytes``); text cells are guarded against formulas either way."""
    header, rows = table_rows(table)
    if fmt == "xlsx":
        return xlsx_bytes(sheet, header, rows)
    return csv_text(header, rows).encode("utf-8"), 0
