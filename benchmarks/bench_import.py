"""Time ``ocopctl import`` of a 20,000-row product sheet (target: under 10 seconds).

The peer in the same run is the floor any importer pays: openpyxl reading every cell of
the same sheet in read-only mode, in a fresh interpreter like the import itself.

    python benchmarks/bench_import.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

HEADER = ["TT", "Tên sản phẩm", "Nhóm sản phẩm", "Chủ thể", "Loại hình chủ thể", "Xã", "Huyện", "Đã có đăng ký SHTT",
          "Số sao", "Điểm", "Ngày công nhận", "Cấp đánh giá", "Quyết định công nhận"]
NAMES = ["Gạo nếp cái hoa vàng", "Mật ong rừng", "Chè xanh", "Rượu nếp", "Nước mắm", "Miến dong"]
GROUPS = ["thực phẩm", "đồ uống", "thảo dược"]


def make_sheet(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sản phẩm")
    ws.append(HEADER)
    for i in range(rows):
        score = rng.randint(50, 95)
        stars = 5 if score >= 90 else 4 if score >= 70 else 3
        ws.append([str(i + 1), f"{rng.choice(NAMES)} {i + 1}", rng.choice(GROUPS), f"HTX số {i % 900 + 1}",
                   "hợp tác xã", f"Xã {i % 40 + 1}", f"Huyện {i % 12 + 1}", rng.choice(["x", ""]), stars,
                   str(score), "2020-06-15", "tỉnh", f"{i % 300 + 1}/QĐ-UBND"])
    wb.save(path)


_READ_ONLY = (
    "import sys; from openpyxl import load_workbook; "
    "wb = load_workbook(sys.argv[1], read_only=True); "
    "n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "products.xlsx"
        make_sheet(sheet, args.rows)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "ocopctl", "import", str(sheet), "--kind", "products",
                                 "--province", "Tỉnh Mẫu", "--into", str(Path(tmp) / "products.yaml")],
                                capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _READ_ONLY, str(sheet)], check=True)
        floor = time.perf_counter() - start
    print(f"ocopctl import of {args.rows} product rows: {elapsed:.2f} s (target < 10 s), exit {result.returncode}")
    print(f"openpyxl read-only pass over the same sheet: {floor:.2f} s")
    print(f"ratio ocopctl import / openpyxl read: {elapsed / floor:.2f}")
    if result.returncode:
        print(result.stderr[-2000:])


if __name__ == "__main__":
    main()
