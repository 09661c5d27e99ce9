"""Product listing, statistics, rewards and the xlsx export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from ocopctl.api import load_repository
from ocopctl.cli import app
from ocopctl.products import product_rows

CASES = Path(__file__).parents[1] / "cases"
BASE = str(CASES / "_base")
TWO = str(CASES / "OC506/pass-same-name-other-producer")
RATED = str(CASES / "OC505/pass-re-rated")
runner = CliRunner()


def test_list_json_and_filters() -> None:
    result = runner.invoke(app, ["products", BASE, TWO, "--format", "json"])
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.output)] == ["m-sp-1", "m-sp-2"]
    result = runner.invoke(app, ["products", BASE, TWO, "--format", "json", "--province", "tinh mau",
                                 "--group", "Thực phẩm"])
    assert len(json.loads(result.output)) == 2
    result = runner.invoke(app, ["products", BASE, RATED, "--format", "json", "--stars", "4",
                                 "--expiring-before", "2022-06-01"])
    [p] = json.loads(result.output)
    assert (p["stars"], p["certificate_until"], p["rated_on"]) == (4, "2022-05-01", "2019-05-01")
    result = runner.invoke(app, ["products", BASE, RATED, "--format", "json", "--expiring-before", "2022-01-01"])
    assert json.loads(result.output) == []


def test_xlsx_export(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    result = runner.invoke(app, ["products", BASE, TWO, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0
    ws = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).active
    assert ws is not None
    assert [c.value for c in ws[1]][:3] == ["id", "name", "group"]
    assert ws["B2"].value == "Mật ong rừng" and ws.max_row == 3


def test_xlsx_needs_an_output() -> None:
    assert runner.invoke(app, ["products", BASE, TWO, "--format", "xlsx"]).exit_code == 2


def test_stats_json_and_html(tmp_path: Path) -> None:
    result = runner.invoke(app, ["products", "stats", BASE, RATED, TWO, "--format", "json"])
    assert result.exit_code == 0
    s = json.loads(result.output)
    assert s["total"] == 3 and s["by_stars"] == {"4 sao": 1, "chưa đánh giá": 2}
    out = tmp_path / "s.html"
    assert runner.invoke(app, ["products", "stats", BASE, RATED, "--format", "html", "-o", str(out)]).exit_code == 0
    assert 'class="bar"' in out.read_text(encoding="utf-8")


def test_rewards(tmp_path: Path) -> None:
    rule = tmp_path / "rule.yaml"
    rule.write_text("unit: triệu đồng\nfrom: 2019-01-01\nstars: {5: 30, 4: 20, 3: 10}\n", encoding="utf-8")
    result = runner.invoke(app, ["rewards", BASE, RATED, "--rule", str(rule), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["total"] == "20" and [r["rated_on"] for r in data["rewards"]] == ["2019-05-01"]
    rule.write_text("stars: {5: ba mươi}\n", encoding="utf-8")
    result = runner.invoke(app, ["rewards", BASE, RATED, "--rule", str(rule)])
    assert result.exit_code == 2 and "stars" in result.output


def test_products_take_the_group_of_their_heading() -> None:
    repo, problems = load_repository([CASES / "_base", CASES / "OC501" / "fail-heading-group-in-2024"])
    assert problems == []
    assert [(r.product.id, r.product.group) for r in product_rows(repo)] == [("m-sp-9", "thảo dược")]


def test_sample_products_are_counted_and_marked(tmp_path: Path) -> None:
    sample = tmp_path / "sample.yaml"
    sample.write_text("kind: products\nprovince: Tỉnh Mẫu\nsample: true\nproducts:\n"
                      "  - {id: m-mau-1, name: Bánh mẫu}\n", encoding="utf-8")
    result = runner.invoke(app, ["products", "stats", BASE, TWO, str(sample), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sample"] == 1 and data["total"] == 3
    listed = json.loads(runner.invoke(app, ["products", "list", BASE, TWO, str(sample), "--format", "json"]).output)
    assert {p["id"]: p["sample"] for p in listed}["m-mau-1"] is True


def test_148_classification_has_the_regulations_tally() -> None:
    """148/QĐ-TTg Phụ lục I: 6 groups, 17 nhóm, 26 leaves (one bộ tiêu chí each in Phụ lục II),
    and no two nhóm or leaves that the checks' matching would take for one another."""
    from ocopctl.ratings import TAXONOMY_148
    from ocopctl.ratings import classification_key as _key

    nhom = [n for subgroups in TAXONOMY_148.values() for n in subgroups]
    leaves = [(n, x) for subgroups in TAXONOMY_148.values() for n, xs in subgroups.items() for x in xs or (n,)]
    assert (len(TAXONOMY_148), len(nhom), len(leaves)) == (6, 17, 26)
    assert len({_key(n) for n in nhom}) == 17
    assert len({_key(x) for _, x in leaves}) == 26
