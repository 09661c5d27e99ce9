"""Spreadsheet cells as ocopctl writes them: never a formula, numbers stay numbers, control
characters never crash the .xlsx writer, and import gives back the text that was exported; and
every exportable table of every annex under plans/ exports to both formats and imports back."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopctl.api import load_repository
from ocopctl.models import AnnexFile, BudgetTable, Document, ProductRegistry, ProductTable, TaskTable
from ocopctl.output import csv_text, from_sheet, sheet_text, xlsx_bytes, xlsx_text
from ocopctl.tables_io import export_table, import_table, read_sheet, table_rows

PLANS = Path(__file__).parents[2] / "plans"
FORMULA_STARTS = "=+-@|%\t\r\n＝＋－＠"


@pytest.mark.parametrize(("text", "written"), [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+84 912 345 678", "'+84 912 345 678"),
    ("-5 triệu", "'-5 triệu"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("- Kinh phí", "'- Kinh phí"),
    ("'=1", "''=1"),  # so that import can tell it from a guarded "=1"
    ("'", "'"),
    ("'abc", "'abc"),
    ("-5", "-5"),
    ("-1.234,5", "-1.234,5"),
    ("Sở Công Thương", "Sở Công Thương"),
    ("", ""),
])
def test_sheet_text(text: str, written: str) -> None:
    assert sheet_text(text) == written
    assert from_sheet(written) == text


@given(st.text())
def test_guarding_is_undone_exactly(text: str) -> None:
    written = sheet_text(text)
    assert from_sheet(written) == text
    if written and written[0] in FORMULA_STARTS:
        assert written.lstrip("-").replace(".", "").replace(",", "").isdigit()


def _csv_back(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline="")))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8")), min_size=1, max_size=8))
def test_csv_round_trip_of_any_text(texts: list[str]) -> None:
    rows = _csv_back(csv_text(["h"], [[t] for t in texts]))
    assert [from_sheet(r[0]) if r else "" for r in rows[1:]] == texts


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), min_size=1), min_size=1, max_size=8))
def test_xlsx_round_trip_of_any_text(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    data, changed = xlsx_bytes("s", ["h"], [[t] for t in texts])
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    path.write_bytes(data)
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row)  # never a formula or an error value
    _name, rows, _notes = read_sheet(path)
    assert [r[0] for r in rows[1:]] == [xlsx_text(t)[0] for t in texts]
    assert changed == sum(xlsx_text(t)[1] for t in texts)
    # What .xlsx can hold comes back as it was.
    assert all(from_sheet(r[0]) == t for r, t in zip(rows[1:], texts, strict=True) if not xlsx_text(t)[1])


def test_numbers_stay_numbers_and_text_that_looks_like_one_is_guarded(tmp_path: Path) -> None:
    row = [-5, Decimal("-1.5"), 2.5, "-5 triệu", "=1+1", "#N/A", True]
    assert _csv_back(csv_text(list("abcdefg"), [row]))[1] == ["-5", "-1.5", "2.5", "'-5 triệu", "'=1+1", "#N/A", "True"]
    path = tmp_path / "n.xlsx"
    path.write_bytes(xlsx_bytes("s", list("abcdefg"), [row])[0])
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    [cells] = list(ws.iter_rows(min_row=2))
    assert [c.data_type for c in cells] == ["n", "n", "n", "s", "s", "s", "b"]
    assert [c.value for c in cells] == [-5, -1.5, 2.5, "'-5 triệu", "'=1+1", "#N/A", True]


def test_control_characters_and_long_text_do_not_crash_the_xlsx_writer(tmp_path: Path) -> None:
    data, changed = xlsx_bytes("s", ["h\x01"], [["a\x00b\x1fc\x0bd"], ["tab\tnewline\nCR\r"], ["x" * 40_000]])
    assert changed == 3  # the header, the control characters and the long text; tab, newline and CR are kept
    path = tmp_path / "c.xlsx"
    path.write_bytes(data)
    _name, rows, _notes = read_sheet(path)
    assert rows == [["h␁"], ["a␀b␟c␋d"], ["tab\tnewline\nCR\r"], ["x" * 32_767]]


# --------------------------------------------------------------------------- every annex under plans/

KINDS = {ProductTable: "products", TaskTable: "tasks", BudgetTable: "budget"}


def _exportable() -> list[tuple[str, int, ProductTable | TaskTable | BudgetTable]]:
    repo, problems = load_repository([PLANS])
    assert problems == []
    found: list[tuple[str, int, ProductTable | TaskTable | BudgetTable]] = []
    for f in repo.files:
        model = f.model
        tables: list[object] = []
        if isinstance(model, ProductRegistry):
            tables = [ProductTable(kind="product_list", products=model.products)]
        elif isinstance(model, Document):
            tables = [t for a in model.annexes for t in a.tables]
        elif isinstance(model, AnnexFile):
            tables = list(model.tables)
        found += [(f.display, i, t) for i, t in enumerate(tables)
                  if isinstance(t, ProductTable | TaskTable | BudgetTable)]
    return found


EXPORTABLE = _exportable()


def test_the_repository_has_every_kind_of_table_to_export() -> None:
    assert {type(t) for _f, _i, t in EXPORTABLE} == set(KINDS)
    assert any("quang-ninh" in f and isinstance(t, BudgetTable) for f, _i, t in EXPORTABLE)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("display", "index", "table"), EXPORTABLE,
                         ids=[f"{Path(f).stem}-{i}" for f, i, _t in EXPORTABLE])
def test_every_annex_table_exports_and_imports_back(tmp_path: Path, fmt: str, display: str, index: int,
                                                    table: ProductTable | TaskTable | BudgetTable) -> None:
    data, changed = export_table(table, fmt)
    assert changed == 0
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(data)
    _name, rows, _notes = read_sheet(path)
    header, expected = table_rows(table)
    assert {len(r) for r in rows} == {len(header)}, display
    assert len(rows) == len(expected) + 1
    imported = import_table(path, KINDS[type(table)])
    assert imported.problems == []
    assert table_rows(imported.table) == (header, expected)
