"""What the commands write and print: output paths that cannot be written, outputs over inputs,
file modes, replacing files, commands that would write nothing, and plan text that is console
markup, Markdown or a spreadsheet formula."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from ocopctl.cli import app
from ocopctl.output import OutputError, write_atomic

PLANS = Path(__file__).parents[2] / "plans"
CASES = Path(__file__).parents[1] / "cases"
runner = CliRunner()

LINK = "[link=file:///etc/passwd]x[/link]"
HYPERLINK = '=HYPERLINK("http://evil.example","[/] bấm")'
AGENCIES = """kind: agencies
province: Tỉnh Mẫu
agencies:
  - {id: m-ubnd, name: "UBND [/] | tỉnh\\n## mục", level: tỉnh}
  - {id: m-sct, name: "Sở [bold]CT", level: tỉnh}
"""
PLAN = """kind: document
id: mau/2018-10-kh-ubnd
type: Kế hoạch
number: 10/KH-UBND
issuer: m-ubnd
province: Tỉnh Mẫu
place: Mẫu
date: 2018-08-17
title: Thực hiện Chương trình
period: 2018-2020
annexes:
  - label: Phụ lục 01
    title: PHÂN CÔNG NHIỆM VỤ
    tables:
      - kind: task_assignment
        tasks:
          - {id: t1, tt: '1', title: '=HYPERLINK("http://evil.example","[/] bấm")', timeframe: Quý III/2018,
             lead: [m-sct]}
          - {id: t2, tt: '2', title: "a | b\\n# heading :warning:", timeframe: Quý IV/2018, lead: [m-ubnd]}
          - {id: t3, tt: '3', title: "-5 triệu [link=file:///etc/passwd]x[/link]", timeframe: Quý IV/2018,
             lead: [m-sct]}
"""
PRODUCTS = """kind: products
province: Tỉnh Mẫu
products:
  - id: p1
    name: '=HYPERLINK("http://evil.example","[/] bấm")'
    group: thực phẩm
    district: "[link=file:///etc/passwd]x[/link]"
    producer: {name: "@SUM(A1) [bold]", kind: hợp tác xã}
    ratings:
      - {date: 2019-05-01, level: tỉnh, score: 80, stars: 4, decision: 1/QĐ-UBND}
"""


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A small repository whose names are console markup, Markdown and formulas; the test runs in it."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (tmp_path / "plans" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plans" / "products.yaml").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "rule.yaml").write_text("stars: {5: 30, 4: 20, 3: 10}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def one_line(out: str) -> str:
    assert out.strip().count("\n") == 0, out
    return out.strip()


# --------------------------------------------------------------------------- output paths (7)

# Every command that writes, with "{out}" where its output path goes.
WRITERS = {
    "report": ["report", "--year", "2018", "-o", "{out}"],
    "calendar": ["calendar", "-o", "{out}"],
    "products list": ["products", "list", "-f", "csv", "-o", "{out}"],
    "products stats": ["products", "stats", "-o", "{out}"],
    "rewards": ["rewards", "--rule", "rule.yaml", "-f", "csv", "-o", "{out}"],
    "export": ["export", "plans/plan.yaml", "-o", "{out}.csv"],
    "import": ["import", "t.csv", "--kind", "tasks", "--parent", "mau/2018-10-kh-ubnd", "--into", "{out}"],
    "schema": ["schema", "-o", "{out}/schemas"],
    "render": ["render", "plans/plan.yaml", "--to", "md", "-o", "{out}/rendered"],
}


def _args(command: str, out: str) -> list[str]:
    return [a.replace("{out}", out) for a in WRITERS[command]]


@pytest.fixture
def writers_repo(repo: Path) -> Path:
    (repo / "t.csv").write_text("TT,Nội dung,Cơ quan chủ trì\n1,Việc một,m-sct\n", encoding="utf-8")
    return repo


@pytest.mark.parametrize("command", [c for c in WRITERS if c not in ("schema", "render", "export")])
def test_an_output_that_is_a_directory_is_one_line(writers_repo: Path, command: str) -> None:
    (writers_repo / "out").mkdir()
    code, out = invoke(*_args(command, "out"))
    assert code == 2
    assert one_line(out) == "ocopctl: cannot write 'out': it is a directory; name a file in it"


def test_an_export_output_that_is_a_directory_is_one_line(writers_repo: Path) -> None:
    (writers_repo / "out.csv").mkdir()
    code, out = invoke(*_args("export", "out"))
    assert code == 2 and "cannot write 'out.csv': it is a directory" in one_line(out)


@pytest.mark.parametrize("command", list(WRITERS))
def test_an_output_below_a_file_is_one_line(writers_repo: Path, command: str) -> None:
    (writers_repo / "afile").write_text("x", encoding="utf-8")
    code, out = invoke(*_args(command, "afile/sub"))
    assert code == 2
    assert re.fullmatch(r"ocopctl: cannot write '.*': '.*afile' is a file, not a directory", one_line(out))
    assert (writers_repo / "afile").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("command", ["report", "calendar", "products list", "rewards", "import"])
def test_a_fifo_or_device_output_is_refused(writers_repo: Path, command: str) -> None:
    os.mkfifo(writers_repo / "fifo")
    code, out = invoke(*_args(command, "fifo"))
    assert code == 2 and "'fifo': it is a FIFO" in one_line(out)
    assert stat.S_ISFIFO((writers_repo / "fifo").lstat().st_mode)
    code, out = invoke(*_args(command, os.devnull))
    assert code == 2 and "it is a device" in one_line(out)


def test_a_write_that_fails_is_one_line_with_the_reason(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    code, out = invoke("report", "--year", "2018", "-o", "r.txt")
    assert code == 2 and one_line(out) == "ocopctl: cannot write 'r.txt': Permission denied"
    assert [p.name for p in repo.iterdir() if p.name.startswith(".r.txt")] == []  # no temporary file left


def test_a_folder_that_cannot_be_created_is_one_line(repo: Path) -> None:
    code, out = invoke("report", "--year", "2018", "-o", f"{'x' * 300}/r.txt")
    assert code == 2 and one_line(out).endswith(": File name too long")
    with pytest.raises(OutputError, match="File name too long"):
        write_atomic(repo / ("y" * 300) / "r.txt", "x")


# --------------------------------------------------------------------------- outputs over inputs (8)


@pytest.mark.parametrize("args", [
    ["report", "--year", "2018", "-o", "plans/plan.yaml", "--allow-output-in-inputs"],
    ["calendar", "plans", "-o", "plans/plan.yaml", "--allow-output-in-inputs"],
    ["products", "list", "plans/products.yaml", "-f", "json", "-o", "plans/products.yaml"],
    ["products", "stats", "plans", "-f", "json", "-o", "plans/products.yaml", "--allow-output-in-inputs"],
    ["rewards", "--rule", "rule.yaml", "-f", "json", "-o", "rule.yaml"],
    ["rewards", "--rule", "rule.yaml", "-f", "json", "-o", "link.json"],  # a symbolic link to an input
    ["rewards", "--rule", "rule.yaml", "-f", "json", "-o", "hard.json"],  # a hard link to an input
    ["import", "t.csv", "--kind", "tasks", "--parent", "x", "--into", "t.csv", "--force"],
    ["export", "plans/plan.yaml", "-o", "plan.csv", "--force"],  # plan.csv links to the plan
])
def test_an_output_that_is_an_input_is_refused_even_when_allowed(writers_repo: Path, args: list[str]) -> None:
    (writers_repo / "link.json").symlink_to("plans/products.yaml")
    os.link(writers_repo / "rule.yaml", writers_repo / "hard.json")
    (writers_repo / "plan.csv").symlink_to("plans/plan.yaml")
    before = {p: p.read_bytes() for p in writers_repo.rglob("*") if p.is_file()}
    code, out = invoke(*args)
    assert code == 2 and "an input of this command; ocopctl never overwrites its inputs" in one_line(out)
    assert {p: p.read_bytes() for p in writers_repo.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("args", [
    ["report", "--year", "2018", "-o", "plans/r.txt"],
    ["calendar", "-o", "plans/sub/c.ics"],
    ["products", "list", "-f", "csv", "-o", "plans/p.csv"],
    ["products", "stats", "-o", "plans/s.txt"],
    ["rewards", "--rule", "rule.yaml", "-o", "plans/r.txt"],
    ["export", "plans/plan.yaml", "-o", "plans/t.csv"],
])
def test_an_output_inside_the_input_tree_needs_the_render_flag(repo: Path, args: list[str]) -> None:
    code, out = invoke(*args)
    assert code == 2 and "is inside the input folder" in one_line(out) and "--allow-output-in-inputs" in out
    assert not (repo / args[args.index("-o") + 1]).exists()
    code, out = invoke(*args, "--allow-output-in-inputs")
    assert code == 0, out
    assert (repo / args[args.index("-o") + 1]).is_file()


def test_import_writes_a_new_plan_inside_plans(writers_repo: Path) -> None:
    code, out = invoke(*_args("import", "plans/t.yaml"))
    assert code == 0, out
    assert (writers_repo / "plans" / "t.yaml").is_file()


# --------------------------------------------------------------------------- replacing files (17)


def test_export_and_import_replace_a_file_only_with_force(writers_repo: Path) -> None:
    for args in (["export", "plans/plan.yaml", "-o", "t.xlsx"], _args("import", "t.yaml")):
        target = writers_repo / args[-1]
        target.write_text("edited by hand", encoding="utf-8")
        code, out = invoke(*args)
        assert code == 2
        assert one_line(out) == f"ocopctl: '{args[-1]}' exists; ocopctl does not overwrite it without --force"
        assert target.read_text(encoding="utf-8") == "edited by hand"
        code, out = invoke(*args, "--force")
        assert code == 0, out
        assert target.read_bytes() != b"edited by hand"


def test_reports_replace_their_previous_output(repo: Path) -> None:
    (repo / "r.md").write_text("last quarter", encoding="utf-8")
    assert invoke("report", "--year", "2018", "-f", "md", "-o", "r.md")[0] == 0
    assert (repo / "r.md").read_text(encoding="utf-8").startswith("# Implementation progress report")


# --------------------------------------------------------------------------- file modes (16)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_a_new_output_honours_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        write_atomic(tmp_path / "new" / "r.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new" / "r.txt").stat().st_mode) == 0o666 & ~mask


def test_a_replaced_output_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_commands_create_files_readable_as_open_would(writers_repo: Path) -> None:
    old = os.umask(0o022)
    try:
        for command in ("report", "calendar", "products list", "rewards", "export", "import"):
            assert invoke(*_args(command, f"{command.replace(' ', '-')}.out"))[0] == 0, command
    finally:
        os.umask(old)
    outputs = [p for p in writers_repo.iterdir() if ".out" in p.name]
    assert len(outputs) == 6 and {stat.S_IMODE(p.stat().st_mode) for p in outputs} == {0o644}


# --------------------------------------------------------------------------- nothing written, nothing read (15)


@pytest.mark.parametrize("args", [
    ["report", "--year", "2018"], ["deadlines"], ["owners"], ["calendar"], ["products", "list"],
    ["products", "stats"], ["rewards", "--rule", "rule.yaml"],
])
def test_commands_without_plans_exit_2_as_validate_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rule.yaml").write_text("stars: {4: 20}\n", encoding="utf-8")
    assert invoke("validate")[0] == 2
    code, out = invoke(*args)
    assert code == 2 and one_line(out).startswith("ocopctl: 'plans' does not exist")
    (tmp_path / "empty").mkdir()
    code, out = invoke(*args, "empty")
    assert code == 2 and one_line(out).startswith("ocopctl: no plan files (*.yaml, *.yml) under 'empty'")


def test_rewards_writes_the_xlsx_it_is_asked_for(repo: Path) -> None:
    code, out = invoke("rewards", "--rule", "rule.yaml", "-f", "xlsx", "-o", "r.xlsx")
    assert code == 0, out
    ws = openpyxl.load_workbook(repo / "r.xlsx").active
    assert ws is not None
    assert [c.value for c in ws[1]] == ["id", "name", "stars", "rated_on", "amount", "unit"]
    assert ws["A2"].value == "p1" and ws["C2"].value == 4
    assert invoke("rewards", "--rule", "rule.yaml", "-f", "xlsx")[0] == 2  # xlsx needs -o


@pytest.mark.parametrize("args", [["products", "list"], ["products", "stats"], ["rewards", "--rule", "rule.yaml"]])
def test_text_output_goes_to_the_file_named(repo: Path, args: list[str]) -> None:
    code, out = invoke(*args, "-o", "out.txt")
    assert code == 0 and out.strip() == "wrote out.txt"
    text = (repo / "out.txt").read_text(encoding="utf-8")
    assert "┃" in text and "\x1b" not in text


# --------------------------------------------------------------------------- reward rule that is not a file (14)


def test_a_fifo_rule_is_refused_without_blocking(repo: Path) -> None:
    fifo = repo / "rule.fifo"
    os.mkfifo(fifo)

    def unblock() -> None:  # without the check, the read would wait for a writer forever
        time.sleep(3)
        with open(fifo, "w"):
            pass

    threading.Thread(target=unblock, daemon=True).start()
    started = time.monotonic()
    code, out = invoke("rewards", "--rule", fifo)
    assert code == 2
    assert one_line(out).startswith(f"ocopctl: --rule '{fifo}': the file is a FIFO, not a regular file")
    assert time.monotonic() - started < 2


def test_a_device_rule_is_refused(repo: Path) -> None:
    code, out = invoke("rewards", "--rule", os.devnull)
    assert code == 2 and "a device, not a regular file" in one_line(out)


# --------------------------------------------------------------------------- console markup in data (4)

MARKUP = ("[/]", "[bold]", LINK, ":warning:")


@pytest.mark.parametrize("args", [
    ["report", "--year", "2018", "--as-of", "2018-12-31"],
    ["deadlines", "--as-of", "2018-08-01", "--within", "12m"],
    ["owners", "--as-of", "2018-12-31"],
    ["products", "list"],
    ["products", "stats", "-f", "text"],
])
def test_console_markup_in_names_is_printed_literally(repo: Path, args: list[str]) -> None:
    code, out = invoke(*args)
    assert code == 0, out
    found = [m for m in MARKUP if m in out]
    assert found, out
    if args[0] in ("report", "deadlines"):
        assert "[/] bấm" in out and LINK in out and ":warning:" in out and "⚠️" not in out
    if args[0] == "products":
        assert LINK in out


def test_console_markup_in_validate_messages_is_printed_literally(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('kind: agencies\nprovince: "[bold]x"\n"[/]y": 1\nagencies: []\n', encoding="utf-8")
    code, out = invoke("validate", tmp_path / "a.yaml")
    assert code == 1 and "'[/]y'" in out


def test_console_markup_in_the_rewards_unit_and_import_cells(writers_repo: Path) -> None:
    (writers_repo / "rule.yaml").write_text("unit: '[/] đồng'\nstars: {4: 20}\n", encoding="utf-8")
    code, out = invoke("rewards", "--rule", "rule.yaml")
    assert code == 0 and "amount ([/] đồng)" in out
    (writers_repo / "bad.csv").write_text("TT,[/][bold]x\n1,a\n", encoding="utf-8")
    code, out = invoke("import", "bad.csv", "--kind", "tasks", "--parent", "x", "--into", "t.yaml")
    assert code == 1 and "unknown column header '[/][bold]x'" in out


# --------------------------------------------------------------------------- Markdown tables (5)


def test_markdown_report_cells_keep_their_rows(repo: Path) -> None:
    code, out = invoke("report", "--year", "2018", "--as-of", "2018-12-31", "-f", "md")
    assert code == 0, out
    page = MarkdownIt("commonmark").enable("table").render(out)
    headings = "".join(re.findall(r"<h\d>.*?</h\d>", page))
    assert "heading" not in headings and "mục" not in headings  # no heading made of a name's second line
    rows = [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
            for r in re.findall(r"<tr>(.*?)</tr>", page, re.S)]
    rows = [r for r in rows if r]
    assert ["UBND [/] | tỉnh ## mục", "10/KH-UBND", "2", "a | b # heading :warning:", "Quý IV/2018", "2018-12-31",
            "not reported"] in rows
    assert {len(r) for r in rows} == {9, 7, 8}


# --------------------------------------------------------------------------- formulas in csv and xlsx (3)


def _csv_cells(path: Path) -> list[str]:
    return [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")) for c in row]


def _xlsx_cells(path: Path) -> list[Any]:
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    return [c for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("args", [
    ["report", "--year", "2018", "--as-of", "2018-12-31", "-f", "csv"],
    ["products", "list", "-f", "csv"],
    ["products", "list", "-f", "xlsx"],
    ["rewards", "--rule", "rule.yaml", "-f", "csv"],
    ["rewards", "--rule", "rule.yaml", "-f", "xlsx"],
    ["export", "plans/plan.yaml"],
    ["export", "plans/products.yaml"],
])
def test_no_written_cell_is_a_formula(repo: Path, args: list[str]) -> None:
    suffix = ".xlsx" if "xlsx" in args or (args[0] == "export" and "products" in args[1]) else ".csv"
    out_path = repo / f"out{suffix}"
    code, out = invoke(*args, "-o", out_path.name)
    assert code == 0, out
    if suffix == ".csv":
        texts = _csv_cells(out_path)
    else:
        cells = _xlsx_cells(out_path)
        assert {c.data_type for c in cells} <= {"s", "n", "d", "b"}
        texts = [c.value for c in cells if isinstance(c.value, str)]
    hostile = [t for t in texts if "HYPERLINK" in t or "SUM(A1)" in t or "5 triệu" in t]
    assert hostile, texts
    assert all(t.startswith("'") for t in hostile), hostile
    assert not [t for t in texts if t and t[0] in "=+-@\t\r" and not re.fullmatch(r"-?[0-9][0-9.,]*", t)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_gives_back_the_text_export_guarded(repo: Path, fmt: str) -> None:
    assert invoke("export", "plans/plan.yaml", "-o", f"t.{fmt}")[0] == 0
    code, out = invoke("import", f"t.{fmt}", "--kind", "tasks", "--parent", "mau/2018-10-kh-ubnd", "--into", "t.yaml")
    assert code == 0, out
    text = (repo / "t.yaml").read_text(encoding="utf-8")
    assert "'=HYPERLINK" not in text and "''" not in text
    from ocopctl.loader import read_yaml

    titles = [t["title"] for t in read_yaml(repo / "t.yaml")["tables"][0]["tasks"]]
    assert titles == [HYPERLINK, "a | b\n# heading :warning:", f"-5 triệu {LINK}"]


def test_control_characters_are_replaced_in_xlsx_with_one_note(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocopctl.cli import products_cmd
    from ocopctl.products import product_rows

    def with_bell(*args: object, **kwargs: object) -> object:
        rows = product_rows(*args, **kwargs)  # type: ignore[arg-type]
        for r in rows:
            r.product.name = "chuông\x07 và \x00 NUL"
            r.product.note = "ok"
        return rows

    monkeypatch.setattr(products_cmd, "product_rows", with_bell)
    code, out = invoke("products", "list", "-f", "xlsx", "-o", "p.xlsx")
    assert code == 0, out
    assert "ocopctl: note: 1 cell(s) held control characters" in out
    assert "chuông␇ và ␀ NUL" in [c.value for c in _xlsx_cells(repo / "p.xlsx")]


def test_quang_ninh_budget_annex_exports_through_the_cli(tmp_path: Path) -> None:
    for fmt in ("xlsx", "csv"):
        code, out = invoke("export", PLANS / "quang-ninh/2017-2366-qd-ubnd.yaml", "--annex", "5", "-o",
                           tmp_path / f"qn.{fmt}")
        assert code == 0, out
