"""ocopctl draft: bad input, a province's own Word plan, round trips and seed texts."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ocopctl import api
from ocopctl.cli import app
from ocopctl.draft import DraftInputError, draft_file
from ocopctl.draft.compare import compare
from ocopctl.fidelity import seed_file
from ocopctl.loader import dump_yaml, read_yaml
from ocopctl.render import Request, render_outputs

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


# --------------------------------------------------------------------------- bad input

BAD = {
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "save it as .docx"),
    "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64,
                    "password-protected"),
    "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "PDF"),
    "broken.docx": (b"PK\x03\x04" + b"\x00" * 40, "damaged .docx"),
    "tcvn3.txt": ("Kõ ho¹ch triÓn khai ch­¬ng tr×nh mçi x· mét s¶n phÈm ñy ban nh©n d©n tØnh "
                  "Hµ Néi n¨m 2022 gåm c¸c néi dung".encode(), "TCVN3"),
    "vni.txt": ("Keá hoaïch trieån khai chöông trình moãi xaõ moät saûn phaåm cuûa UÛy ban nhaân daân tænh "
                "naêm".encode(), "VNI"),
    "empty.txt": (b"  \n", "empty"),
    "plan.yaml": ("kind: document\ntitle: Kế hoạch\n".encode(), "already a YAML file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, name: str) -> None:
    data, words = BAD[name]
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.yaml"
    code, text = _run("draft", str(src), "-o", str(out))
    assert code == 2, text
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ocopctl: ") and words in lines[0], text
    assert not out.exists()


def test_folder_and_fifo_are_refused(tmp_path: Path) -> None:
    code, text = _run("draft", str(tmp_path))
    assert code == 2 and "folder" in text
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, text = _run("draft", str(fifo))  # must not block reading the pipe
    assert code == 2 and "not a regular file" in text


def test_docx_with_entities_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    src = tmp_path / "bomb.docx"
    src.write_bytes(buf.getvalue())
    with pytest.raises(DraftInputError, match="DTD or entities"):
        draft_file(src)


def test_existing_output_needs_force(tmp_path: Path) -> None:
    src = seed_file(ROOT / "tests/data/seeds", "000")
    out = tmp_path / "d.yaml"
    out.write_text("kept\n", encoding="utf-8")
    code, text = _run("draft", str(src), "-o", str(out))
    assert code == 2 and out.read_text(encoding="utf-8") == "kept\n"
    code, text = _run("draft", str(src), "-o", str(out), "--force")
    assert code == 0, text
    assert "46 tasks" in text and "2 annexes" in text
    written = out.read_text(encoding="utf-8")
    assert "sha256" in written.splitlines()[1] and "draft: true" in written


# --------------------------------------------------------------------------- a province's own Word plan


def _province_plan(path: Path) -> None:
    """Laid out as a district office would: issuer and motto side by side in a borderless table,
    the annex in a landscape section, its table with a two-row header of merged cells."""
    d = new_docx()
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN THANH HÀ"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 45/KH-UBND"
    head.cell(1, 1).text = "Thanh Hà, ngày 12 tháng 3 năm 2024"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Chương trình OCOP trên địa bàn huyện Thanh Hà năm 2024")
    d.add_paragraph("Căn cứ Quyết định số 919/QĐ-TTg ngày 01/8/2022 của Thủ tướng Chính phủ;")
    d.add_paragraph("UBND huyện ban hành Kế hoạch như sau:")
    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("1. Mục đích")
    d.add_paragraph("- Có ít nhất 03 sản phẩm đạt 3 sao.")
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT."
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A"
    section = d.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    d.add_paragraph("Phụ lục")
    d.add_paragraph("PHÂN CÔNG NHIỆM VỤ NĂM 2024")
    d.add_paragraph("(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2024 của UBND huyện Thanh Hà)")
    t = d.add_table(rows=6, cols=5)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "TT"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Nội dung"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Cơ quan thực hiện"
    t.cell(1, 2).text = "Chủ trì"
    t.cell(1, 3).text = "Phối hợp"
    t.cell(0, 4).merge(t.cell(1, 4)).text = "Thời gian"
    t.cell(2, 0).text = "I"
    t.cell(2, 1).merge(t.cell(2, 4)).text = "Tuyên truyền"
    for r, (tt, title, lead, tf) in enumerate([("1", "Tổ chức hội nghị", "Phòng Nông nghiệp", "Quý II/2024"),
                                               ("2", "Đánh giá sản phẩm", "Phòng Nông nghiệp", "Quý IV/2024")],
                                              start=3):
        for c, v in enumerate([tt, title, lead, "UBND các xã", tf]):
            t.cell(r, c).text = v
    t.cell(5, 0).merge(t.cell(5, 4)).text = "Ghi chú: kinh phí từ ngân sách huyện"
    d.save(str(path))


def test_province_word_plan_drafts_and_validates(tmp_path: Path) -> None:
    src = tmp_path / "ke-hoach.docx"
    _province_plan(src)
    out = tmp_path / "draft.yaml"
    code, text = _run("draft", str(src), "-o", str(out), "--province", "Hải Dương")
    assert code == 0, text
    assert "2 tasks" in text and "1 rows kept as text" in text, text
    data = read_yaml(out)
    assert (data["number"], data["date"], data["type"]) == ("45/KH-UBND", "2024-03-12", "Kế hoạch")
    assert data["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "HUYỆN THANH HÀ"]
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn A"}
    table = data["annexes"][0]["tables"][0]
    group = table["groups"][0]
    assert [t["lead"] for t in group["tasks"]] == [["Phòng Nông nghiệp"]] * 2
    assert [t["timeframe"] for t in group["tasks"]] == ["Quý II/2024", "Quý IV/2024"]
    assert "# REVIEW:" in next(ln for ln in out.read_text(encoding="utf-8").splitlines() if "Ghi chú" in ln)
    result = api.validate([out])
    assert not [d for d in result.diagnostics if d.code in ("OC001", "OC005", "OC006", "OC007")]


# --------------------------------------------------------------------------- round trips and seeds


def _round_trip(doc: Path, tmp: Path) -> dict[str, object]:
    _, outputs = render_outputs(Request([doc], formats=("docx",), output=tmp / "r"))
    path = tmp / "doc.docx"
    path.write_bytes(outputs[0][1])
    hand = read_yaml(doc)
    repo, _ = api.load_repository([ROOT / "plans"])
    return {"hand": hand, "draft": draft_file(path, repo, hand.get("province"), hand.get("id")).drafted.data,
            "repo": repo}


def test_rendered_hai_phong_drafts_back_every_field(tmp_path: Path) -> None:
    got = _round_trip(ROOT / "plans/hai-phong/2018-192-kh-ubnd.yaml", tmp_path)
    c = compare(got["hand"], got["draft"], got["repo"])  # type: ignore[arg-type]
    assert (c.tasks.share, c.products.share, c.citations.share, c.headers.share) == (1.0, 1.0, 1.0, 1.0), \
        c.tasks.misses[:3] + c.products.misses[:3]


def test_seed_text_quang_ninh_budget_and_headers() -> None:
    hand = read_yaml(ROOT / "plans/quang-ninh/2017-2366-qd-ubnd.yaml")
    repo, _ = api.load_repository([ROOT / "plans"])
    d = draft_file(seed_file(ROOT / "tests/data/seeds", "003"), repo, "Quảng Ninh", hand["id"]).drafted.data
    c = compare(hand, d, repo)
    assert c.headers.share == 1.0 and c.budget.share >= 0.95, c.headers.misses + c.budget.misses[:3]


_TEXT = st.text(alphabet="abcdeghiklmnoprstuvxyàáạảãâầấăắđêếôốơớưứ ", min_size=3, max_size=30).map(
    lambda s: " ".join(s.split())).filter(lambda s: len(s) >= 3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_TEXT, _TEXT, st.sampled_from(["2024", "Quý II/2024", "Hằng năm"])),
                     min_size=1, max_size=6))
def test_random_task_tables_round_trip(tmp_path: Path, rows: list[tuple[str, str, str]]) -> None:
    tasks = [{"id": f"t{i}", "tt": str(i + 1), "title": f"Nhiệm vụ {title}", "lead": [f"Sở {lead}"],
              "timeframe": tf} for i, (title, lead, tf) in enumerate(rows)]
    doc = {"kind": "document", "id": "x/2024-1", "type": "Kế hoạch", "number": "1/KH-UBND", "issuer": "UBND tỉnh X",
           "issuer_lines": ["ỦY BAN NHÂN DÂN", "TỈNH X"], "province": "X", "place": "X", "date": "2024-03-02",
           "date_line": "X, ngày 02 tháng 3 năm 2024", "title": "Kế hoạch năm 2024", "period": "2024",
           "annexes": [{"label": "Phụ lục 01", "title": "PHÂN CÔNG NHIỆM VỤ",
                        "back_reference": "(Kèm theo Kế hoạch số 1/KH-UBND ngày 02/3/2024 của UBND tỉnh X)",
                        "tables": [{"kind": "task_assignment", "columns": ["TT", "Nội dung", "Cơ quan chủ trì",
                                                                            "Thời gian thực hiện"],
                                    "tasks": tasks}]}]}
    src = tmp_path / "doc.yaml"
    src.write_text(dump_yaml(doc), encoding="utf-8")
    _, outputs = render_outputs(Request([src], formats=("docx",), output=tmp_path.parent / "not-written"))
    path = tmp_path / "doc.docx"
    path.write_bytes(outputs[0][1])
    c = compare(doc, draft_file(path).drafted.data)
    assert c.tasks.share == 1.0 and c.headers.share == 1.0, c.tasks.misses + c.headers.misses


_FLATTENED = """KẾ HOẠCH
Thực hiện Chương trình OCOP năm 2024
Phụ lục
PHÂN CÔNG NHIỆM VỤ
TT | Nội dung | Kết quả | Thời gian thực hiện | Cơ quan chủ trì |
I | Nhóm việc chuẩn bị |
| Quý I/2024 |
|
1 | Tổ chức hội nghị triển khai | Hội nghị | Quý I/2024 | Sở Nông nghiệp |
2 | Ban hành hướng dẫn | Văn bản hướng dẫn | Sở Công Thương | |
3 | Lập danh mục sản phẩm |
| Quý II/2024 |
|
3.1 | Khảo sát các xã | Danh sách | Ban Dân tộc tỉnh | |
"""


def _flattened_tasks(tmp_path: Path) -> dict[str, dict[str, object]]:
    path = tmp_path / "plan.txt"
    path.write_text(_FLATTENED, encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "task_assignment")
    tasks = {t["tt"]: t for g in table["groups"] for t in g["tasks"]}
    return {"group": table["groups"][0], **tasks}


def test_flattened_row_continues_on_lines_that_start_with_a_pipe(tmp_path: Path) -> None:
    got = _flattened_tasks(tmp_path)
    assert got["3"]["title"] == "Lập danh mục sản phẩm" and got["3"]["timeframe"] == "Quý II/2024"
    assert got["group"]["timeframe"] == "Quý I/2024" and "result" not in got["group"]


def test_owner_moved_into_an_empty_merged_timeframe_column_goes_back(tmp_path: Path) -> None:
    got = _flattened_tasks(tmp_path)
    assert got["2"].get("lead_text", ", ".join(got["2"].get("lead", []))) == "Sở Công Thương"
    assert got["2"].get("timeframe", got["group"]["timeframe"]) == "Quý I/2024"  # merged, printed on row 1
    assert got["3.1"]["timeframe"] == "Quý II/2024"  # printed on its heading row 3


def test_unlabelled_annexes_after_a_table_each_start_at_their_title(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("QUYẾT ĐỊNH\nPhê duyệt Đề án OCOP\nDANH MỤC SẢN PHẨM CẤP HUYỆN\n"
                    "(Kèm theo Quyết định số 12/QĐ-UBND ngày 02/3/2024 của UBND tỉnh)\n"
                    "TT | Chuỗi | Dạng |\n1 | Chè | Chè khô |\n"
                    "DANH MỤC SẢN PHẨM CẤP TỈNH\n"
                    "(Kèm theo Quyết định số 12/QĐ-UBND ngày 02/3/2024 của UBND tỉnh)\n"
                    "TT | Chuỗi | Dạng |\n1 | Mật ong | Mật ong chai |\n", encoding="utf-8")
    annexes = draft_file(path).drafted.data["annexes"]
    assert [a["title"] for a in annexes] == ["DANH MỤC SẢN PHẨM CẤP HUYỆN", "DANH MỤC SẢN PHẨM CẤP TỈNH"]
    assert all(a["back_reference"].startswith("(Kèm theo") for a in annexes)


def test_schedule_headings_and_owned_items_in_the_body_are_tasks(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nI. TIẾN ĐỘ THỰC HIỆN\n"
                    "1. Quý II/2024: Tổ chức hội nghị triển khai\n2. Quý III/2024:\n- Ban hành hướng dẫn.\n"
                    "- Lập danh mục sản phẩm.\nII. DỰ ÁN\n(1) Dự án chè Tân Cương (2024-2025)\n"
                    "Dự án phát triển vùng chè.\nChủ trì: Sở Nông nghiệp.\n", encoding="utf-8")
    body = draft_file(path).drafted.data["body"]
    schedule = [(t.get("tt"), t["title"], t["timeframe"]) for s in body[0]["sections"] for t in s["tasks"]]
    assert schedule == [(None, "Tổ chức hội nghị triển khai", "Quý II/2024"),
                        ("-", "Ban hành hướng dẫn.", "Quý III/2024"), ("-", "Lập danh mục sản phẩm.", "Quý III/2024")]
    (task,) = body[1]["tasks"]
    assert (task["tt"], task["title"], task["timeframe"], task["lead_text"], task["details"]) == (
        "(1)", "Dự án chè Tân Cương (2024-2025)", "2024-2025", "Chủ trì: Sở Nông nghiệp.",
        ["Dự án phát triển vùng chè."])


def test_numbered_row_that_names_its_owner_is_a_task_not_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nPhụ lục\nPHÂN CÔNG NHIỆM VỤ\n"
                    "TT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n"
                    "I | Công tác đào tạo | | |\n1 | Mở lớp tập huấn | Sở Nông nghiệp | Quý I/2024 |\n"
                    "II | Tổng kết chương trình | Sở Nông nghiệp | Quý IV/2024 |\n", encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "task_assignment")
    tasks = [(g.get("title"), t["tt"], t["title"], t.get("timeframe")) for g in table["groups"] for t in g["tasks"]]
    assert tasks == [("Công tác đào tạo", "1", "Mở lớp tập huấn", "Quý I/2024"),
                     (None, "II", "Tổng kết chương trình", "Quý IV/2024")]


def _two_agencies(tmp_path: Path) -> api.Repository:
    plans = tmp_path / "plans" / "x"
    plans.mkdir(parents=True)
    (plans / "agencies.yaml").write_text(
        "kind: agencies\nprovince: Bắc Ninh\nagencies:\n"
        "  - {id: bn-pkt, name: Phòng Kinh tế huyện, level: huyện}\n"
        "  - {id: bn-ubnd-xa, name: UBND các xã, level: xã}\n", encoding="utf-8")
    repo, _ = api.load_repository([tmp_path / "plans"])
    return repo


def test_body_paragraphs_that_open_with_a_known_agency_are_tasks_with_their_deadline(tmp_path: Path) -> None:
    repo = _two_agencies(tmp_path)
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nI. NHIỆM VỤ\n1. Đăng ký sản phẩm\n"
                    "- UBND các xã tổng hợp đăng ký sản phẩm. Thời gian trước ngày 25/01/2024.\n"
                    "- Phòng Kinh tế huyện thẩm định hồ sơ đăng ký.\n2. Đánh giá sản phẩm\n"
                    "Căn cứ bộ tiêu chí, quy trình đánh giá, Phòng Kinh tế huyện tổ chức chấm điểm.\n"
                    "3. Tuyên truyền\n- Phòng Kinh tế huyện đăng tin.\n- Tổ chức hội nghị.\n", encoding="utf-8")
    body = draft_file(path, repo, "Bắc Ninh").drafted.data["body"]
    got = [(t["lead"], t.get("timeframe")) for s in body[0]["sections"] for t in s.get("tasks", [])]
    assert got == [(["bn-ubnd-xa"], "trước ngày 25/01/2024"), (["bn-pkt"], None), (["bn-pkt"], None)]
    assert "tasks" not in body[0]["sections"][2]  # one paragraph names no agency: the section stays text


def test_owner_cell_on_two_lines_naming_two_known_agencies_is_two_owners(tmp_path: Path) -> None:
    repo = _two_agencies(tmp_path)
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nPhụ lục\nPHÂN CÔNG NHIỆM VỤ\n"
                    "TT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n"
                    "1 | Mở lớp tập huấn | Phòng Kinh tế huyện | Quý I/2024 |\n | | UBND các xã | |\n",
                    encoding="utf-8")
    data = draft_file(path, repo, "Bắc Ninh").drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "task_assignment")
    (task,) = table["tasks"]
    assert task["lead"] == ["bn-pkt", "bn-ubnd-xa"] and task["timeframe"] == "Quý I/2024"


def test_a_bracketed_note_under_a_schedule_heading_is_not_its_item(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nI. TIẾN ĐỘ THỰC HIỆN\n"
                    "1. Quý II/2024: Tổ chức hội nghị triển khai\n2. Quý IV/2024: Tổng kết chương trình\n"
                    "(Chi tiết thời gian thực hiện theo Phụ lục gửi kèm)\nII. TỔ CHỨC THỰC HIỆN\n", encoding="utf-8")
    last = draft_file(path).drafted.data["body"][0]["sections"][1]
    assert [(t["title"], t["timeframe"]) for t in last["tasks"]] == [("Tổng kết chương trình", "Quý IV/2024")]
    assert last["text"] == ["(Chi tiết thời gian thực hiện theo Phụ lục gửi kèm)"]


def test_a_row_with_its_own_activity_and_owner_under_a_merged_number_is_a_second_task(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nPhụ lục\nNHIỆM VỤ\n"
                    "TT\tNội dung\tNhiệm vụ hoạt động\tĐơn vị chủ trì\tĐơn vị phối hợp\n"
                    "1\tTuyên truyền\tĐưa tin trên báo\tSở Nông nghiệp\tSở Thông tin\n"
                    "\t\tIn tờ rơi\tSở Nông nghiệp\tSở Công Thương\n"
                    "\t\tcùng ấn phẩm\t\t\n", encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "task_assignment")
    got = [(t["tt"], t["title"], t["details"], t["support"]) for t in table["tasks"]]
    assert got == [("1", "Tuyên truyền", ["Đưa tin trên báo"], ["Sở Thông tin"]),
                   ("1", "Tuyên truyền", ["In tờ rơi", "cùng ấn phẩm"], ["Sở Công Thương"])]


def test_roman_number_and_heading_in_one_cell_without_a_dot_is_a_group(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nThực hiện Chương trình OCOP năm 2024\nPhụ lục\nNHIỆM VỤ\n"
                    "TT\tNội dung\tĐơn vị phối hợp\tThời gian thực hiện\n"
                    "I\tSở Nông nghiệp\t\t\n1\tĐánh giá sản phẩm\tCác sở\t2024\n"
                    "II Sở Công Thương\t\t\t\n1\tTổ chức hội chợ\tCác sở\t2024\n", encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "task_assignment")
    got = [(g.get("tt"), g["title"], [t["title"] for t in g["tasks"]]) for g in table["groups"]]
    assert got == [("I", "Sở Nông nghiệp", ["Đánh giá sản phẩm"]), ("II", "Sở Công Thương", ["Tổ chức hội chợ"])]


def test_budget_row_with_no_year_cell_filled_has_no_values(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("QUYẾT ĐỊNH\nPhê duyệt Đề án OCOP\nPhụ lục\nKINH PHÍ\nĐơn vị: triệu đồng\n"
                    "TT\tNội dung\t2024\t2025\tTổng\n"
                    "\tĐào tạo\t10\t20\t30\n\tTổng toàn giai đoạn\t\t\t30\n", encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "budget")
    assert table["rows"][0]["values"] == ["10", "20"]
    assert table["rows"][1] == {"label": "Tổng toàn giai đoạn", "total": "30"}


def test_flattened_budget_row_with_one_cell_spanning_the_years_gives_its_total_and_share(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("QUYẾT ĐỊNH\nPhê duyệt Đề án OCOP\nPhụ lục\nKINH PHÍ\nĐơn vị: triệu đồng\n"
                    "TT\tNội dung\t2024\t2025\t2026\tTổng\tTỷ lệ (%)\n"
                    "\tĐào tạo\t10\t20\t30\t60\t100,0\n\tTổng toàn giai đoạn\t60\t100,0\t\t\t\n",
                    encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "budget")
    assert table["rows"][0]["values"] == ["10", "20", "30"]
    assert table["rows"][1] == {"label": "Tổng toàn giai đoạn", "total": "60", "share": "100,0"}


def test_an_unnumbered_total_row_is_not_nested_under_the_row_above(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("QUYẾT ĐỊNH\nPhê duyệt Đề án OCOP\nPhụ lục\nKINH PHÍ\nĐơn vị: triệu đồng\n"
                    "TT\tNội dung\t2024\t2025\tTổng\nA\tCấp tỉnh\t10\t20\t30\n1\tĐào tạo\t10\t20\t30\n"
                    "\tTổng A\t10\t20\t30\nB\tCấp huyện\t1\t2\t3\n", encoding="utf-8")
    data = draft_file(path).drafted.data
    table = next(t for a in data["annexes"] for t in a["tables"] if t["kind"] == "budget")
    assert [r["label"] for r in table["rows"]] == ["Cấp tỉnh", "Tổng A", "Cấp huyện"]
