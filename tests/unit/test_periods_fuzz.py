"""The timeframe parser under random text: intervals inside the calendar ocopctl reads, or a
``TimeframeError`` the caller reports; never another exception, never past the occurrence cap."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocopctl import periods
from ocopctl.limits import OCCURRENCES, YEAR_MAX, YEAR_MIN
from ocopctl.periods import TimeframeError, parse_timeframe

EDGE_YEARS = [0, 1, 999, 1000, 1899, 1900, 1901, 2018, 2199, 2200, 2201, 9998, 9999]
WORDS = ["Quý", "quý", "QUÝ", "tháng", "Tháng", "năm", "hằng năm", "hàng năm", "Hằng năm", "mỗi năm", "/", "-",
         "–", ",", ";", ".", " ", "  ", "và", "đến", "trước ngày", "chậm nhất", "ngày", "giai đoạn", "6 tháng đầu",
         "6 tháng cuối", "Q", "q", "I", "II", "III", "IV", "V", "i", "iv", "thường xuyên", "\n", "\t"]
TOKEN = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from([f"{y:04d}" for y in EDGE_YEARS]),
    st.integers(0, 99).map(str),
    st.from_regex(r"\d{1,6}", fullmatch=True),  # any Unicode digits, as \d reads them
    st.text(max_size=4),
)
# Phrases close to the accepted forms, and arbitrary Unicode text.
TEXT = st.one_of(st.lists(TOKEN, max_size=14).map("".join), st.text(max_size=40))
YEAR = st.one_of(st.sampled_from(EDGE_YEARS), st.integers(1, 9999))
WITHIN = st.one_of(st.none(), st.tuples(YEAR, YEAR), st.tuples(st.just(YEAR_MIN.value), st.just(YEAR_MAX.value)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, WITHIN)
def test_random_text_reads_into_the_calendar_or_fails_cleanly(text: str, within: tuple[int, int] | None) -> None:
    try:
        tf = parse_timeframe(text, within)
    except TimeframeError as exc:
        assert "\n" not in str(exc)  # one line, the text quoted with repr
        return
    assert 1 <= len(tf.intervals) <= OCCURRENCES.value
    first, last = date(YEAR_MIN.value, 1, 1), date(YEAR_MAX.value, 12, 31)
    for iv in tf.intervals:
        assert first <= iv.start <= iv.end <= last
    assert tf.to_dict()["deadline"] == tf.deadline.isoformat()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["tháng 1-12", "quý 1-4", "6 tháng đầu", "tháng 2,4,6", "quý i, iv", ""]),
                min_size=1, max_size=30), YEAR, YEAR)
def test_recurring_expansions_stay_under_the_cap(parts: list[str], a: int, b: int) -> None:
    text = " và ".join(p for p in parts if p) + " hằng năm"
    try:
        tf = parse_timeframe(text, (min(a, b), max(a, b)))
    except TimeframeError:
        return
    assert len(tf.intervals) <= OCCURRENCES.value


def test_the_cap_stops_generation_instead_of_truncating_a_built_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """50 parts of every month over 301 years would build 180,600 intervals; the parser makes
    the first OCCURRENCES of them, then only checks that each later part reads."""
    made = 0
    real = periods.month_interval

    def counting(year: int, month: int) -> periods.Interval:
        nonlocal made
        made += 1
        return real(year, month)

    monkeypatch.setattr(periods, "month_interval", counting)
    parts = 50
    text = " và ".join(["tháng 1-12"] * parts) + " hằng năm"
    tf = periods.parse_timeframe.__wrapped__(text, (YEAR_MIN.value, YEAR_MAX.value))
    assert tf.truncated
    assert made <= OCCURRENCES.value + 1 + parts
    assert len(tf.intervals) == 12 * (YEAR_MAX.value - YEAR_MIN.value + 1)  # the repeats add nothing


def test_a_bad_part_after_the_cap_is_still_refused() -> None:
    text = " và ".join(["tháng 1-12"] * 3) + " và tháng 13 hằng năm"
    with pytest.raises(TimeframeError, match="13 is not a month"):
        parse_timeframe(text, (YEAR_MIN.value, YEAR_MAX.value))


def test_a_monthly_task_over_the_longest_period_is_not_capped() -> None:
    tf = parse_timeframe("tháng 1-12 hằng năm", (YEAR_MIN.value, YEAR_MAX.value))
    assert not tf.truncated and len(tf.intervals) == 12 * 301
