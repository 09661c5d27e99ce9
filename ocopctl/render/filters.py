"""The filters every template may use: formatting of numbers, dates, Markdown text, and the
layout of the published tables (which field a column shows, merged cells, widths).

Each takes and returns plain data (the frozen views of ``ocopctl.render.context``); none
touches the system. ``agency_names`` reads agency names through the resolver of the job
being rendered, which the sandbox sets and no template can reach.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Any, cast

import jinja2

from ocopctl import limits, vn
from ocopctl.citations import PROPOSAL
from ocopctl.docnumbers import parse_number
from ocopctl.models import Product
from ocopctl.ratings import latest_rating
from ocopctl.render.context import View, freeze, frozen_view

# The agency names of the job being rendered (ref -> name); set by the sandbox around each render.
AGENCY_NAMES: ContextVar[Callable[[str], str] | None] = ContextVar("agency_names", default=None)

_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
          ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(value: int) -> str:
    """I, II, III ... for section and group numbers."""
    n, out = int(value), ""
    if n > 3999:
        raise ValueError(f"{n} has no Roman numeral (they stop at 3999)")
    for letters, amount in _ROMAN:
        while n >= amount:
            out, n = out + letters, n - amount
    return out


def paragraph_text(value: Any) -> str:
    """A paragraph is a string or an objective with its text."""
    return value if isinstance(value, str) else str(value.text)


def vnnum(value: Any, dash_for_zero: bool = False) -> str:
    """854.788; 75,4 — and, in budget tables, ``-`` for zero as they print it."""
    if isinstance(value, jinja2.Undefined) or value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a number")
    if number_digits(number) > limits.NUMBER_DIGITS.value:
        raise ValueError(f"{value!r} has more than {limits.NUMBER_DIGITS.value} digits (NUMBER_DIGITS)")
    if dash_for_zero and number == 0:
        return "-"
    return vn.format_vn_number(number)


def number_digits(number: Decimal) -> int:
    """How many digits ``number`` prints without an exponent (``1E+6``: 7; ``0.005``: 4)."""
    return max(number.adjusted(), 0) + 1 + max(-int(number.as_tuple().exponent), 0)


def _date_arg(value: Any) -> date:
    if not isinstance(value, date):
        raise jinja2.UndefinedError(f"{value!r} is not a date")
    return value


def long_date(value: Any) -> str:
    return vn.format_date_long(_date_arg(value))


def short_date(value: Any) -> str:
    return vn.format_date_short(_date_arg(value))


def docnumber(text: str) -> str:
    """A document number as a new document cites it: "192 /KH-UBND" -> "192/KH-UBND" (stray spaces out,
    a lost hyphen back); what it cannot read is printed as given."""
    return parse_number(str(text)).canonical


def decree_order(bases: Any) -> tuple[Any, ...]:
    """Legal bases as Nghị định 30/2020 orders them: every "Căn cứ ..." first, the proposal ("Theo đề nghị
    ...", "Xét đề nghị ...") last, each group in its own order (a draft's bases; OC115 finds published ones)."""
    items = tuple(bases or ())
    return (tuple(b for b in items if not PROPOSAL.match(paragraph_text(b)))
            + tuple(b for b in items if PROPOSAL.match(paragraph_text(b))))


def lcfirst(text: str) -> str:
    """"Triển khai thực hiện ..." -> "triển khai thực hiện ..." when it follows a type name."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


# The ways a value would start a block of its own at the start of a line: a heading, a quote, a
# rule, a code fence, an HTML block, a link definition (which would vanish) or a list marker with
# nothing after it (which would too). A list marker before text stays as it is: a "- " or "1. "
# paragraph prints the document's own dash or number, and Markdown shows it as the list item it is.
_MD_SPACE = re.compile(r"[ \t\r\n]+")
_MD_LINES = re.compile(r"\r\n?|\n")
_MD_BLOCK = re.compile(r"#{1,6}(?:[ \t]|$)|>|([-*_])[ \t]*(?:\1[ \t]*){2,}$|`{3}|~{3}|<[A-Za-z/!?]|\[[^\]]*\]:"
                       r"|[-*+][ \t]*$")
_MD_NUMBER_ALONE = re.compile(r"^(\d{1,9})([.)][ \t]*)$")  # "2." alone: escaped at its dot, digits cannot be
_MD_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")  # an ATX heading would drop them


def markdown_text(value: Any, cell: bool = False) -> str:
    """A data value as Markdown text that stays where it is put: one line, ``|`` escaped (a table
    cell is not split), and, as a paragraph, nothing at its start that makes it a heading, quote,
    rule, code or HTML block. ``cell``: inside a table cell, where every run of spaces and line
    breaks is one space (a draft's blanks kept)."""
    text = str(value)
    if cell:
        text = _MD_SPACE.sub(" ", text).strip(" ")
    else:
        text = " ".join(line.strip(" \t") for line in _MD_LINES.split(text.strip()) if line.strip(" \t"))
        if _MD_BLOCK.match(text):
            text = "\\" + text
        text = _MD_NUMBER_ALONE.sub(r"\1\\\2", text)
        text = _MD_CLOSING_HASHES.sub(r"\1\\\2", text)
    return text.replace("|", "\\|")


def mdcell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return markdown_text(value, cell=True)


def header_grid(rows: Sequence[Sequence[Any]]) -> list[list[str]]:
    """Header rows as a plain grid, for formats without spans: a spanned cell's text in its
    first position, the positions it covers empty."""
    grid: list[list[str]] = []
    taken: set[tuple[int, int]] = set()  # positions a span from an earlier cell covers
    for r, row in enumerate(rows):
        out: dict[int, str] = {}
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            text, colspan, rowspan = (cell, 1, 1) if isinstance(cell, str) else (cell.text, cell.colspan,
                                                                                 cell.rowspan)
            if colspan * rowspan > limits.TEMPLATE_RANGE.value:
                raise ValueError(f"a header cell spans {colspan} columns and {rowspan} rows; a table may have "
                                 f"at most {limits.TEMPLATE_RANGE.value} cells (TEMPLATE_RANGE)")
            out[col] = text
            taken.update((r + dr, col + dc) for dr in range(rowspan) for dc in range(colspan) if dr or dc)
            col += 1
        width = max([col, *(c + 1 for rr, c in taken if rr == r)])
        grid.append([out.get(c, "") for c in range(width)])
    return grid


# Header words -> the field a column shows. Checked in order on the folded header text.
_COLUMN_FIELDS: tuple[tuple[str, str], ...] = (
    (r"^s?tt$", "tt"),
    (r"nhiem vu hoat dong|hoat dong cu the", "details"),
    (r"phoi hop", "support"),
    (r"noi dung|ten nhiem vu|nhiem vu", "title"),
    (r"chu tri|dau moi|don vi thuc hien|co quan thuc hien", "lead"),
    (r"thoi gian|tien do|thoi han", "timeframe"),
    (r"ket qua|san pham dau ra", "result"),
    (r"kinh phi|du toan|ngan sach", "budget"),
    (r"ghi chu", "note"),
    (r"shtt|so huu tri tue|nhan hieu", "ip"),
    (r"^chuoi", "name"),
    (r"dang san pham", "forms"),
    (r"vung nguyen lieu", "raw_material_areas"),
    (r"che bien", "processing_areas"),
    (r"to chuc|don vi|doanh nghiep|chu the", "producer"),
    (r"ten san pham|^san pham", "name"),
    (r"linh vuc|nganh hang|phan loai", "category"),
    (r"phan nhom|bo san pham|bo tieu chi", "subdivision"),
    (r"nhom", "group"),
    (r"quan|huyen|thi xa", "district"),
    (r"xa|dia diem|dia chi", "commune"),
    (r"tinh", "province"),
    (r"sao|hang", "stars"),
    (r"diem", "score"),
)
_WEIGHTS = {
    "tt": 6, "title": 40, "details": 50, "lead": 17, "support": 20, "timeframe": 12, "result": 30, "budget": 10,
    "note": 10, "ip": 8, "name": 18, "forms": 18, "raw_material_areas": 13, "processing_areas": 13,
    "producer": 24, "category": 11, "group": 12, "subdivision": 16, "district": 11, "commune": 13, "province": 10,
    "stars": 7, "score": 7,
}


def column_field(header: Any) -> str:
    """The task, product or chain field a printed column header names ("" if none)."""
    key = " ".join(re.sub(r"[^\w]+", " ", vn.fold(str(header))).split())
    for pattern, name in _COLUMN_FIELDS:
        if re.search(pattern, key):
            return name
    return ""


def column_widths(fields: Iterable[str], numbers: Iterable[str] = ()) -> list[int]:
    """Relative column widths for the fields; ``numbers``: the TT values, which widen TT when long
    ("2.1.1")."""
    longest = max((len(n) for n in numbers), default=0)
    return [max(_WEIGHTS.get(f, 14), longest + 2) if f == "tt" else _WEIGHTS.get(f, 14) for f in fields]


def row_numbers(table: Any) -> list[str]:
    """Every TT a task table prints, its groups' included."""
    out: list[str] = []

    def walk(tasks: Iterable[Any], groups: Iterable[Any]) -> None:
        out.extend(t.tt for t in tasks if t.tt)
        for g in groups:
            if g.tt:
                out.append(g.tt)
            walk(g.tasks, g.groups)

    walk(getattr(table, "tasks", []), getattr(table, "groups", []))
    return out


def runs(items: Sequence[Any], *attributes: str) -> list[tuple[Any, int]]:
    """Each item with the number of rows its ``attributes`` span: n on the first of a run of
    equal values, 0 on the rest, as a published table prints a merged cell once."""
    out: list[tuple[Any, int]] = []
    i = 0
    while i < len(items):
        value = tuple(getattr(items[i], a, None) for a in attributes)
        j = i + 1
        while (j < len(items) and None not in value
               and tuple(getattr(items[j], a, None) for a in attributes) == value):
            j += 1
        out.append((items[i], j - i))
        out.extend((item, 0) for item in items[i + 1:j])
        i = j
    return out


_CHAIN_ORDER = ("tt", "name", "forms", "raw_material_areas", "processing_areas", "producer", "note")
_AREAS = ("raw_material_areas", "processing_areas")


def chain_layout(table: Any) -> Any:
    """Columns and header rows of a product-chain table.

    A chain table has one shape (490/QĐ-TTg's): TT, chain, forms, the two value-chain
    areas, producers. Cells follow that order; the printed headers name them. A header
    that names no field is the heading over the two areas ("Liên kết vùng"), printed as
    a second header row. An explicit ``header`` is printed as given.
    """
    named = {column_field(c): c for c in table.columns}
    named.pop("", None)
    parents = [c for c in table.columns if not column_field(c)]
    fields = [f for f in _CHAIN_ORDER if f in named] or ["tt", "name", "forms", "producer"]
    if table.header:
        return freeze({"fields": [column_field(c) for c in table.columns], "header": table.header})
    if len(parents) == 1 and all(a in fields for a in _AREAS):
        top: list[str | View] = []
        for f in fields:
            if f == _AREAS[0]:
                top.append(frozen_view("HeaderCell", text=parents[0], colspan=2, rowspan=1))
            elif f not in _AREAS:
                top.append(frozen_view("HeaderCell", text=named[f], colspan=1, rowspan=2))
        return freeze({"fields": fields, "header": [top, [named[a] for a in _AREAS]]})
    return freeze({"fields": fields, "header": [[named.get(f, "") for f in fields]] if named else []})


def flatten_rows(rows: Sequence[Any], depth: int = 0) -> list[tuple[Any, int]]:
    out: list[tuple[Any, int]] = []
    for row in rows:
        out.append((row, depth))
        out.extend(flatten_rows(row.rows, depth + 1))
    return out


WIDE_COLUMNS = 6
WIDE_WEIGHT = 120  # columns whose widths add up to this much text do not fit 165 mm


def is_wide(annex: Any) -> bool:
    """An annex whose tables need a landscape page: six columns or more, or a few wide ones."""
    return any(_column_count(t) >= WIDE_COLUMNS
               or sum(column_widths(column_field(c) for c in t.columns)) >= WIDE_WEIGHT for t in annex.tables)


def _column_count(table: Any) -> int:
    kind = getattr(table, "kind", "")
    if table.columns:
        return len(table.columns)
    if kind == "budget":
        return 4 + len(getattr(table, "years", []))
    if kind == "target_matrix":
        return 3 + len(getattr(table, "categories", []))
    if kind == "product_list":
        return 5
    return 4


def latest_stars(product: Any) -> str:
    r = latest_rating(cast(Product, product))  # a view of a Product has the fields latest_rating reads
    return str(r.stars) if r else ""


def latest_score(product: Any) -> str:
    r = latest_rating(cast(Product, product))
    return vnnum(r.score) if r and r.score is not None else ""


def agency_names(refs: Sequence[str]) -> str:
    """Agency references as the names the registry gives them, joined with commas."""
    name = AGENCY_NAMES.get()
    return ", ".join(name(r) if name else r for r in refs)


FILTERS: dict[str, Callable[..., Any]] = {
    "text": paragraph_text, "vnnum": vnnum,
    "docnumber": docnumber, "decree_order": decree_order, "long_date": long_date, "short_date": short_date,
    "lcfirst": lcfirst,
    "md": markdown_text, "mdcell": mdcell, "column_field": column_field, "column_widths": column_widths, "runs": runs,
    "flatten_rows": flatten_rows, "is_wide": is_wide, "latest_stars": latest_stars, "latest_score": latest_score,
    "agency_names": agency_names, "chain_layout": chain_layout, "roman": roman, "header_grid": header_grid,
    "row_numbers": row_numbers,
}
