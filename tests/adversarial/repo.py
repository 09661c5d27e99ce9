"""Inputs the cases start from: copies of the seed plans, a small hand-written repository whose
names and values a case chooses, and builders of hostile files (spreadsheets, bombs).

Everything is generated when a case is laid out; nothing hostile is stored in the repository.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "plans"

Setup = Callable[[Path], None]


def q(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``: every control, format or line-break
    character written as an escape, so the file itself stays valid YAML."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'



# --------------------------------------------------------------------------- setups


def compose(*steps: Setup) -> Setup:
    def run(case: Path) -> None:
        for step in steps:
            step(case)

    return run


def seed(*provinces: str) -> Setup:
    """Copies of plans/<province> (and plans/national, which every province cites) under plans/."""

    def run(case: Path) -> None:
        for name in (*provinces, "national"):
            dest = case / "plans" / name
            if not dest.exists():
                shutil.copytree(PLANS / name, dest)

    return run


def write(rel: str, content: str | bytes | Callable[[Path], str | bytes]) -> Setup:
    def run(case: Path) -> None:
        path = case / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content(case) if callable(content) else content
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return run


def mkdir(rel: str) -> Setup:
    return lambda case: (case / rel).mkdir(parents=True, exist_ok=True)


def fifo(rel: str) -> Setup:
    def run(case: Path) -> None:
        (case / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(case / rel)

    return run


def symlink(rel: str, target: str) -> Setup:
    def run(case: Path) -> None:
        (case / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, case / rel)

    return run


def nothing(case: Path) -> None:
    """A case folder with nothing in it (no plans/)."""


# --------------------------------------------------------------------------- the small repository

RULE = "unit: triệu đồng\nstars: {5: 30, 4: 20, 3: 10}\n"


def mini(
    *,
    title: str = "Tổ chức hội nghị tuyên truyền",
    titles: Sequence[str] = (),
    agency: str = "Sở Nông nghiệp và Phát triển nông thôn",
    product: str = "Chè xanh Mẫu",
    products: Sequence[str] = (),
    producer: str = "HTX Chè Mẫu",
    district: str = "Huyện A",
    budget_label: str = "Ngân sách tỉnh",
    budget_value: str = "1.200",
    annex_title: str = "PHÂN CÔNG NHIỆM VỤ",
    timeframe: str = "Quý III/2018",
    period: str = "2018-2020",
    doc_date: str = "2018-02-05",
    rating_date: str = "2019-12-20",
    score: str = "75,5",
    progress_date: str = "2018-09-20",
    rule: str = RULE,
    where: str = "plans/mau",
) -> Setup:
    """A province of one plan (tasks, products and a budget annex), its agencies, one progress
    file, a recognition decision and a progress report, with the names and values given."""
    extra_tasks = "".join(
        f"              - {{id: x{i}, tt: '{i + 10}', title: {q(t)}, lead: [m-snn], timeframe: Quý III/2018}}\n"
        for i, t in enumerate(titles))
    extra_products = "".join(
        f"""              - id: mau-x{i}
                name: {q(p)}
                producer: {{name: {q(p)}, kind: hợp tác xã}}
                district: {q(p)}
                ratings:
                  - {{date: 2019-12-20, level: tỉnh, score: 62, stars: 3, decision: 123/QĐ-UBND}}
""" for i, p in enumerate(products))
    agencies = f"""kind: agencies
province: Tỉnh Mẫu
agencies:
  - id: m-ubnd
    name: Ủy ban nhân dân tỉnh Mẫu
    short_names: [UBND tỉnh]
    level: tỉnh
  - id: m-snn
    name: {q(agency)}
    short_names: [Sở NN&PTNT]
    level: tỉnh
  - id: m-sct
    name: Sở Công Thương
    level: tỉnh
"""
    plan = f"""kind: document
id: mau/2018-10-kh-ubnd
type: Kế hoạch
number: 10/KH-UBND
issuer: m-ubnd
issuer_lines: [ỦY BAN NHÂN DÂN, TỈNH MẪU]
province: Tỉnh Mẫu
place: Mẫu
date: {doc_date}
title: Thực hiện Chương trình mỗi xã một sản phẩm tỉnh Mẫu
period: {q(period)}
legal_bases:
  - Căn cứ Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ;
preamble:
  - "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
body:
  - number: I.
    title: MỤC ĐÍCH, YÊU CẦU
    text:
      - {q(title)}
signer:
  authority: TM. ỦY BAN NHÂN DÂN
  capacity: KT. CHỦ TỊCH
  title: PHÓ CHỦ TỊCH
  name: Nguyễn Văn Mẫu
recipients:
  - "- Lưu: VT."
annexes:
  - label: Phụ lục 01
    title: {q(annex_title)}
    back_reference: (Kèm theo Kế hoạch số 10/KH-UBND ngày 05/02/2018 của Ủy ban nhân dân tỉnh)
    tables:
      - kind: task_assignment
        columns: [TT, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian thực hiện]
        groups:
          - tt: I
            title: Tuyên truyền
            tasks:
              - {{id: t1, tt: '1', title: {q(title)}, lead: [m-snn], support: [m-sct], timeframe: {q(timeframe)}}}
              - {{id: t2, tt: '2', title: Điều tra sản phẩm, lead: [m-snn], timeframe: Quý IV/2018}}
              - {{id: t3, tt: '3', title: Tổ chức hội chợ, lead: [m-sct], timeframe: Hằng năm}}
{extra_tasks}  - label: Phụ lục 02
    title: DANH MỤC SẢN PHẨM
    tables:
      - kind: product_list
        columns: [TT, Tên sản phẩm, Chủ thể sản xuất, Quận/Huyện]
        groups:
          - tt: I
            title: Thực phẩm
            group: thực phẩm
            products:
              - id: mau-sp-1
                tt: "1"
                name: {q(product)}
                producer: {{name: {q(producer)}, kind: hợp tác xã}}
                commune: Xã Một
                district: {q(district)}
                ratings:
                  - {{date: {rating_date}, level: tỉnh, score: {q(score)}, stars: 4, decision: 123/QĐ-UBND}}
              - id: mau-sp-2
                tt: "2"
                name: Cam Mẫu
                producer: {{name: Tổ hợp tác Cam, kind: tổ hợp tác}}
                district: Huyện B
                ratings:
                  - {{date: 2019-12-20, level: tỉnh, score: 62, stars: 3, decision: 123/QĐ-UBND}}
{extra_products}  - label: Phụ lục 03
    title: KINH PHÍ
    tables:
      - kind: budget
        unit: triệu đồng
        columns: [TT, Nội dung, 2018, 2019, Tổng]
        years: [2018, 2019]
        rows:
          - tt: "1"
            label: {q(budget_label)}
            values: [{q(budget_value)}, "2"]
          - tt: "2"
            label: Ngân sách huyện
            values: ["3", "4"]
            total: "7"
"""
    progress = f"""kind: progress
document: mau/2018-10-kh-ubnd
agency: m-snn
period: Quý III/2018
entries:
  - {{task: t1, date: {progress_date}, state: đang thực hiện, note: {q(title)}}}
  - {{task: t2, date: 2018-09-25, state: hoàn thành}}
"""
    recognition = """kind: issuance
id: mau/2019-123-qd-ubnd-cong-nhan
template: recognition
number: 123/QĐ-UBND
issuer: m-ubnd
issuer_lines: [ỦY BAN NHÂN DÂN, TỈNH MẪU]
province: Tỉnh Mẫu
place: Mẫu
date: 2019-12-20
signer: {authority: TM. ỦY BAN NHÂN DÂN, capacity: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Nguyễn Văn Mẫu}
recipients: ["- Lưu: VT."]
"""
    report = """kind: issuance
id: mau/bao-cao-q3-2018
template: progress_report
subject: mau/2018-10-kh-ubnd
period: Q3-2018
as_of: 2018-10-15
issuer: m-snn
issuer_lines: [UBND TỈNH MẪU, SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN]
signer: {capacity: GIÁM ĐỐC}
recipients: ["- Lưu: VT."]
"""
    files = {
        "agencies.yaml": agencies, "plan.yaml": plan, "progress/q3/m-snn.yaml": progress,
        "recognition.yaml": recognition, "report-q3.yaml": report,
    }

    def run(case: Path) -> None:
        for name, text in files.items():
            path = case / where / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if rule:
            (case / "rule.yaml").write_text(rule, encoding="utf-8")

    return run


PLAN = "plans/mau/plan.yaml"


# --------------------------------------------------------------------------- big YAML


def big_plan(tasks: int, *, per_group: int = 50) -> str:
    """One plan of ``tasks`` tasks, in groups of ``per_group`` (a few lines per task)."""
    out = ["""kind: document
id: mau/2018-10-kh-ubnd
type: Kế hoạch
number: 10/KH-UBND
issuer: m-ubnd
province: Tỉnh Mẫu
place: Mẫu
date: 2018-02-05
title: Kế hoạch lớn
period: 2018-2020
annexes:
  - label: Phụ lục 01
    title: PHÂN CÔNG NHIỆM VỤ
    tables:
      - kind: task_assignment
        groups:
"""]
    quarters = ("I", "II", "III", "IV")
    for g in range(0, tasks, per_group):
        out.append(f"          - tt: G{g}\n            title: Nhóm {g}\n"
                   "            lead: [m-snn]\n            tasks:\n")
        out.extend(
            f"              - {{id: t{i}, tt: '{i}', title: Nhiệm vụ số {i} của kế hoạch, support: [m-sct], "
            f"timeframe: Quý {quarters[i % 4]}/{2018 + i % 3}}}\n"
            for i in range(g, min(g + per_group, tasks)))
    return "".join(out)


def nested_sequences(depth: int) -> str:
    return "kind: document\nid: " + "[" * depth + "]" * depth + "\n"


def nested_mappings(depth: int) -> str:
    return "kind: document\nid: " + "{a: " * depth + "b" + "}" * depth + "\n"


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "kind: document\nid: x\n" + "\n".join(lines) + "\n"


def alias_bomb_tasks(copies: int = 2000) -> str:
    """Many aliases of one big task list, where the model validates every copy."""
    tasks = "".join(f"      - {{id: t{i}, title: Nhiệm vụ {i}, lead: [m-snn], timeframe: Quý III/2018}}\n"
                    for i in range(500))
    groups = "".join(f"          - {{title: Nhóm {i}, tasks: *tasks}}\n" for i in range(copies))
    return f"""kind: document
id: mau/2018-10-kh-ubnd
type: Kế hoạch
number: 10/KH-UBND
issuer: m-ubnd
province: Tỉnh Mẫu
place: Mẫu
date: 2018-02-05
title: Kế hoạch
period: 2018-2020
x-anchor: &tasks
{tasks}annexes:
  - label: Phụ lục 01
    title: Bom
    tables:
      - kind: task_assignment
        groups:
{groups}"""


def many_unknown_keys(count: int) -> str:
    return "kind: agencies\nagencies: []\n" + "".join(f"k{i:07d}: {i}\n" for i in range(count))


# --------------------------------------------------------------------------- spreadsheets

PRODUCT_HEADER = ["TT", "Tên sản phẩm", "Nhóm sản phẩm", "Chủ thể", "Huyện", "Số sao", "Điểm", "Ngày công nhận",
                  "Cấp đánh giá"]
PRODUCT_ROWS = [["1", "Chè xanh Mẫu", "thực phẩm", "HTX Chè Mẫu", "Huyện A", "4", "75", "2019-12-20", "tỉnh"],
                ["2", "Cà phê Mẫu", "đồ uống", "Tổ hợp tác Cà phê", "Huyện B", "3", "60", "2019-12-20", "tỉnh"]]


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    """A real workbook written by openpyxl."""
    import warnings

    from openpyxl import Workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = title
        for row in rows:
            ws.append(list(row))
        buf = io.BytesIO()
        wb.save(buf)
    return buf.getvalue()


def xlsx_with_sheet(sheet_xml: str, *, shared: Sequence[str] = ()) -> bytes:
    """A minimal workbook whose one sheet is the XML given (to break it on purpose)."""
    sst = "".join(f"<si><t>{s}</t></si>" for s in shared)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'),
        "xl/sharedStrings.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>'),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows_xml: str, *, extra: str = "", dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {SHEET_NS}>{dim}'
            f"<sheetData>{rows_xml}</sheetData>{extra}</worksheet>")


def inline_row(r: int, values: Sequence[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{r}">{cells}</row>'


def header_rows_xml() -> str:
    return inline_row(1, PRODUCT_HEADER) + "".join(inline_row(i + 2, r) for i, r in enumerate(PRODUCT_ROWS))


def zip_bomb_xlsx(uncompressed: int = 1 << 30) -> bytes:
    """A workbook whose sheet inflates to ``uncompressed`` bytes: one text cell of that many
    letters. Built from one compressed block repeated, so it takes a fraction of a second;
    the zip directory states the true sizes (a reader can see the bomb before inflating it)."""
    prefix = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {SHEET_NS}><sheetData>'
              + inline_row(1, PRODUCT_HEADER) + '<row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
    suffix = b"</t></is></c></row></sheetData></worksheet>"
    chunk = b"A" * (4 << 20)
    count = max(1, (uncompressed - len(prefix) - len(suffix)) // len(chunk))
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(suffix) + comp.flush(zlib.Z_FINISH)
    data = head + block * count + tail
    size = len(prefix) + len(chunk) * count + len(suffix)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    # The other parts of a valid workbook, then the bomb as the sheet.
    good = zipfile.ZipFile(io.BytesIO(xlsx_with_sheet(sheet(header_rows_xml()))))
    members = [(n, good.read(n)) for n in good.namelist() if n != "xl/worksheets/sheet1.xml"]
    return _zip_raw([*((n, zlib.compress(b, 9)[2:-4], zlib.crc32(b), len(b)) for n, b in members),
                     ("xl/worksheets/sheet1.xml", data, crc & 0xFFFFFFFF, size)])


def _zip_raw(members: Sequence[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, deflated bytes, crc32, uncompressed size)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0))
        out.write(raw)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                   len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()
