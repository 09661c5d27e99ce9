"""Spreadsheet import and export: round trips and bad sheets."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from ocopctl.api import load_repository
from ocopctl.cli import app
from ocopctl.models import AnnexFile, BudgetTable, Document, ProductRegistry, TaskTable
from ocopctl.tables_io import export_table, import_table

CASES = Path(__file__).parents[1] / "cases"
REPORT = Path(__file__).parents[1] / "data" / "report" / "plan.yaml"
runner = CliRunner()


def sheet(tmp_path: Path, rows: list[list[object]], merge: str | None = None, name: str = "s.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize("case", ["OC505/pass-re-rated", "OC507/pass-148-classification-in-2024"])
def test_products_round_trip(tmp_path: Path, case: str) -> None:
    src = CASES / case / "p.yaml"
    out = tmp_path / "p.xlsx"
    assert runner.invoke(app, ["export", str(src), "-o", str(out)]).exit_code == 0
    back = tmp_path / "p.yaml"
    result = runner.invoke(app, ["import", str(out), "--kind", "products", "--province", "Tỉnh Mẫu",
                                 "--into", str(back)])
    assert result.exit_code == 0, result.output
    repo_a, _ = load_repository([src])
    repo_b, problems = load_repository([back])
    assert problems == []
    a, b = repo_a.files[0].model, repo_b.files[0].model
    assert isinstance(a, ProductRegistry) and isinstance(b, ProductRegistry)
    assert [p.model_dump(exclude={"tt"}) for p in a.products] == [p.model_dump(exclude={"tt"}) for p in b.products]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_tasks_round_trip(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    assert runner.invoke(app, ["export", str(REPORT), "--annex", "Phụ lục 01", "-o", str(out)]).exit_code == 0
    back = tmp_path / "t.yaml"
    result = runner.invoke(app, ["import", str(out), "--kind", "tasks", "--parent", "mau/2018-10-kh-ubnd",
                                 "--into", str(back)])
    assert result.exit_code == 0, result.output
    repo, problems = load_repository([back])
    assert problems == []
    annex = repo.files[0].model
    assert isinstance(annex, AnnexFile) and isinstance(annex.tables[0], TaskTable)
    tasks = {t.id: t for t in annex.tables[0].tasks}
    assert tasks["ct-1"].lead == ["m-sct"] and tasks["ct-1"].support == ["m-snn"]
    assert tasks["yearly"].timeframe == "Hằng năm" and tasks["yearly"].lead == ["m-snn"]
    assert len(tasks) == 6


def test_budget_round_trip(tmp_path: Path) -> None:
    src = CASES / "OC401/pass-consistent-table/plan.yaml"
    repo, _ = load_repository([src])
    doc = repo.files[0].model
    assert isinstance(doc, Document)
    table = doc.annexes[1].tables[0]
    assert isinstance(table, BudgetTable)
    path = tmp_path / "b.xlsx"
    path.write_bytes(export_table(table, "xlsx")[0])
    imported = import_table(path, "budget")
    assert imported.problems == []
    flat = [(r.tt, r.label, r.values, r.total, r.share) for r in _flat(table.rows)]
    assert [(r.tt, r.label, r.values, r.total, r.share) for r in imported.table.rows] == flat  # type: ignore[union-attr]


def _flat(rows):  # type: ignore[no-untyped-def]
    for r in rows:
        yield r
        yield from _flat(r.rows)


def test_vietnamese_headers_without_diacritics_and_text_numbers(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["TT", "Noi dung", "2018", "2019", "Tong", "Ty le (%)"],
                            ["1", "Đào tạo", "1.330", "-", "1.330", "75,4%"],
                            [None, None, None, None, None, None],
                            ["2", "Hội chợ", 500, "=C4*2", None, None]])
    result = import_table(path, "budget")
    assert [p.message for p in result.problems] == ["formula '=C4*2' has no computed value in the file"]
    assert result.problems[0].where.endswith("!D4")
    row = result.table.rows[0]  # type: ignore[union-attr]
    assert (row.values, row.total, str(row.share)) == ([1330, 0], 1330, "75.4")


def test_merged_cells_fill_down_with_a_note(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["TT", "Tên sản phẩm", "Huyện"], ["1", "Gạo nếp", "Kiến Thụy"], ["2", "Dưa hấu", None]],
                 merge="C2:C3")
    result = import_table(path, "products")
    assert result.problems == []
    assert [p.district for p in result.table.products] == ["Kiến Thụy", "Kiến Thụy"]  # type: ignore[union-attr]
    assert "merged cells C2:C3" in result.notes[0].message


def test_bad_rows_import_nothing_unless_skipped(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["TT", "Tên sản phẩm", "Điểm", "Số sao", "Ngày công nhận", "Mau sac"],
                            ["1", "Gạo", "75", "4", "2020-05-01", "vàng"], ["2", None, "70", "4", "2020-05-01", "xanh"],
                            ["3", "Chè", "bảy mươi", "4", "2020-05-01", "xanh"]])
    into = tmp_path / "out.yaml"
    args = ["import", str(path), "--kind", "products", "--province", "P", "--into", str(into)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and not into.exists()
    assert "unknown column header 'Mau sac'" in result.output
    assert "s.xlsx:Sheet!B3" in result.output and "s.xlsx:Sheet!C4" in result.output
    result = runner.invoke(app, [*args, "--map", "Mau sac=note", "--skip-bad-rows"])
    assert result.exit_code == 0, result.output
    assert "skipped 2 bad rows" in result.output
    repo, problems = load_repository([into])
    assert problems == []
    reg = repo.files[0].model
    assert isinstance(reg, ProductRegistry) and [p.name for p in reg.products] == ["Gạo"]


def test_a_nhom_of_148_under_a_bare_nhom_header_says_how_to_map_it(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["Tên sản phẩm", "Nhóm", "Phân nhóm"], ["Chè Tân Cương", "Chè", "Chè tươi, chè chế biến"],
                            ["Gạo nếp", "Thuc pham tho, so che", None]])
    into = tmp_path / "out.yaml"
    args = ["import", str(path), "--kind", "products", "--province", "P", "--into", str(into)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and not into.exists()
    assert "s.xlsx:Sheet!B2" in result.output and "'chè' is a nhóm of 148/QĐ-TTg" in result.output
    assert "s.xlsx:Sheet!B3" in result.output and result.output.count("is a nhóm of 148/QĐ-TTg") == 2
    assert runner.invoke(app, [*args, "--map", "Nhóm=subgroup"]).exit_code == 0
    repo, _ = load_repository([into])
    reg = repo.files[0].model
    assert isinstance(reg, ProductRegistry)
    assert (reg.products[0].subgroup, reg.products[0].subdivision) == ("Chè", "Chè tươi, chè chế biến")


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["TT", "Tên sản phẩm"], ["1", "Gạo"]])
    into = tmp_path / "exists.yaml"
    into.write_text("kind: products\nprovince: P\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--kind", "products", "--province", "P", "--into", str(into)])
    assert result.exit_code == 2 and into.read_text(encoding="utf-8") == "kind: products\nprovince: P\n"


def test_rows_keep_their_sheet_numbers_below_a_title_block(tmp_path: Path) -> None:
    """Offices put a title above the table: problems still name the row the user sees."""
    path = sheet(tmp_path, [[None], [None, None], ["TT", "Tên sản phẩm", "Điểm", "Số sao", "Ngày công nhận"],
                            ["1", "Gạo", "bảy mươi", "4", "2020-05-01"]])
    result = import_table(path, "products")
    assert [(p.row, p.column) for p in result.problems] == [(4, 3)]


def test_unknown_sheet_name_is_a_usage_error(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["TT", "Tên sản phẩm"], ["1", "Gạo"]])
    args = ["import", str(path), "--kind", "products", "--province", "P", "--sheet", "Không có",
            "--into", str(tmp_path / "o.yaml")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "has no sheet 'Không có'" in result.output


def test_a_csv_wider_than_column_letters_gives_bounded_located_errors(tmp_path: Path) -> None:
    """20,000 unknown headers: past ZZZ (18,278) a cell is named R1C20000, and at most 100 lines
    are printed before a count of the rest (it was a ValueError traceback after 18,278 lines)."""
    src = tmp_path / "wide.csv"
    src.write_text(",".join(["Tên sản phẩm"] + [f"Cột {i}" for i in range(20_000)]) + "\n" + "x\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["import", str(src), "--kind", "products", "--province", "Tỉnh Mẫu",
                                 "--into", str(tmp_path / "out.yaml")])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert len(lines) < 110
    assert any("more errors like these" in line for line in lines)
    assert not (tmp_path / "out.yaml").exists()


def test_cell_names_past_the_last_letter_column() -> None:
    from ocopctl.spreadsheets import cell_name

    assert cell_name(7, 2) == "B7"
    assert cell_name(1, 18_278) == "ZZZ1"
    assert cell_name(1, 18_279) == "R1C18279"
