"""OCOP rating rules by regulation: product groups, score bands, who recognises what, validity.

Each table names the regulation it comes from; ``regulation_on`` picks the one
in force on a date.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date

from ocopctl import vn
from ocopctl.models import Product, Rating

# Product groups of Quyết định 490/QĐ-TTg (07/5/2018), kept by 1048/QĐ-TTg (21/8/2019).
GROUPS_490 = frozenset({
    "thực phẩm", "đồ uống", "thảo dược", "vải và may mặc", "lưu niệm - nội thất - trang trí",
    "dịch vụ du lịch nông thôn, bán hàng",
})
# Product classification of Quyết định 148/QĐ-TTg (24/02/2023), Phụ lục I: six groups, each
# split into nhóm (17), and some nhóm into phân nhóm; every leaf (26) has its own bộ tiêu chí
# in Phụ lục II. group -> nhóm -> phân nhóm; an empty tuple is a nhóm that is not divided.
TAXONOMY_148: dict[str, dict[str, tuple[str, ...]]] = {
    "thực phẩm": {
        "thực phẩm tươi sống": ("rau, củ, quả, hạt tươi", "thịt, thủy sản, trứng, sữa tươi"),
        "thực phẩm thô, sơ chế": ("gạo, ngũ cốc, hạt sơ chế khác", "mật ong, mật khác và nông sản thực phẩm khác"),
        "thực phẩm chế biến": (
            "đồ ăn nhanh", "chế biến từ gạo, ngũ cốc", "chế biến từ rau, củ, quả, hạt",
            "chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác",
        ),
        "gia vị": ("tương, nước mắm, gia vị dạng lỏng khác", "gia vị khác"),
        "chè": ("chè tươi, chè chế biến", "sản phẩm trà từ thực vật khác"),
        "cà phê, ca cao": (),
    },
    "đồ uống": {
        "đồ uống có cồn": ("rượu trắng", "đồ uống có cồn khác"),
        "đồ uống không cồn": ("nước khoáng thiên nhiên, nước uống tinh khiết đóng chai", "đồ uống không cồn khác"),
    },
    "dược liệu và sản phẩm từ dược liệu": {
        "thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền": (),
        "mỹ phẩm có thành phần từ thảo dược": (),
        "tinh dầu và thảo dược khác": (),
    },
    "hàng thủ công mỹ nghệ": {"thủ công mỹ nghệ gia dụng, trang trí": (), "vải, may mặc": ()},
    "sinh vật cảnh": {"hoa": (), "cây cảnh": (), "động vật cảnh": ()},
    "dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": {
        "dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": (),
    },
}
GROUPS_148 = frozenset(TAXONOMY_148)


def classification_key(name: str) -> str:
    """Names of nhóm and phân nhóm compare without case, diacritics, punctuation or a
    parenthesised aside ("Gia vị khác (muối, hành, tỏi, tiêu,...)")."""
    return vn.fold(" ".join(re.sub(r"[^\w]+", " ", re.sub(r"\(.*?\)", " ", name)).split()))

# Score (of 100) to stars: Quyết định 1048/QĐ-TTg, Điều 3; 148/QĐ-TTg keeps the 50, 70 and 90 thresholds.
BANDS = ((90, 5), (70, 4), (50, 3), (30, 2), (0, 1))

CERTIFICATE_MONTHS = 36  # validity of a recognition: 1048/QĐ-TTg Điều 6; 148/QĐ-TTg Điều 8


def latest_rating(product: Product) -> Rating | None:
    """The product's most recent rating, the one its certificate rests on."""
    return max(product.ratings, key=lambda r: r.date) if product.ratings else None


@dataclass(frozen=True)
class Regulation:
    number: str
    in_force: date
    groups: frozenset[str]
    recognises: dict[str, frozenset[int]]  # level -> stars that level may recognise
    taxonomy: dict[str, dict[str, tuple[str, ...]]] | None = None  # nhóm and phân nhóm, where it has them
    taxonomy_source: str | None = None  # where the taxonomy is written: the same one may stay in force


REGULATIONS = (
    # 1048/QĐ-TTg: the province recognises 3-4 stars, the centre 5 stars.
    Regulation("1048/QĐ-TTg", date(2019, 8, 21), GROUPS_490,
               {"tỉnh": frozenset({3, 4}), "trung ương": frozenset({5})}),
    # 148/QĐ-TTg: district 3 stars, province 4 stars, centre 5 stars.
    Regulation("148/QĐ-TTg", date(2023, 2, 24), GROUPS_148,
               {"huyện": frozenset({3}), "tỉnh": frozenset({4}), "trung ương": frozenset({5})}, TAXONOMY_148,
               "148/QĐ-TTg Phụ lục I"),
    # 1489/QĐ-TTg: districts abolished; province 3-4 stars, centre 5 stars; 148's classification stays.
    Regulation("1489/QĐ-TTg", date(2025, 7, 6), GROUPS_148,
               {"tỉnh": frozenset({3, 4}), "trung ương": frozenset({5})}, TAXONOMY_148,
               "148/QĐ-TTg Phụ lục I"),
)
# Before 1048, 490/QĐ-TTg set the groups; who recognised which stars was left to the
# provinces' interim rules, so no level rule is checked for those dates (empty mapping).
BEFORE_1048 = Regulation("490/QĐ-TTg", date(2018, 5, 7), GROUPS_490, {})


def regulation_on(day: date) -> Regulation:
    current = BEFORE_1048
    for r in REGULATIONS:
        if day >= r.in_force:
            current = r
    return current


def stars_for(score: float) -> int:
    for threshold, stars in BANDS:
        if score >= threshold:
            return stars
    return 1


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter), kept inside
    the calendar: past ``date.max`` it is ``date.max``, before ``date.min`` it is ``date.min``."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if not MINYEAR <= year <= MAXYEAR:
        return date.max if year > MAXYEAR else date.min
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def certificate_expiry(recognised: date) -> date:
    return add_months(recognised, CERTIFICATE_MONTHS)
