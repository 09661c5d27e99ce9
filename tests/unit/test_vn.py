from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopctl import vn


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.330", 1330), ("854.788", 854788), ("75,4", Decimal("75.4")), ("75,4%", Decimal("75.4")),
     ("-", 0), ("19,3", Decimal("19.3")), ("100,0", Decimal("100.0")), ("12", 12), ("1.000.000", 1000000),
     ("0,5", Decimal("0.5")), ("2.5", Decimal("2.5"))],
)
def test_parse_vn_number(text: str, value: Decimal) -> None:
    assert vn.parse_vn_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "1..3"])
def test_parse_vn_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="Vietnamese notation"):
        vn.parse_vn_number(text)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=3))
def test_format_then_parse_round_trips(whole: int, places: int) -> None:
    value = Decimal(whole).scaleb(-places)
    assert vn.parse_vn_number(vn.format_vn_number(value)) == value


def test_format_vn_number() -> None:
    assert vn.format_vn_number(Decimal("854788")) == "854.788"
    assert vn.format_vn_number(Decimal("75.4")) == "75,4"
    assert vn.format_vn_number(Decimal("75.44"), places=1) == "75,4"


@pytest.mark.parametrize(
    ("text", "when"),
    [("2018-08-17", date(2018, 8, 17)), ("17/8/2018", date(2018, 8, 17)), ("07/05/2018", date(2018, 5, 7)),
     ("ngày 17 tháng 8 năm 2018", date(2018, 8, 17)), ("24 / 5 /2022", date(2022, 5, 24))],
)
def test_parse_date(text: str, when: date) -> None:
    assert vn.parse_date(text) == when


def test_impossible_date_is_its_own_error() -> None:
    with pytest.raises(vn.DateError):
        vn.parse_date("31/02/2018")
    with pytest.raises(ValueError, match="not a date"):
        vn.parse_date("Quý IV/2018")


@pytest.mark.parametrize(
    "variant",
    ["Sở NN&PTNT", "Sở NN và PTNT", "Sở Nông nghiệp & PTNT", "so nong nghiep va phat trien nong thon",
     "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Sở NNPTNT", "Sở Nông nghiệp và Phát triển nông thôn,"],
)
def test_name_key_ignores_diacritics_case_and_abbreviations(variant: str) -> None:
    assert vn.name_key(variant) == vn.name_key("Sở Nông nghiệp và Phát triển nông thôn")


def test_name_key_keeps_different_agencies_apart() -> None:
    assert vn.name_key("Sở Công Thương") != vn.name_key("Sở Nông nghiệp và Phát triển nông thôn")
    assert vn.name_key("UBND tỉnh") == vn.name_key("Ủy ban nhân dân tỉnh")


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ &,"


@given(st.text(alphabet=VIETNAMESE, max_size=40))
def test_name_key_is_stable_under_folding(text: str) -> None:
    assert vn.name_key(vn.fold(text)) == vn.name_key(text)
