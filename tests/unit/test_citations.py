from datetime import date

from ocopctl.citations import find_citations


def test_reads_a_legal_basis() -> None:
    [c] = find_citations("Căn cứ Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ phê duyệt ...;")
    assert (c.type_word, c.number.canonical, c.date, c.issuer) == (
        "Quyết định", "490/QĐ-TTg", date(2018, 5, 7), "Thủ tướng Chính phủ")


def test_reads_several_and_damaged_ones() -> None:
    text = ("Thông báo số 268/TB-VPCP ngày 31/7/2018 của Văn phòng Chính phủ; "
            "Kế hoạch số 445 /KH-UBND ngày 24 / 5 /2022 của Ủy ban nhân dân thành phố Hà Nội; "
            "Kế hoạch 1762/KH-UBND ngày 04/6/2019 của UBND tỉnh Hải Dương.")
    cites = find_citations(text)
    assert [c.number.canonical for c in cites] == ["268/TB-VPCP", "445/KH-UBND", "1762/KH-UBND"]
    assert cites[1].date == date(2022, 5, 24)


def test_long_date_form() -> None:
    [c] = find_citations("(Kèm theo Kế hoạch số 192 /KH-UBND ngày 17 tháng 8 năm 2018 của Ủy ban nhân dân thành phố)")
    assert c.date == date(2018, 8, 17)


def test_impossible_date_is_kept_as_none() -> None:
    [c] = find_citations("Nghị quyết số 13/2017/NQ-HĐND ngày 31/2/2017 của HĐND thành phố")
    assert c.date is None and c.date_is_impossible


def test_text_without_citation() -> None:
    assert find_citations("Tổ chức hội nghị ngày hội OCOP năm 2018") == []
