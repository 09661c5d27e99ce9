"""What a clerk checking a rendered document against Nghị định 30/2020 would send back (issue 12, items 15-17)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from ocopctl.models import Product
from ocopctl.products import address
from ocopctl.render import BLANK, Request, render_outputs

DATA = Path(__file__).parents[1] / "data" / "render"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "plans" / "mau"
    shutil.copytree(DATA, target)
    return target


def _render(repo: Path, tmp_path: Path, fmt: str = "md", **options: object) -> dict[str, bytes]:
    result, out = render_outputs(Request([repo], formats=(fmt,), output=tmp_path / "out", **options))  # type: ignore[arg-type]
    assert not result.problems, result.problems
    return {p.name: data for p, data in out}


def _report(repo: Path, tmp_path: Path) -> str:
    return _render(repo, tmp_path, report="H2-2018")["bao-cao-6-thang-cuoi-2018.md"].decode()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ----------------------------------------------------------------------------- item 15: the six-month report


def test_report_sections_are_numbered_as_printed(repo: Path, tmp_path: Path) -> None:
    # the one overdue task is reported done: the "QUÁ HẠN" section is empty and left out
    _edit(repo / "progress-snn.yaml", "state: đang thực hiện", "state: hoàn thành")
    numerals = re.findall(r"^## ([IVX]+)\. ", _report(repo, tmp_path), flags=re.M)
    assert len(numerals) >= 3
    expected = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][: len(numerals)]
    assert numerals == expected  # an empty section takes no number: I, II, IV would be a gap


def test_the_number_carries_the_issuers_code_from_the_registry(repo: Path, tmp_path: Path) -> None:
    _edit(repo / "agencies.yaml", "    short_names: [Sở NN&PTNT]\n",
          "    short_names: [Sở NN&PTNT]\n    number_code: SNN\n")
    assert f"Số: {BLANK}/BC-SNN |" in _report(repo, tmp_path)


def test_the_issuers_code_comes_from_its_own_documents_when_the_registry_has_none(repo: Path, tmp_path: Path) -> None:
    # the plan is the UBND's (10/KH-UBND): a report the UBND itself issues takes UBND after the type
    _edit(repo / "report-h2-2018.yaml", "issuer: m-snn", "issuer: m-ubnd")
    assert f"Số: {BLANK}/BC-UBND |" in _report(repo, tmp_path)


def test_an_unknown_issuers_code_is_left_blank_for_the_clerk(repo: Path, tmp_path: Path) -> None:
    assert f"Số: {BLANK}/BC-{BLANK} |" in _report(repo, tmp_path)


def test_a_sample_report_says_so_once(repo: Path, tmp_path: Path) -> None:
    _edit(repo / "report-h2-2018.yaml", "kind: issuance\n", "kind: issuance\nsample: true\n")
    _edit(repo / "progress-snn.yaml", "kind: progress\n", "kind: progress\nsample: true\n")
    assert _report(repo, tmp_path).count("DỮ LIỆU MẪU") == 1


# ----------------------------------------------------------------------------- item 16: blanks for the clerk


def test_a_drafted_decision_without_signer_or_recipients_keeps_their_places(repo: Path, tmp_path: Path) -> None:
    text = (repo / "recognition.yaml").read_text(encoding="utf-8")
    text = re.sub(r"signer:\n(  .*\n)+", "", text)
    text = re.sub(r"recipients:\n(  .*\n)+", "", text)
    (repo / "recognition.yaml").write_text(text, encoding="utf-8")
    number = re.search(r"number: (\S+)", text)
    assert number
    decision = _render(repo, tmp_path, recognitions=[number[1]])["2019-123-qd-ubnd-cong-nhan.md"].decode()
    assert "Nơi nhận:" in decision and "- Lưu: VT." in decision
    assert "……" in decision.split("Nơi nhận:")[1]


def test_a_published_document_without_a_signer_prints_none(repo: Path, tmp_path: Path) -> None:
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    (repo / "plan.yaml").write_text(re.sub(r"signer:\n(  .*\n)+", "", text), encoding="utf-8")
    md = _render(repo, tmp_path)["2018-10-kh-ubnd.md"].decode()
    assert "……" not in md


# ----------------------------------------------------------------------------- item 17: the plan


def _header_cell_runs(repo: Path, tmp_path: Path) -> list[tuple[str, bool]]:
    data = _render(repo, tmp_path, "docx")["2018-10-kh-ubnd.docx"]
    cell = open_docx(io.BytesIO(data)).tables[0].cell(0, 0)
    return [(p.text, all(r.bold for r in p.runs)) for p in cell.paragraphs if p.text.strip()]


def test_a_split_issuing_body_name_is_bold_on_every_line(repo: Path, tmp_path: Path) -> None:
    # "ỦY BAN NHÂN DÂN" / "TỈNH MẪU" is one name, the issuing body's: both lines bold
    assert _header_cell_runs(repo, tmp_path) == [("ỦY BAN NHÂN DÂN", True), ("TỈNH MẪU", True)]


def test_a_governing_body_above_the_issuer_stays_upright(repo: Path, tmp_path: Path) -> None:
    _edit(repo / "plan.yaml", "issuer_lines: [ỦY BAN NHÂN DÂN, TỈNH MẪU]",
          "issuer_lines: [UBND TỈNH MẪU, SỞ NÔNG NGHIỆP VÀ PTNT]")
    _edit(repo / "plan.yaml", "issuer: m-ubnd", "issuer: m-snn")
    assert _header_cell_runs(repo, tmp_path) == [("UBND TỈNH MẪU", False), ("SỞ NÔNG NGHIỆP VÀ PTNT", True)]


def test_an_encoders_table_note_is_not_printed_but_a_footnote_is(repo: Path, tmp_path: Path) -> None:
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    kind = re.search(r"\n( +)- kind: (\w+)\n", text)
    assert kind, "the fixture plan has an annex table"
    indent = kind[1] + "  "
    text = text.replace(kind[0], kind[0] + f"{indent}note: Merged cells were filled in by the encoder.\n"
                        f"{indent}footnote: \"Ghi chú: số liệu tạm tính.\"\n", 1)
    (repo / "plan.yaml").write_text(text, encoding="utf-8")
    md = _render(repo, tmp_path)["2018-10-kh-ubnd.md"].decode()
    assert "Merged cells" not in md
    assert "Ghi chú: số liệu tạm tính." in md


def test_word_files_are_tagged_vietnamese(repo: Path, tmp_path: Path) -> None:
    data = _render(repo, tmp_path, "docx")["2018-10-kh-ubnd.docx"]
    doc = open_docx(io.BytesIO(data))
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    assert lang is not None and lang.get(qn("w:val")) == "vi-VN"
    assert doc.core_properties.language == "vi-VN"


# ----------------------------------------------------------------------------- item 16: the recognition decision


def _decision(repo: Path, tmp_path: Path) -> str:
    return _render(repo, tmp_path, recognitions=["123/QĐ-UBND"])["2019-123-qd-ubnd-cong-nhan.md"].decode()


def _redate(repo: Path, day: str, **rating: object) -> None:
    """Move decision 123 and its ratings to ``day``, with extra rating fields (round, round_year)."""
    extra = "".join(f", {k}: {v}" for k, v in rating.items())
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("{date: 2019-12-20,", f"{{date: {day},").replace("decision: 123/QĐ-UBND}",
                                                                         f"decision: 123/QĐ-UBND{extra}}}")
    (repo / "plan.yaml").write_text(text, encoding="utf-8")
    _edit(repo / "recognition.yaml", "date: 2019-12-20", f"date: {day}")


def test_the_decision_names_its_round_and_the_rounds_year(repo: Path, tmp_path: Path) -> None:
    _redate(repo, "2021-01-15", round=2, round_year=2020)
    md = _decision(repo, tmp_path)
    assert "phân hạng và cấp Giấy chứng nhận sản phẩm OCOP cấp tỉnh năm 2020 (đợt 2)**" in md
    assert "cấp Giấy chứng nhận cho 3 sản phẩm OCOP cấp tỉnh năm 2020 (đợt 2), gồm" in md
    assert "CẤP TỈNH NĂM 2020 (ĐỢT 2)**" in md
    assert "năm 2021" not in md.split("QUYẾT ĐỊNH:")[1].split("(đến ngày")[0]


def test_the_bases_are_those_in_force_on_the_day_with_their_amendments(repo: Path, tmp_path: Path) -> None:
    _redate(repo, "2021-01-15")
    md = _decision(repo, tmp_path)
    bases = [line for line in md.splitlines() if line.startswith("*Căn cứ") or line.startswith("*Theo đề nghị")]
    assert [b.split(" ngày ")[0] for b in bases] == [
        "*Căn cứ Luật Tổ chức chính quyền địa phương",
        "*Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
        "*Căn cứ Quyết định số 490/QĐ-TTg",
        "*Căn cứ Quyết định số 1048/QĐ-TTg",
        "*Căn cứ Quyết định số 781/QĐ-TTg",  # the amendment of 1048 in force on the day
        "*Theo đề nghị của …………………….*",
    ]


def test_after_the_two_level_reform_the_law_is_left_for_the_clerk(repo: Path, tmp_path: Path) -> None:
    _redate(repo, "2025-08-01")
    md = _decision(repo, tmp_path)
    assert "*Căn cứ Luật Tổ chức chính quyền địa phương ……………………;*" in md
    assert "919/QĐ-TTg" in md and "148/QĐ-TTg" in md and "1489/QĐ-TTg" in md and "1048/QĐ-TTg" not in md


def test_products_keep_the_published_order(repo: Path, tmp_path: Path) -> None:
    # Cam Mẫu is listed before Mật ong Mẫu; with a lower score it must still come first
    _edit(repo / "plan.yaml", "score: 62, stars: 3", "score: 50, stars: 3")
    md = _decision(repo, tmp_path)
    assert md.index("| Cam Mẫu |") < md.index("| Mật ong Mẫu |")


def test_addresses_say_what_each_unit_is_when_the_file_does(repo: Path, tmp_path: Path) -> None:
    _edit(repo / "plan.yaml", "                commune: Xã Một\n",
          "                village: thôn Đông\n                commune: Một\n                commune_kind: xã\n")
    _edit(repo / "plan.yaml", "                district: Huyện A\n",
          "                district: A\n                district_kind: huyện\n")
    md = _decision(repo, tmp_path)
    assert "| thôn Đông, xã Một, huyện A |" in md
    assert "| Xã Ba, Huyện B |" in md  # names without kinds print as encoded


@pytest.mark.parametrize(("province", "shown"), [("Hải Phòng", "thành phố Hải Phòng"), ("Hải Dương", "tỉnh Hải Dương"),
                                                ("Tỉnh Mẫu", "Tỉnh Mẫu")])
def test_a_province_is_a_city_or_a_tinh(province: str, shown: str) -> None:
    product = Product(id="p", name="Vải", commune="Thanh Quang", commune_kind="xã", province=province)
    assert address(product) == f"xã Thanh Quang, {shown}"


def test_a_drafts_proposal_is_printed_after_its_bases(repo: Path, tmp_path: Path) -> None:
    _edit(repo / "approval.yaml", "  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
          "  - Xét đề nghị của Sở Nông nghiệp và Phát triển nông thôn.\n",
          "  - Xét đề nghị của Sở Nông nghiệp và Phát triển nông thôn.\n"
          "  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n")
    md = _render(repo, tmp_path, as_="approval")
    decision = next(v.decode() for k, v in md.items() if "phe-duyet" in k)
    assert decision.index("Căn cứ Luật") < decision.index("Xét đề nghị")  # printed in the decree's order


def test_a_decision_known_to_its_month_prints_the_certificates_end_as_known(repo: Path, tmp_path: Path) -> None:
    _redate(repo, "2019-12")  # the day of the decision is not published
    md = _decision(repo, tmp_path)
    assert "(đến tháng 12/2022)" in md and "đến ngày" not in md
    assert "| 12/2022 |" in md  # the annex's column too: no day invented
