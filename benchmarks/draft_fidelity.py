"""How much of each document ``ocopctl draft`` gets back, field by field, and how fast.

    python benchmarks/draft_fidelity.py [--misses]

1. Every encoded document under plans/: rendered to .docx, then drafted back.
2. The seed texts in tests/data/seeds/: drafted, against the hand-encoded YAML.
3. A 50-page plan with a 300-row task table, built with python-docx: seconds to draft.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from docx import Document as new_docx

from ocopctl import api
from ocopctl.draft import draft_file
from ocopctl.draft.compare import Comparison, compare
from ocopctl.fidelity import SEEDS, seed_file
from ocopctl.loader import read_yaml
from ocopctl.render import Request, render_outputs

ROOT = Path(__file__).resolve().parent.parent
SEEDS_ALL = SEEDS | {"004": "plans/hai-duong/2021-32-kh-ubnd-thanh-ha.yaml"}


def _pct(part: int, total: int) -> str:
    return f"{part}/{total} {100 * part / total:.0f}%" if total else "-"


def _row(name: str, c: Comparison) -> str:
    cells = [c.tasks, c.products, c.budget, c.citations, c.headers]
    return f"| {name} | " + " | ".join(_pct(s.same, s.total) for s in cells) + " |"


def documents() -> list[Path]:
    return sorted(p for p in (ROOT / "plans").rglob("*.yaml")
                  if read_yaml(p).get("kind") == "document")


def round_trips(repo: api.Repository, misses: bool) -> list[str]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in documents():
            _, outputs = render_outputs(Request([doc], formats=("docx",), output=Path(tmp) / "r"))
            path = Path(tmp) / f"{doc.stem}.docx"
            path.write_bytes(outputs[0][1])
            hand = read_yaml(doc)
            drafted = draft_file(path, repo, hand.get("province"), hand.get("id")).drafted.data
            c = compare(hand, drafted, repo)
            out.append(_row(f"{doc.relative_to(ROOT)} (docx)", c))
            if misses:
                out += [f"    {m}" for s in (c.tasks, c.products, c.budget, c.citations, c.headers) for m in s.misses]
    return out


def seeds(repo: api.Repository, misses: bool) -> list[str]:
    out = []
    for prefix, doc in sorted(SEEDS_ALL.items()):
        hand = read_yaml(ROOT / doc)
        path = seed_file(ROOT / "tests/data/seeds", prefix)
        drafted = draft_file(path, repo, hand.get("province"), hand.get("id")).drafted.data
        c = compare(hand, drafted, repo)
        out.append(_row(f"seed {prefix} → {doc}", c))
        if misses:
            out += [f"    {m}" for s in (c.tasks, c.products, c.budget, c.citations, c.headers) for m in s.misses]
    return out


def big_plan(path: Path, pages: int = 50, rows: int = 300) -> None:
    """A plan of about ``pages`` pages (25 paragraphs each) and a task table of ``rows`` rows."""
    d = new_docx()
    d.add_paragraph("Số: 1/KH-UBND")
    d.add_paragraph("Hà Nội, ngày 2 tháng 3 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Chương trình OCOP năm 2024")
    d.add_paragraph("Căn cứ Quyết định số 919/QĐ-TTg ngày 01/8/2022 của Thủ tướng Chính phủ;")
    for i in range(pages):
        d.add_paragraph(f"{i + 1}. Nội dung {i + 1}")
        for j in range(24):
            d.add_paragraph(f"- Nhiệm vụ {i}.{j}: tổ chức triển khai thực hiện chương trình trên địa bàn, "
                            "bảo đảm tiến độ, chất lượng và hiệu quả theo kế hoạch đã được phê duyệt.")
    d.add_paragraph("Phụ lục 01")
    d.add_paragraph("PHÂN CÔNG NHIỆM VỤ")
    d.add_paragraph("(Kèm theo Kế hoạch số 1/KH-UBND ngày 02/3/2024 của UBND thành phố)")
    t = d.add_table(rows=rows + 1, cols=5)
    for c, h in enumerate(["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]):
        t.rows[0].cells[c].text = h
    for r in range(1, rows + 1):
        for c, v in enumerate([str(r), f"Nhiệm vụ số {r}", "Sở Nông nghiệp và Phát triển nông thôn",
                               "Các sở, ngành liên quan", "Quý IV/2024"]):
            t.rows[r].cells[c].text = v
    d.save(str(path))


def speed() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.docx"
        big_plan(path)
        start = time.perf_counter()
        result = draft_file(path)
        return time.perf_counter() - start, result.drafted.tasks


def main() -> None:
    misses = "--misses" in sys.argv
    repo, _ = api.load_repository([ROOT / "plans"])
    print("| document | tasks (title, lead, support, timeframe) | product names | budget cells | citations "
          "| number, date, issuer |")
    print("|---|---|---|---|---|---|")
    for line in round_trips(repo, misses) + seeds(repo, misses):
        print(line)
    seconds, tasks = speed()
    print(f"\n50-page plan, {tasks} task rows: drafted in {seconds:.2f} s (goal < 2 s)")


if __name__ == "__main__":
    main()
