"""National regulations of the OCOP programme, with the dates they were signed.

Source: the decisions themselves as published in the official gazette
(Công báo); summarised in the project's domain primer.
"""

from __future__ import annotations

from datetime import date

from ocopctl import vn

# canonical number -> (date signed, what it is)
REGULATIONS: dict[str, tuple[date, str]] = {
    "490/QĐ-TTg": (date(2018, 5, 7), "Chương trình mỗi xã một sản phẩm giai đoạn 2018-2020"),
    "1048/QĐ-TTg": (date(2019, 8, 21), "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP"),
    "781/QĐ-TTg": (date(2020, 6, 8), "sửa đổi phụ lục Quyết định 1048/QĐ-TTg"),
    "919/QĐ-TTg": (date(2022, 8, 1), "Chương trình OCOP giai đoạn 2021-2025"),
    "148/QĐ-TTg": (date(2023, 2, 24), "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP"),
    "1489/QĐ-TTg": (date(2025, 7, 6), "sửa đổi quy trình của Quyết định 148/QĐ-TTg"),
}


def known_regulation(key: str, year: int | None) -> tuple[date, str] | None:
    """The regulation a citation means, if its number and year match one.

    Decision numbers restart every year, so a number alone is not enough: the
    cited year must be the regulation's year.
    """
    hit = REGULATIONS.get(key)
    if hit and (year is None or year == hit[0].year):
        return hit
    return None


# What a provincial decision recognising OCOP products cites, by the day it is signed: the law on local
# government, the programme in force and the rating regulation in force with its amendment.
# Laws: (first day it applies, last day it applies, the law as decisions cite it).
LOCAL_GOVERNMENT_LAWS: tuple[tuple[date, date, str], ...] = (
    (date(2016, 1, 1), date(2025, 2, 28), "Luật Tổ chức chính quyền địa phương ngày 19/6/2015"),
    (date(2020, 7, 1), date(2025, 2, 28), "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và "
                                          "Luật Tổ chức chính quyền địa phương ngày 22/11/2019"),
    # Passed 19/02/2025, in force 01/3/2025; replaced on 01/7/2025 by the law of the two-level local
    # government, whose particulars are not recorded here: after 30/6/2025 the clerk writes that basis.
    (date(2025, 3, 1), date(2025, 6, 30), "Luật Tổ chức chính quyền địa phương ngày 19/02/2025"),
)
# Decisions of the Prime Minister, each in force from the day REGULATIONS gives it: (number, last day
# it applies or None, what it does as decisions cite it).
RECOGNITION_DECISIONS: tuple[tuple[str, date | None, str], ...] = (
    ("490/QĐ-TTg", date(2022, 7, 31), "phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2018-2020"),
    ("919/QĐ-TTg", None, "phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2021-2025"),
    ("1048/QĐ-TTg", date(2023, 2, 23), "ban hành Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình mỗi xã "
                                       "một sản phẩm"),
    ("781/QĐ-TTg", date(2023, 2, 23), "sửa đổi, bổ sung một số Phụ lục của Quyết định số 1048/QĐ-TTg"),
    ("148/QĐ-TTg", None, "ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã "
                         "một sản phẩm"),
    ("1489/QĐ-TTg", None, "sửa đổi, bổ sung Quyết định số 148/QĐ-TTg"),
)
BLANK_LAW = "Luật Tổ chức chính quyền địa phương ……………………"


def recognition_bases(day: date) -> list[str]:
    """The legal bases ("Căn cứ ...", without the closing punctuation) of a recognition decision signed on ``day``."""
    found = [text for first, last, text in LOCAL_GOVERNMENT_LAWS if first <= day <= last] or [BLANK_LAW]
    for number, last, what in RECOGNITION_DECISIONS:
        signed = REGULATIONS[number][0]
        if signed <= day and (last is None or day <= last):
            found.append(f"Quyết định số {number} ngày {vn.format_date_numeric(signed)} của Thủ tướng Chính phủ "
                         f"{what}")
    return [f"Căn cứ {text}" for text in found]
