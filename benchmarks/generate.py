"""Generate a national-scale synthetic plan repository.

34 provinces, 10 plans each, about 100,000 tasks and 20,000 products in all,
written as ocopctl YAML, with a progress file per lead agency and plan reporting
on about a third of the tasks. Deterministic for a given seed.

    python benchmarks/generate.py benchmarks/data/national
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from ocopctl.ratings import TAXONOMY_148

PROVINCES = 34
PLANS_PER_PROVINCE = 10
TASKS_PER_PLAN = 294  # 34 * 10 * 294 = 99,960 tasks
PRODUCTS_PER_PLAN = 59  # 34 * 10 * 59 = 20,060 products

AGENCIES = [
    ("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("sct", "Sở Công Thương", "Sở CT"),
    ("skhcn", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("skhdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("stc", "Sở Tài chính", "Sở TC"),
    ("syt", "Sở Y tế", "Sở YT"),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"),
    ("stttt", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("lmhtx", "Liên minh Hợp tác xã tỉnh", "LMHTX"),
    ("vpdp", "Văn phòng Điều phối nông thôn mới tỉnh", "VPĐP NTM"),
]
TASK_TITLES = [
    "Tổ chức hội nghị, hội thảo tuyên truyền về Chương trình OCOP",
    "Điều tra, khảo sát, lập danh mục sản phẩm đặc thù của các xã",
    "Đào tạo, bồi dưỡng cán bộ quản lý thực hiện Chương trình OCOP",
    "Tổ chức đánh giá, phân hạng sản phẩm OCOP cấp tỉnh",
    "Tổ chức hội chợ, triển lãm sản phẩm OCOP",
    "Hướng dẫn đăng ký bảo hộ quyền sở hữu trí tuệ cho sản phẩm OCOP",
    "Xây dựng điểm giới thiệu và bán sản phẩm OCOP",
    "Hỗ trợ chủ thể hoàn thiện bao bì, nhãn mác sản phẩm",
]
TIMEFRAMES = ["Quý I/{y}", "Quý II/{y}", "Quý III, IV/{y}", "{y}", "{y}-{z}", "Hằng năm", "Quý 2,3 hàng năm"]
GROUPS = ["thực phẩm", "đồ uống", "thảo dược", "vải và may mặc", "lưu niệm - nội thất - trang trí"]
LEAVES_148 = [(g, n, x or n) for g, subgroups in TAXONOMY_148.items() for n, xs in subgroups.items()
              for x in xs or (None,)]
PRODUCT_NAMES = ["Gạo nếp cái hoa vàng", "Mật ong rừng", "Chè xanh", "Rượu nếp", "Nước mắm", "Miến dong",
                 "Bưởi Diễn", "Cam Vinh", "Trà hoa vàng", "Chả mực"]
PRODUCERS = [("HTX nông nghiệp {n}", "hợp tác xã"), ("Công ty TNHH {n}", "doanh nghiệp"),
             ("Tổ hợp tác {n}", "tổ hợp tác"), ("Hộ kinh doanh {n}", "hộ")]


def agencies_yaml(code: str, name: str, districts: list[str]) -> str:
    lines = ["# yaml-language-server: $schema=../../schemas/agencies.schema.json", "kind: agencies",
             f"province: {name}", "agencies:",
             f"  - id: {code}-ubnd", f"    name: Ủy ban nhân dân tỉnh {name}", "    short_names: [UBND tỉnh]",
             "    level: tỉnh"]
    for ident, full, short in AGENCIES:
        lines += [f"  - id: {code}-{ident}", f"    name: {full}", f"    short_names: [{short}]", "    level: tỉnh"]
    for i, d in enumerate(districts):
        lines += [f"  - id: {code}-ubnd-h{i}", f"    name: Ủy ban nhân dân huyện {d}", "    level: huyện",
                  f"    district: {d}"]
    lines += ["groups:", f"  - id: {code}-ubnd-cap-huyen", "    name: Ủy ban nhân dân cấp huyện",
              "    aliases: [UBND cấp huyện, UBND các huyện]", "    level: huyện",
              "    members: [" + ", ".join(f"{code}-ubnd-h{i}" for i in range(len(districts))) + "]",
              f"  - id: {code}-lien-quan", "    name: Các sở, ngành, địa phương, đơn vị liên quan", "    vague: true"]
    return "\n".join(lines) + "\n"


def plan_yaml(rng: random.Random, code: str, name: str, number: int, year: int, plan: int,
              districts: list[str]) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    end = year + 2
    doc_id = f"{code}/{year}-{number}-kh-ubnd"
    out = ["# yaml-language-server: $schema=../../schemas/document.schema.json", "kind: document",
           f"id: {doc_id}", "type: Kế hoạch", f"number: {number}/KH-UBND", f"issuer: {code}-ubnd",
           f"province: {name}", f"place: {name}", f"date: {year}-{month:02d}-{day:02d}",
           f"date_line: {name}, ngày {day:02d} tháng {month if month > 2 else f'{month:02d}'} năm {year}",
           f"title: Thực hiện Chương trình mỗi xã một sản phẩm tỉnh {name} giai đoạn {year}-{end} (kế hoạch {plan})",
           f"period: {year}-{end}", "legal_bases:",
           "  - Căn cứ Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ phê duyệt Chương trình "
           "mỗi xã một sản phẩm giai đoạn 2018-2020;",
           "  - Căn cứ Quyết định số 1048/QĐ-TTg ngày 21/8/2019 của Thủ tướng Chính phủ ban hành Bộ tiêu chí;",
           "body:", "  - number: I.", "    title: MỤC ĐÍCH, YÊU CẦU", "    text:",
           f"      - Tổ chức thực hiện có hiệu quả Chương trình OCOP tỉnh {name} giai đoạn {year}-{end}.",
           "      - text: Tiêu chuẩn hóa ít nhất 50 sản phẩm hiện có.", "        targets:",
           "          - {value: 50, unit: sản phẩm, qualifier: ít nhất}",
           "signer:", "  authority: TM. ỦY BAN NHÂN DÂN", "  capacity: KT. CHỦ TỊCH", "  title: PHÓ CHỦ TỊCH",
           "  name: Nguyễn Văn A", "recipients:", "  - Bộ NN&PTNT (để báo cáo);", "  - Lưu VT.", "annexes:",
           "  - label: Phụ lục 01", "    title: PHÂN CÔNG NHIỆM VỤ",
           f"    back_reference: (Kèm theo Kế hoạch số {number}/KH-UBND ngày {day}/{month}/{year} của "
           "Ủy ban nhân dân tỉnh)",
           "    tables:", "      - kind: task_assignment",
           "        columns: [TT, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian thực hiện]", "        groups:"]
    per_group = TASKS_PER_PLAN // len(AGENCIES)
    extra = TASKS_PER_PLAN - per_group * len(AGENCIES)
    for g, (ident, full, _short) in enumerate(AGENCIES):
        out += [f"          - tt: '{g + 1}'", f"            title: {full}", f"            lead: [{code}-{ident}]",
                "            tasks:"]
        for t in range(per_group + (1 if g < extra else 0)):
            support = rng.choice([f"{code}-lien-quan", f"{code}-ubnd-cap-huyen",
                                  f"{code}-{AGENCIES[(g + 1) % len(AGENCIES)][0]}"])
            tf = rng.choice(TIMEFRAMES).format(y=rng.randint(year, end), z=end)
            out += [f"              - id: pl01-{g + 1}-{t + 1}", f"                tt: '{t + 1}'",
                    f"                title: {rng.choice(TASK_TITLES)} (đợt {t + 1})",
                    f"                support: [{support}]", f"                timeframe: '{tf}'",
                    "                result: Báo cáo kết quả thực hiện gửi Sở Nông nghiệp và Phát triển nông thôn"]
    out += ["  - label: Phụ lục 02", "    title: DANH MỤC SẢN PHẨM",
            f"    back_reference: (Kèm theo Kế hoạch số {number}/KH-UBND ngày {day}/{month}/{year} của "
            "Ủy ban nhân dân tỉnh)",
            "    tables:", "      - kind: product_list",
            "        columns: [TT, Tên sản phẩm, Chủ thể, Xã, Huyện, SHTT]", "        products:"]
    for p in range(PRODUCTS_PER_PLAN):
        producer, kind = rng.choice(PRODUCERS)
        # A quarter of the candidates are rated under 148/QĐ-TTg and filed under its nhóm and phân nhóm.
        if p % 4 == 0:
            group, subgroup, subdivision = rng.choice(LEAVES_148)
            classification = [f"            group: {group}", f"            subgroup: '{subgroup}'",
                              f"            subdivision: '{subdivision}'"]
        else:
            classification = [f"            group: {rng.choice(GROUPS)}"]
        out += [f"          - id: {code}-{plan}-sp-{p + 1}", f"            tt: '{p + 1}'",
                f"            name: {rng.choice(PRODUCT_NAMES)} {p + 1}", *classification,
                f"            producer: {{name: {producer.format(n=f'{code}-{plan}-{p + 1}')}, kind: {kind}}}",
                f"            commune: Xã {p % 17 + 1}", f"            district: {rng.choice(districts)}",
                f"            province: {name}", f"            ip_registered: {rng.choice(['true', 'false'])}"]
        score = rng.randint(50, 89)
        if p % 4 == 0:  # the province recognises 4 stars under 148, the district 3
            level = "tỉnh" if score >= 70 else "huyện"
            out += ["            ratings:", f"              - {{date: 2024-06-15, level: {level}, "
                    f"score: {score}, stars: {4 if score >= 70 else 3}, decision: {200 + plan}/QĐ-UBND}}"]
        elif p % 4 == 2:  # another quarter rated by the province under 1048/QĐ-TTg
            out += ["            ratings:", f"              - {{date: {min(year + 1, 2022)}-06-15, level: tỉnh, "
                    f"score: {score}, stars: {4 if score >= 70 else 3}, decision: {100 + plan}/QĐ-UBND}}"]
    out += budget_yaml(rng, year, end)
    return "\n".join(out) + "\n"


def budget_yaml(rng: random.Random, year: int, end: int) -> list[str]:
    """Phụ lục 03: a budget by year whose stated totals add up (about one cell in eight is '-')."""
    years = list(range(year, end + 1))
    out = ["  - label: Phụ lục 03", "    title: KINH PHÍ THỰC HIỆN", "    tables:", "      - kind: budget",
           "        unit: triệu đồng", f"        years: [{', '.join(map(str, years))}]", "        rows:"]
    grand = [0] * len(years)
    for r, label in enumerate(["Tuyên truyền", "Đào tạo, tập huấn", "Hỗ trợ phát triển sản phẩm",
                               "Đánh giá, phân hạng", "Xúc tiến thương mại"]):
        cells = [0 if rng.random() < 0.125 else rng.randint(50, 2500) for _ in years]
        grand = [a + b for a, b in zip(grand, cells, strict=True)]
        out.append(f"          - {{tt: '{r + 1}', label: '{label}', values: [{_vn_cells(cells)}], "
                   f"total: '{_vn(sum(cells))}'}}")
    out.append(f"          - {{label: Tổng cộng, values: [{_vn_cells(grand)}], total: '{_vn(sum(grand))}', "
               "total_of: ['1', '2', '3', '4', '5']}")
    return out


def _vn(n: int) -> str:
    """12345 as a Vietnamese table prints it: 12.345; zero as '-'."""
    return f"{n:,}".replace(",", ".") if n else "-"


def _vn_cells(cells: list[int]) -> str:
    return ", ".join(f"'{_vn(c)}'" for c in cells)


STATES = ["đang thực hiện", "hoàn thành", "hoàn thành", "chưa triển khai"]


def progress_yaml(rng: random.Random, code: str, doc_id: str, year: int, agency: str, group: int, count: int) -> str:
    out = ["# yaml-language-server: $schema=../../../schemas/progress.schema.json", "kind: progress",
           f"document: {doc_id}", f"agency: {code}-{agency}", f"period: 6 tháng cuối năm {year + 2}", "entries:"]
    for t in range(0, count, 3):
        # reported in the plan's last year: after every timeframe starts, inside the period
        out.append(f"  - {{task: pl01-{group + 1}-{t + 1}, date: {year + 2}-12-{rng.randint(1, 28):02d}, "
                   f"state: {rng.choice(STATES)}}}")
    return "\n".join(out) + "\n"


def generate(target: Path, seed: int = 2018, provinces: int = PROVINCES) -> None:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    for p in range(provinces):
        code, name = f"t{p:02d}", f"Tỉnh Số {p + 1}"
        districts = [f"Huyện {p + 1}-{d + 1}" for d in range(8)]
        folder = target / code
        folder.mkdir(parents=True)
        (folder / "agencies.yaml").write_text(agencies_yaml(code, name, districts), encoding="utf-8")
        for plan in range(PLANS_PER_PROVINCE):
            year = 2018 + plan % 5
            number = 100 + plan
            (folder / f"{year}-{number}-kh-ubnd.yaml").write_text(
                plan_yaml(rng, code, name, number, year, plan, districts), encoding="utf-8")
            per_group = TASKS_PER_PLAN // len(AGENCIES)
            extra = TASKS_PER_PLAN - per_group * len(AGENCIES)
            reports = folder / "progress" / f"{year}-{number}"
            reports.mkdir(parents=True)
            for g, (ident, _full, _short) in enumerate(AGENCIES):
                (reports / f"{ident}.yaml").write_text(
                    progress_yaml(rng, code, f"{code}/{year}-{number}-kh-ubnd", year, ident, g,
                                  per_group + (1 if g < extra else 0)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--provinces", type=int, default=PROVINCES, help="68 for twice the national scale")
    args = parser.parse_args()
    generate(args.target, args.seed, args.provinces)


if __name__ == "__main__":
    main()
