"""Units of money and the figures the funding checks compare (ocopctl.checks.funding)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopctl import vn
from ocopctl.checks.budgets import Printed
from ocopctl.checks.funding import convert, grand_total, money_exponent
from ocopctl.models import BudgetTable

UNITS = ["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"]


@pytest.mark.parametrize(
    ("unit", "exponent"),
    [("đồng", 0), ("nghìn đồng", 3), ("ngàn đồng", 3), ("triệu đồng", 6), ("Triệu  đồng", 6), ("tỷ đồng", 9),
     ("tỉ đồng", 9), ("VNĐ", 0), ("sản phẩm", None), ("%", None)],
)
def test_money_exponent(unit: str, exponent: int | None) -> None:
    assert money_exponent(unit) == exponent


def test_085_ty_is_850_trieu() -> None:
    value = convert(vn.parse_vn_number("0,85"), "tỷ đồng", "triệu đồng")
    assert value == vn.parse_vn_number("850")
    assert vn.format_vn_number(value) == "850"
    assert convert(Decimal(850), "triệu đồng", "tỷ đồng") == vn.parse_vn_number("0,85")
    assert convert(Decimal(1330), "triệu đồng", "đồng") == Decimal(1_330_000_000)


def test_convert_refuses_other_units() -> None:
    with pytest.raises(ValueError, match="units of money"):
        convert(Decimal(1), "sản phẩm", "triệu đồng")


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=3),
       st.sampled_from(UNITS), st.sampled_from(UNITS))
def test_convert_round_trips_exactly(whole: int, places: int, unit: str, to: str) -> None:
    value = Decimal(whole).scaleb(-places)
    assert convert(convert(value, unit, to), to, unit) == value


def test_rounding_converts_with_the_figure() -> None:
    # "0,85" tỷ is rounded to 10 triệu: it may stand for anything from 845 to 855 triệu.
    printed = Printed.of(vn.parse_vn_number("0,85")).scaleb(3)
    assert (printed.value, printed.half) == (Decimal(850), Decimal(5))


def _table(rows: list[dict[str, object]]) -> BudgetTable:
    return BudgetTable.model_validate({"kind": "budget", "unit": "triệu đồng", "rows": rows})


def test_grand_total_is_the_total_row_covering_every_top_row() -> None:
    table = _table([
        {"tt": "A", "label": "Tỉnh", "total": "4.000"},
        {"tt": "B", "label": "Huyện", "total": "8.000"},
        {"label": "Tổng A", "total": "4.000", "total_of": ["A"]},
        {"label": "Tổng A, B", "total": "12.001", "total_of": ["A", "B"]},
    ])
    found = grand_total(table)
    assert found is not None
    assert [p.value for p in found[0]] == [Decimal(12001)]


def test_grand_total_else_adds_the_top_rows() -> None:
    table = _table([
        {"tt": "A", "label": "Tỉnh", "total": "4.000", "rows": [{"label": "x", "total": "4.000"}]},
        {"tt": "B", "label": "Huyện", "values": ["3.000", "5.000"]},
        {"label": "Tổng A", "total": "4.000", "total_of": ["A"]},
    ])
    found = grand_total(table)
    assert found is not None
    assert sum(p.value for p in found[0]) == Decimal(12000)
    assert grand_total(_table([{"tt": "A", "label": "Tỉnh"}])) is None
