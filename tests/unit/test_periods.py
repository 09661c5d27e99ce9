"""Timeframes: every printed form, and properties of the intervals."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopctl.periods import TimeframeError, parse_timeframe

D = date
W = (2018, 2020)


@pytest.mark.parametrize(
    ("text", "intervals", "recurring"),
    [
        ("Quý IV/2018", [(D(2018, 10, 1), D(2018, 12, 31))], False),
        ("Quý III, IV/2018", [(D(2018, 7, 1), D(2018, 9, 30)), (D(2018, 10, 1), D(2018, 12, 31))], False),
        ("Quý I, II/2019", [(D(2019, 1, 1), D(2019, 3, 31)), (D(2019, 4, 1), D(2019, 6, 30))], False),
        ("Quý II- III/2017", [(D(2017, 4, 1), D(2017, 6, 30)), (D(2017, 7, 1), D(2017, 9, 30))], False),
        ("Quý 2/2017- 4/2020", [(D(2017, 4, 1), D(2020, 12, 31))], False),
        ("Quý I/2017 - IV/2020", [(D(2017, 1, 1), D(2020, 12, 31))], False),
        ("Quý III/2017 -IV/2020", [(D(2017, 7, 1), D(2020, 12, 31))], False),
        ("Quý II/2017 và quý II/2019", [(D(2017, 4, 1), D(2017, 6, 30)), (D(2019, 4, 1), D(2019, 6, 30))], False),
        ("2018", [(D(2018, 1, 1), D(2018, 12, 31))], False),
        ("2018-2020", [(D(2018, 1, 1), D(2020, 12, 31))], False),
        ("Năm 2019-2020", [(D(2019, 1, 1), D(2020, 12, 31))], False),
        ("Giai đoạn 2018-2020", [(D(2018, 1, 1), D(2020, 12, 31))], False),
        ("Hằng năm", [(D(y, 1, 1), D(y, 12, 31)) for y in (2018, 2019, 2020)], True),
        ("Hàng năm", [(D(y, 1, 1), D(y, 12, 31)) for y in (2018, 2019, 2020)], True),
        ("Quý 1 hàng năm", [(D(y, 1, 1), D(y, 3, 31)) for y in (2018, 2019, 2020)], True),
        ("Quý 2,3 hàng năm", [(D(y, m, 1), D(y, m + 2, 30)) for y in (2018, 2019, 2020) for m in (4, 7)], True),
        ("trước ngày 25/01/2021", [(D(2018, 1, 1), D(2021, 1, 25))], False),
        ("6 tháng đầu năm 2019", [(D(2019, 1, 1), D(2019, 6, 30))], False),
        ("6 tháng cuối năm", [(D(y, 7, 1), D(y, 12, 31)) for y in (2018, 2019, 2020)], True),
        ("Tháng 3/2019", [(D(2019, 3, 1), D(2019, 3, 31))], False),
        ("tháng 3-4 hằng năm", [iv for y in (2018, 2019, 2020) for iv in ((D(y, 3, 1), D(y, 3, 31)),
                                                                          (D(y, 4, 1), D(y, 4, 30)))], True),
        ("Quý IV hằng năm", [(D(y, 10, 1), D(y, 12, 31)) for y in (2018, 2019, 2020)], True),
        ("25/01/2021", [(D(2021, 1, 25), D(2021, 1, 25))], False),
        ("2018-Q3", [(D(2018, 7, 1), D(2018, 9, 30))], False),
        ("Q3-2018", [(D(2018, 7, 1), D(2018, 9, 30))], False),
        ("2018-09-30", [(D(2018, 9, 30), D(2018, 9, 30))], False),
    ],
)
def test_printed_forms(text: str, intervals: list[tuple[date, date]], recurring: bool) -> None:
    tf = parse_timeframe(text, W)
    assert [(i.start, i.end) for i in tf.intervals] == intervals
    assert tf.recurring is recurring
    assert tf.deadline == intervals[-1][1]


@pytest.mark.parametrize("text", ["Quý 5/2018", "sớm", "", "Quý IV/2018 - II/2017", "2020-2018", "31/02/2019"])
def test_unreadable_forms_are_refused(text: str) -> None:
    with pytest.raises(TimeframeError) as info:
        parse_timeframe(text, W)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("text", ["tháng 1-2-3/2018", "31/02/2019", "trước ngày 30/13/2019", "2019-02-29"])
def test_reasons_speak_of_the_timeframe_not_of_python(text: str) -> None:
    with pytest.raises(TimeframeError) as info:
        parse_timeframe(text, W)
    assert "is not a" in info.value.reason
    assert not any(w in info.value.reason for w in ("literal", "base 10", "out of range", "must be in"))


def test_recurring_needs_a_period() -> None:
    with pytest.raises(TimeframeError, match="period"):
        parse_timeframe("Hằng năm")


QUARTER = st.sampled_from(["I", "II", "III", "IV", "1", "2", "3", "4"])
YEAR = st.integers(min_value=2000, max_value=2040)


@given(QUARTER, YEAR, st.sampled_from(["Quý {q}/{y}", "quý {q} / {y}", "QUÝ {q}/{y}"]))
def test_quarters_are_well_formed(q: str, y: int, form: str) -> None:
    tf = parse_timeframe(form.format(q=q, y=y))
    [iv] = tf.intervals
    assert iv.start <= iv.end and iv.start.year == iv.end.year == y
    assert iv.start.day == 1 and (iv.end - iv.start).days in range(89, 92)


@given(st.lists(QUARTER, min_size=1, max_size=4), st.integers(min_value=2000, max_value=2030),
       st.integers(min_value=0, max_value=5), st.sampled_from(["hằng năm", "hàng năm", "Hằng năm"]))
def test_recurring_forms_stay_inside_their_period(qs: list[str], first: int, span: int, word: str) -> None:
    within = (first, first + span)
    tf = parse_timeframe(f"Quý {', '.join(qs)} {word}", within)
    assert tf.recurring
    for iv in tf.intervals:
        assert date(within[0], 1, 1) <= iv.start <= iv.end <= date(within[1], 12, 31)
    assert tf.intervals == tuple(sorted(tf.intervals))


@given(YEAR, YEAR)
def test_year_ranges(a: int, b: int) -> None:
    if b < a:
        with pytest.raises(TimeframeError):
            parse_timeframe(f"{a}-{b}")
    else:
        tf = parse_timeframe(f"Giai đoạn {a}-{b}")
        assert tf.start == date(a, 1, 1) and tf.deadline == date(b, 12, 31)
