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


# Issue 12 item 13: forms provincial plans print beyond the five encoded ones. Period 2018-2020.
WHOLE = (D(2018, 1, 1), D(2020, 12, 31))


@pytest.mark.parametrize(("text", "start", "deadline", "count", "recurring"), [
    ("Quý III năm 2018", D(2018, 7, 1), D(2018, 9, 30), 1, False),
    ("Quý III, IV năm 2018", D(2018, 7, 1), D(2018, 12, 31), 2, False),
    ("Tháng 12 năm 2019", D(2019, 12, 1), D(2019, 12, 31), 1, False),
    ("Tháng 9, 10 năm 2018", D(2018, 9, 1), D(2018, 10, 31), 2, False),
    # "từ" a time, with no end: to the end of the document's period, not that year alone
    ("Từ năm 2018", D(2018, 1, 1), D(2020, 12, 31), 1, False),
    ("Từ năm 2019 trở đi", D(2019, 1, 1), D(2020, 12, 31), 1, False),
    ("Năm 2018 và các năm tiếp theo", D(2018, 1, 1), D(2020, 12, 31), 1, False),
    ("Từ quý III/2018", D(2018, 7, 1), D(2020, 12, 31), 1, False),
    ("Từ tháng 9/2018", D(2018, 9, 1), D(2020, 12, 31), 1, False),
    ("Từ năm 2018-2020", D(2018, 1, 1), D(2020, 12, 31), 1, False),
    # throughout the period, or every quarter, month or half-year of it
    ("Thường xuyên", D(2018, 1, 1), D(2020, 12, 31), 3, True),
    ("Thường xuyên (quản lý, giám sát)", D(2018, 1, 1), D(2020, 12, 31), 3, True),
    ("Thường xuyên, hằng năm", D(2018, 1, 1), D(2020, 12, 31), 3, True),
    ("Định kỳ hằng năm", D(2018, 1, 1), D(2020, 12, 31), 3, True),
    ("Hằng quý", D(2018, 1, 1), D(2020, 12, 31), 12, True),
    ("Hàng tháng", D(2018, 1, 1), D(2020, 12, 31), 36, True),
    ("Định kỳ 6 tháng, hằng năm", D(2018, 1, 1), D(2020, 12, 31), 6, True),
    ("Cả giai đoạn", D(2018, 1, 1), D(2020, 12, 31), 1, True),
    ("Trước ngày 15/12 hằng năm", D(2018, 1, 1), D(2020, 12, 15), 3, True),
    # ranges "từ ... đến ..." in months, quarters and years; the end gives the start its year
    ("Từ tháng 8/2018 đến tháng 12/2018", D(2018, 8, 1), D(2018, 12, 31), 1, False),
    ("Từ tháng 8 đến tháng 12/2018", D(2018, 8, 1), D(2018, 12, 31), 1, False),
    ("Từ tháng 8 đến tháng 12 năm 2018", D(2018, 8, 1), D(2018, 12, 31), 1, False),
    ("Tháng 8/2018 - tháng 3/2019", D(2018, 8, 1), D(2019, 3, 31), 1, False),
    ("Tháng 8/2018 - 3/2019", D(2018, 8, 1), D(2019, 3, 31), 1, False),
    ("Từ quý III/2018 đến quý IV/2019", D(2018, 7, 1), D(2019, 12, 31), 1, False),
    ("Từ quý III đến quý IV/2018", D(2018, 7, 1), D(2018, 12, 31), 1, False),
    ("Từ năm 2018 đến năm 2020", D(2018, 1, 1), D(2020, 12, 31), 1, False),
    ("Từ năm 2018 đến 2020", D(2018, 1, 1), D(2020, 12, 31), 1, False),
    ("2019 đến 2020", D(2019, 1, 1), D(2020, 12, 31), 1, False),
    # deadlines: from the start of the period to the end of the time named
    ("Đến năm 2020", D(2018, 1, 1), D(2020, 12, 31), 1, False),
    ("Đến hết năm 2019", D(2018, 1, 1), D(2019, 12, 31), 1, False),
    ("Chậm nhất tháng 10/2018", D(2018, 1, 1), D(2018, 10, 31), 1, False),
    ("Trước tháng 10/2018", D(2018, 1, 1), D(2018, 9, 30), 1, False),
    ("Trong quý IV/2018", D(2018, 10, 1), D(2018, 12, 31), 1, False),
    ("Hoàn thành trong tháng 9/2018", D(2018, 9, 1), D(2018, 9, 30), 1, False),
    ("Năm 2019, 2020", D(2019, 1, 1), D(2020, 12, 31), 2, False),
])
def test_forms_of_other_provinces(text: str, start: date, deadline: date, count: int, recurring: bool) -> None:
    tf = parse_timeframe(text, W)
    assert (tf.start, tf.deadline, len(tf.intervals), tf.recurring) == (start, deadline, count, recurring)


@pytest.mark.parametrize("text", ["Từ năm 2018", "Năm 2018 và các năm tiếp theo", "Hằng quý", "Thường xuyên"])
def test_open_and_recurring_forms_need_the_period(text: str) -> None:
    with pytest.raises(TimeframeError, match="period"):
        parse_timeframe(text)


@pytest.mark.parametrize("text", [
    "Từ tháng 12 đến tháng 3/2018",  # backwards
    "Từ quý V/2018",
    "Thường xuyên (trước 15/12)",  # a remark with a number in it is not dropped
    "Hằng năm (quý IV)",  # nor one with a word of time
    "Tháng 13 năm 2018",
])
def test_malformed_new_forms_are_refused(text: str) -> None:
    with pytest.raises(TimeframeError):
        parse_timeframe(text, W)
