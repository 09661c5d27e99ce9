"""ocopctl render: the Word layout of Nghị định 30/2020, the templates' safety, the outputs' safety."""

from __future__ import annotations

import io
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.document import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from ocopctl import vn
from ocopctl.cli import app
from ocopctl.docxbuild import docx_text
from ocopctl.models import HeaderCell
from ocopctl.render import (
    BLANK,
    RenderError,
    Request,
    column_field,
    header_grid,
    render,
    render_outputs,
    runs,
    vnnum,
)

DATA = Path(__file__).parents[1] / "data" / "render"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the render fixtures in a folder named plans/, as a repository is kept."""
    target = tmp_path / "plans" / "mau"
    shutil.copytree(DATA, target)
    return target


def outputs(request: Request) -> dict[str, bytes]:
    result, out = render_outputs(request)
    assert not result.problems, result.problems
    return {f"{p.parent.name}/{p.name}": data for p, data in out}


def mm(*lengths: object) -> tuple[float, ...]:
    return tuple(round(x.mm, 1) for x in lengths)  # type: ignore[attr-defined]


def plan_bytes(repo: Path, tmp_path: Path, **options: object) -> bytes:
    out = outputs(Request([repo / "plan.yaml"], formats=("docx",), output=tmp_path / "out", **options))  # type: ignore[arg-type]
    return out["mau/2018-10-kh-ubnd.docx"]


def plan_docx(repo: Path, tmp_path: Path, **options: object) -> Document:
    return open_docx(io.BytesIO(plan_bytes(repo, tmp_path, **options)))


# ----------------------------------------------------------------------------- Vietnamese conventions


@pytest.mark.parametrize(("day", "line"), [
    (date(2018, 8, 17), "Hải Phòng, ngày 17 tháng 8 năm 2018"),
    (date(2018, 2, 5), "Hải Phòng, ngày 05 tháng 02 năm 2018"),
    (date(2021, 1, 18), "Hải Phòng, ngày 18 tháng 01 năm 2021"),
    (date(2017, 6, 1), "Hải Phòng, ngày 01 tháng 6 năm 2017"),
    (date(2019, 12, 3), "Hải Phòng, ngày 03 tháng 12 năm 2019"),
    (date(2019, 10, 20), "Hải Phòng, ngày 20 tháng 10 năm 2019"),
])
def test_date_line_pads_the_day_and_only_january_and_february(day: date, line: str) -> None:
    assert vn.format_date_line("Hải Phòng", day) == line


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert vnnum(Decimal("854788")) == "854.788"
    assert vnnum(Decimal("75.4")) == "75,4"
    assert vnnum(Decimal("100.0")) == "100,0"
    assert vnnum(66.7) == "66,7"
    assert vnnum(Decimal(0)) == "0"
    assert vnnum(Decimal(0), dash_for_zero=True) == "-"


@pytest.mark.parametrize(("header", "field"), [
    ("TT", "tt"), ("Nội dung và cơ quan chủ trì", "title"), ("Cơ quan phối hợp", "support"),
    ("Đơn vị chủ trì", "lead"), ("Chủ trì/đầu mối thực hiện", "lead"), ("Nhiệm vụ hoạt động", "details"),
    ("Thời gian thực hiện", "timeframe"), ("Kết quả phải đạt", "result"), ("Tên sản phẩm", "name"),
    ("Chủ thể sản xuất", "producer"), ("Địa điểm (xã)", "commune"), ("Quận/Huyện", "district"),
    ("Đã có đăng ký SHTT", "ip"), ("Lĩnh vực", "category"), ("Tạo vùng nguyên liệu (chính)", "raw_material_areas"),
    ("Liên kết vùng (theo chuỗi giá trị)", ""), ("Nhóm sản phẩm", "group"), ("Phân nhóm", "subdivision"),
])
def test_a_printed_header_names_the_field_its_column_shows(header: str, field: str) -> None:
    assert column_field(header) == field


def test_runs_give_a_merged_cell_to_equal_neighbours() -> None:
    class Row:
        def __init__(self, district: str | None) -> None:
            self.district = district

    rows = [Row("A"), Row("A"), Row("B"), Row(None), Row(None)]
    assert [span for _row, span in runs(rows, "district")] == [2, 0, 1, 1, 1]


def test_header_grid_spreads_spans_for_formats_without_them() -> None:
    header: list[list[str | HeaderCell]] = [
        [HeaderCell(text="TT", rowspan=2), HeaderCell(text="Liên kết vùng", colspan=2), "Ghi chú"],
        ["Vùng", "Chế biến"],
    ]
    assert header_grid(header) == [["TT", "Liên kết vùng", "", "Ghi chú"], ["", "Vùng", "Chế biến"]]


# ----------------------------------------------------------------------------- the Word layout


def _texts(cell: object) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]  # type: ignore[attr-defined]


def test_header_is_a_borderless_two_column_table(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    header = doc.tables[0]
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    issuer, motto = header.rows[0].cells
    number, place = header.rows[1].cells
    assert _texts(issuer) == ["ỦY BAN NHÂN DÂN", "TỈNH MẪU"]
    assert [r.bold for r in issuer.paragraphs[1].runs] == [True]
    assert _texts(motto) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert _texts(number) == ["Số: 10/KH-UBND"]
    assert _texts(place) == ["Mẫu, ngày 05 tháng 02 năm 2018"]
    assert all(r.italic for r in place.paragraphs[0].runs)


def test_page_is_a4_with_the_decree_margins_and_times_new_roman(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    first = doc.sections[0]
    assert mm(first.page_width, first.page_height) == (210, 297)
    assert mm(first.top_margin, first.bottom_margin, first.left_margin, first.right_margin) == (20, 20, 30, 15)
    normal: Any = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    # no run overrides the font
    assert not doc.element.body.findall(".//" + qn("w:rFonts"))


def test_page_numbers_are_centred_at_the_top_from_page_two(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    header = first.header.paragraphs[0]
    assert header.alignment == 1  # centre
    assert "PAGE" in "".join(t.text or "" for t in header._p.iter(qn("w:instrText")))


def test_wide_annex_tables_get_a_landscape_section(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    orientations = [(s.page_width or 0) > (s.page_height or 0) for s in doc.sections]
    # body, Phụ lục 01 (five columns), Phụ lục 02 (seven columns)
    assert orientations == [False, False, True]
    wide = doc.sections[2]
    assert mm(wide.page_width, wide.page_height) == (297, 210)
    assert mm(wide.left_margin, wide.right_margin) == (30, 15)


def test_table_header_rows_repeat_and_merged_cells_print_once(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    tasks, products = doc.tables[2], doc.tables[3]
    for table in (tasks, products):
        first_row: Any = table._tbl.tr_lst[0]
        assert first_row.trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is None for tr in table._tbl.tr_lst[1:])
        assert _texts(table.rows[0].cells[0]) == ["TT"]
    assert [c.text for c in tasks.rows[2].cells] == [
        "1", "Tổ chức hội nghị", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Công Thương", "Quý III/2018"]
    # "Huyện A" printed once for the two products of Huyện A
    huyen = [tr.tc_lst[5] for tr in products._tbl.tr_lst[2:5]]
    assert [tc.vMerge for tc in huyen] == ["restart", "continue", None]


def test_paragraph_order_follows_the_decree(repo: Path, tmp_path: Path) -> None:
    text = docx_text(plan_bytes(repo, tmp_path))
    order = ["Số: 10/KH-UBND", "KẾ HOẠCH", "Thực hiện Chương trình mỗi xã", "Căn cứ Quyết định số 490",
             "Ủy ban nhân dân tỉnh ban hành", "I. MỤC ĐÍCH", "(1) Tổ chức hội nghị tuyên truyền.", "Nơi nhận:",
             "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn Mẫu", "Phụ lục 01", "PHÂN CÔNG NHIỆM VỤ", "Phụ lục 02"]
    positions = [text.index(t) for t in order]
    assert positions == sorted(positions)


def test_signer_right_and_recipients_left_in_one_row(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    closing = doc.tables[1]
    left, right = closing.rows[0].cells
    assert _texts(left)[0] == "Nơi nhận:" and left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    size: Any = left.paragraphs[1].runs[0].font.size
    assert size.pt == 11
    assert _texts(right) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Mẫu"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)


def test_legal_bases_are_italic(repo: Path, tmp_path: Path) -> None:
    doc = plan_docx(repo, tmp_path)
    basis = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Quyết định số 490"))
    assert all(r.italic for r in basis.runs)
    kind = next(p for p in doc.paragraphs if p.text == "KẾ HOẠCH")
    assert all(r.bold for r in kind.runs)


# ----------------------------------------------------------------------------- back-references


def test_back_reference_as_published_unless_regenerated(repo: Path, tmp_path: Path) -> None:
    printed = docx_text(plan_bytes(repo, tmp_path))
    assert "(Kèm theo Kế hoạch số 10/KH-UBND ngày 05/02/2018 của Ủy ban nhân dân tỉnh)" in printed
    # Phụ lục 02 has none encoded: it is generated from the plan
    generated = "(Kèm theo Kế hoạch số 10/KH-UBND ngày 05 tháng 02 năm 2018 của Ủy ban nhân dân tỉnh Mẫu)"
    assert printed.count(generated) == 1
    regenerated = docx_text(plan_bytes(repo, tmp_path, regenerate_references=True))
    assert regenerated.count(generated) == 2
    assert "ngày 05/02/2018 của Ủy ban nhân dân tỉnh)" not in regenerated


# ----------------------------------------------------------------------------- the other documents


def test_recognition_decision_groups_products_by_stars(repo: Path, tmp_path: Path) -> None:
    out = outputs(Request([repo], formats=("md", "docx"), output=tmp_path / "out", recognitions=["123/QĐ-UBND"]))
    assert set(out) == {"mau/2019-123-qd-ubnd-cong-nhan.md", "mau/2019-123-qd-ubnd-cong-nhan.docx"}
    md = out["mau/2019-123-qd-ubnd-cong-nhan.md"].decode()
    assert "Số: 123/QĐ-UBND" in md and "Mẫu, ngày 20 tháng 12 năm 2019" in md
    assert "Căn cứ Quyết định số 1048/QĐ-TTg ngày 21/8/2019" in md  # the regulation in force that day
    assert "781/QĐ-TTg" not in md  # its amendment came in 2020
    assert "gồm: 1 sản phẩm đạt 4 sao, 2 sản phẩm đạt 3 sao" in md
    assert "có giá trị 36 tháng kể từ ngày ký Quyết định này (đến ngày 20/12/2022)" in md
    four, three = md.index("Sản phẩm đạt 4 sao (1 sản phẩm)"), md.index("Sản phẩm đạt 3 sao (2 sản phẩm)")
    assert four < md.index("Chè xanh Mẫu") < three < md.index("Cam Mẫu")
    # Mật ong was rated 3 stars by this decision, 4 stars by a later one: this decision lists it at 3
    assert "| Mật ong Mẫu | Hộ Nguyễn Văn B | Xã Ba, Huyện B | 3 | 55 | 20/12/2022 |" in md
    doc = open_docx(io.BytesIO(out["mau/2019-123-qd-ubnd-cong-nhan.docx"]))
    last: Any = doc.sections[-1]
    assert last.page_width > last.page_height


def test_a_sample_issuance_says_so_on_the_page(repo: Path, tmp_path: Path) -> None:
    request = Request([repo], formats=("md",), output=tmp_path / "out", recognitions=["123/QĐ-UBND"])
    notice = "DỮ LIỆU MẪU: văn bản minh họa"
    assert notice not in outputs(request)["mau/2019-123-qd-ubnd-cong-nhan.md"].decode()
    path = repo / "recognition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "sample: true\n", encoding="utf-8")
    assert notice in outputs(request)["mau/2019-123-qd-ubnd-cong-nhan.md"].decode()


def test_approval_decision_annexes_the_approved_plan(repo: Path, tmp_path: Path) -> None:
    out = outputs(Request([repo / "plan.yaml"], formats=("md",), output=tmp_path / "out", as_="approval"))
    md = out["mau/2018-05-qd-ubnd-phe-duyet.md"].decode()
    assert "Số: 05/QĐ-UBND" in md and "Mẫu, ngày 10 tháng 02 năm 2018" in md
    assert "**Về việc phê duyệt Kế hoạch thực hiện Chương trình mỗi xã một sản phẩm tỉnh Mẫu" in md
    assert md.index("**QUYẾT ĐỊNH:**") < md.index("**Điều 1.** Phê duyệt Kế hoạch") < md.index("**Điều 3.** Chánh")
    annex = md.index("(Ban hành kèm theo Quyết định số 05/QĐ-UBND ngày 10 tháng 02 năm 2018 của Ủy ban nhân dân "
                     "tỉnh Mẫu)")
    assert annex < md.index("## I. MỤC ĐÍCH, YÊU CẦU") < md.index("## Phụ lục 01")


def test_approval_without_its_particulars_says_what_to_write(repo: Path, tmp_path: Path) -> None:
    (repo / "approval.yaml").unlink()
    with pytest.raises(RenderError, match=r"kind: issuance.*template: approval.*subject: mau/2018-10-kh-ubnd"):
        render_outputs(Request([repo / "plan.yaml"], output=tmp_path / "out", as_="approval"))


def test_progress_report_drafts_with_blank_number_and_date(repo: Path, tmp_path: Path) -> None:
    out = outputs(Request([repo], formats=("md",), output=tmp_path / "out", report="H2-2018"))
    md = out["mau/bao-cao-6-thang-cuoi-2018.md"].decode()
    assert f"Số: {BLANK}/BC-{BLANK}" in md
    assert f"Mẫu, ngày{BLANK}tháng{BLANK}năm" in md
    assert "# BÁO CÁO" in md
    # three due, one finished; one 92 days late: red
    assert "| 1 | Sở Nông nghiệp và Phát triển nông thôn | 3 | 1 | 33,3 | 1 | 1 | Chậm nghiêm trọng |" in md
    overdue = md[md.index("QUÁ HẠN (1 NHIỆM VỤ)"):]
    assert ("| (1) Tổ chức hội nghị tuyên truyền. (10/KH-UBND) | Sở Nông nghiệp và Phát triển nông thôn "
            "| Quý III/2018 | 30/09/2018 | 92 |") in overdue


def test_progress_report_needs_progress(repo: Path, tmp_path: Path) -> None:
    (repo / "progress-snn.yaml").unlink()
    with pytest.raises(RenderError, match="no progress has been reported"):
        render_outputs(Request([repo], output=tmp_path / "out", report="H2-2018"))


# ----------------------------------------------------------------------------- templates: strict, sandboxed


def test_a_missing_value_names_the_template_line_and_field(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{{ doc.title }}\n{{ doc.district }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_outputs(Request([repo / "plan.yaml"], formats=("html",), output=tmp_path / "out", templates=mine))
    message = str(caught.value)
    assert "mine/document.j2:2" in message and "Document.district is empty" in message
    assert "\n" not in message


def test_a_misspelt_field_is_an_error_not_a_blank(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{{ doc.signer.nmae }}", encoding="utf-8")
    with pytest.raises(RenderError, match=r"document\.j2:1: .*has no attribute 'nmae'"):
        render_outputs(Request([repo / "plan.yaml"], formats=("md",), output=tmp_path / "out", templates=mine))


def test_user_templates_run_in_the_sandbox(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(RenderError, match="unsafe"):
        render_outputs(Request([repo / "plan.yaml"], formats=("md",), output=tmp_path / "out", templates=mine))


def test_a_user_template_overrides_the_builtin_by_name(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{% import blocks as b %}{{ b.p(doc.number, 'center') }}", encoding="utf-8")
    out = outputs(Request([repo / "plan.yaml"], formats=("md",), output=tmp_path / "out", templates=mine))
    assert out["mau/2018-10-kh-ubnd.md"].decode() == "10/KH-UBND\n"


def test_html_is_autoescaped(repo: Path, tmp_path: Path) -> None:
    html = outputs(Request([repo / "plan.yaml"], formats=("html",), output=tmp_path / "out"))[
        "mau/2018-10-kh-ubnd.html"].decode()
    assert "tỉnh &amp; các huyện &lt;đúng tiến độ&gt;" in html
    assert "<đúng" not in html


# ----------------------------------------------------------------------------- outputs: safe


def test_refuses_an_output_folder_inside_the_inputs(repo: Path) -> None:
    with pytest.raises(RenderError, match="inside the input folder"):
        render(Request([repo], output=repo / "rendered"))
    with pytest.raises(RenderError, match="inside the input folder"):
        render(Request([repo / "plan.yaml"], output=repo.parent / "out"))  # inside plans/
    written = render(Request([repo / "plan.yaml"], output=repo / "rendered", allow_output_in_inputs=True)).written
    assert written == [repo / "rendered" / "mau" / "2018-10-kh-ubnd.docx"]


def test_nothing_is_written_when_anything_fails(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "page.docx.j2").write_text("<doc><p>{{ body | length }}</doc>", encoding="utf-8")  # broken markup
    out = tmp_path / "out"
    with pytest.raises(RenderError, match="invalid markup"):
        render(Request([repo], formats=("html", "docx"), output=out, templates=mine))
    assert not out.exists()


def test_files_that_do_not_load_are_reported_and_nothing_rendered(repo: Path, tmp_path: Path) -> None:
    (repo / "plan.yaml").write_text((repo / "plan.yaml").read_text(encoding="utf-8").replace(
        "title: PHÂN CÔNG NHIỆM VỤ", "titel: PHÂN CÔNG NHIỆM VỤ"), encoding="utf-8")
    result = render(Request([repo], output=tmp_path / "out"))
    assert not result.written and not (tmp_path / "out").exists()
    [problem] = [d for d in result.problems if d.code == "OC006"]
    assert problem.path.endswith("plan.yaml") and problem.line == 40


# ----------------------------------------------------------------------------- the command line


def test_cli_renders_every_format(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(repo / "plan.yaml"), "--to", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "mau").iterdir()) == [
        "2018-10-kh-ubnd.docx", "2018-10-kh-ubnd.html", "2018-10-kh-ubnd.md"]
    assert result.output.count("wrote ") == 3


def test_cli_errors_are_one_line_with_exit_2(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "document.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    for args in (["render", str(repo), "-o", str(tmp_path / "o"), "--templates", str(mine)],
                 ["render", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o")],
                 ["render", str(repo), "-o", str(repo / "o")],
                 ["render", str(repo), "--recognition", "999/QĐ-UBND", "-o", str(tmp_path / "o")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("ocopctl: ") and result.output.strip().count("\n") == 0, result.output
        assert "Traceback" not in result.output


def test_cli_load_failure_exits_2_with_location(repo: Path, tmp_path: Path) -> None:
    (repo / "plan.yaml").write_text("kind: document\nid: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(repo / "plan.yaml"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "plan.yaml:" in result.output and "OC001" in result.output
    assert "nothing rendered" in result.output


def test_cli_rejects_an_unknown_format(repo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(repo), "--to", "pdf", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_a_phan_nhom_column_prints_the_products_subdivision(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("columns: [TT, Lĩnh vực, Tên sản phẩm,", "columns: [TT, Phân nhóm, Tên sản phẩm,")
    text = text.replace("                name: Chè xanh Mẫu\n",
                        "                name: Chè xanh Mẫu\n                subdivision: chè tươi, chè chế biến\n")
    plan.write_text(text, encoding="utf-8")
    md = outputs(Request([plan], formats=("md",), output=tmp_path / "out"))["mau/2018-10-kh-ubnd.md"].decode()
    row = next(line for line in md.splitlines() if "Chè xanh Mẫu" in line)
    assert "chè tươi, chè chế biến" in row


# ----------------------------------------------------------------------------- decisions of other provinces


OTHER_PROVINCE = """kind: products
province: Tỉnh Khác
products:
  - id: k-sp-1
    name: Bưởi Khác
    group: thực phẩm
    ratings:
      - {date: 2018-12-20, level: tỉnh, score: 80, stars: 4, decision: 123/QĐ-UBND}
  - id: m-sp-9
    name: Miến Mẫu năm trước
    group: thực phẩm
    province: Tỉnh Mẫu
    ratings:
      - {date: 2018-11-02, level: tỉnh, score: 66, stars: 3, decision: 123/QĐ-UBND}
"""


def test_recognition_counts_only_its_province_and_year(repo: Path, tmp_path: Path) -> None:
    """Issue 12 item 1: a product of another province, and one of the same province rated a year
    earlier, carry the same number; neither is in the decision of Tỉnh Mẫu of 20/12/2019."""
    (repo / "products-other.yaml").write_text(OTHER_PROVINCE, encoding="utf-8")
    out = outputs(Request([repo], formats=("md",), output=tmp_path / "out", recognitions=["123/QĐ-UBND"]))
    md = out["mau/2019-123-qd-ubnd-cong-nhan.md"].decode()
    assert "gồm: 1 sản phẩm đạt 4 sao, 2 sản phẩm đạt 3 sao" in md
    assert "Bưởi Khác" not in md and "Miến Mẫu năm trước" not in md


def test_recognition_number_of_two_decisions_is_chosen_by_id(repo: Path, tmp_path: Path) -> None:
    other = repo / "recognition-2018.yaml"
    other.write_text((repo / "recognition.yaml").read_text(encoding="utf-8")
                     .replace("mau/2019-123-qd-ubnd-cong-nhan", "mau/2018-123-qd-ubnd-cong-nhan")
                     .replace("date: 2019-12-20", "date: 2018-11-02"), encoding="utf-8")
    (repo / "products-other.yaml").write_text(OTHER_PROVINCE, encoding="utf-8")
    request = Request([repo], formats=("md",), output=tmp_path / "out", recognitions=["123/QĐ-UBND"])
    with pytest.raises(RenderError, match=r"of 2 recognition decisions .*Tỉnh Mẫu, 2018.*the issuance.s id"):
        render_outputs(request)
    request.recognitions = ["mau/2018-123-qd-ubnd-cong-nhan"]
    md = outputs(request)["mau/2018-123-qd-ubnd-cong-nhan.md"].decode()
    assert "Miến Mẫu năm trước" in md and "Bưởi Khác" not in md and "Chè xanh Mẫu" not in md
