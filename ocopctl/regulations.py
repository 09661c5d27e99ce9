"""National regulations of the OCOP programme, with the dates they were signed.

Source: the decisions themselves as published in the official gazette
(Công báo); summarised in the project's domain primer.
"""

from __future__ import annotations

from datetime import date

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
