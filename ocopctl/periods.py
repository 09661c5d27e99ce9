"""Timeframes as plans print them ("Quý III, IV/2018", "Hằng năm") read into date intervals.

``parse_timeframe`` returns the intervals a timeframe covers and its deadline
(the end of the last interval). Recurring forms ("hằng năm", "Quý 1 hàng
năm", "6 tháng cuối năm" without a year) expand over the period of the
document that contains them. Text that cannot be read raises
``TimeframeError`` with the forms that are accepted: ocopctl never guesses.

Every year a timeframe names, and every year of the period it expands over, lies
within ``limits.YEAR_MIN``..``limits.YEAR_MAX``, so date arithmetic on the
intervals never leaves the calendar. A recurring expansion stops at
``limits.OCCURRENCES`` intervals and says so (``Timeframe.truncated``).
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from ocopctl.i18n import Msg, Number
from ocopctl.limits import OCCURRENCES, YEAR_MAX, YEAR_MIN

ACCEPTED_FORMS = (
    "Quý IV/2018", "Quý III năm 2018", "Quý III, IV/2018", "Quý II- III/2017", "Quý 2/2017- 4/2020",
    "Quý II/2017 và quý II/2019", "2018", "2018-2020", "Năm 2019-2020", "Giai đoạn 2018-2020", "Hằng năm",
    "Quý 1 hàng năm", "Quý 2,3 hàng năm", "Hằng quý", "Thường xuyên", "6 tháng đầu năm 2019", "6 tháng cuối năm",
    "Tháng 3/2019", "Tháng 12 năm 2019", "tháng 3-4 hằng năm", "Từ tháng 8/2018 đến tháng 12/2018",
    "Từ quý III/2018 đến quý IV/2019", "Từ năm 2018", "Năm 2018 và các năm tiếp theo", "Đến năm 2020",
    "Trong quý IV/2018", "trước ngày 25/01/2021", "25/01/2021", "2018-Q3", "Q3-2018", "2018-09-30",
)


def truncated_note() -> Msg:
    """What to say about a ``Timeframe.truncated``."""
    return Msg("the timeframe expands to more than {n} occurrences; only the first {n} are used",
               n=Number(OCCURRENCES.value))


def year_in_range(year: int) -> bool:
    return YEAR_MIN.value <= year <= YEAR_MAX.value


def year_range_text() -> str:
    return f"{YEAR_MIN.value}–{YEAR_MAX.value}"


def _year(token: str) -> int:
    year = int(token)
    if not year_in_range(year):
        raise ValueError(Msg("year {year} is outside the years ocopctl reads ({years})", year=year,
                             years=year_range_text()))
    return year


def add_days(day: date, days: int) -> date:
    """``day + days``, kept inside the calendar (``date.min``..``date.max``) instead of overflowing."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


class TimeframeError(ValueError):
    """A timeframe ocopctl cannot read, with what it would accept."""

    def __init__(self, text: str, reason: str) -> None:
        self.message = Msg("cannot read timeframe {text}: {reason}", text=repr(text), reason=reason)
        super().__init__(self.message)
        self.text = text
        self.reason = reason


class Interval(NamedTuple):
    """A tuple, so that sorting and deduplicating thousands of occurrences runs in C."""

    start: date
    end: date


@dataclass(frozen=True)
class Timeframe:
    text: str
    intervals: tuple[Interval, ...]
    recurring: bool = False
    truncated: bool = False  # the expansion reached limits.OCCURRENCES and stopped there

    @property
    def start(self) -> date:
        return min(i.start for i in self.intervals)

    @property
    def deadline(self) -> date:
        return max(i.end for i in self.intervals)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "recurring": self.recurring,
            "intervals": [{"start": i.start.isoformat(), "end": i.end.isoformat()} for i in self.intervals],
            "start": self.start.isoformat(),
            "deadline": self.deadline.isoformat(),
            "truncated": self.truncated,
        }


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(token: str) -> int:
    token = token.strip().lower()
    q = _ROMAN.get(token) or (int(token) if token.isdigit() else 0)
    if not 1 <= q <= 4:
        raise ValueError(Msg("{token} is not a quarter (I-IV or 1-4)", token=repr(token)))
    return q


# Recurring timeframes repeat the same months and quarters thousands of times: one object each.
@lru_cache(maxsize=8192)
def quarter_interval(year: int, q: int) -> Interval:
    start = date(year, 3 * q - 2, 1)
    end_month = 3 * q
    return Interval(start, date(year, end_month, calendar.monthrange(year, end_month)[1]))


@lru_cache(maxsize=8192)
def month_interval(year: int, m: int) -> Interval:
    if not 1 <= m <= 12:
        raise ValueError(Msg("{month} is not a month", month=m))
    return Interval(date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1]))


@lru_cache(maxsize=8192)
def year_interval(first: int, last: int | None = None) -> Interval:
    return Interval(date(first, 1, 1), date(last or first, 12, 31))


_Q = r"(?:iv|iii|ii|i|[1-4])"
_Y = r"(\d{4})"
_QLIST = re.compile(rf"^quý\s+({_Q}(?:\s*[,-]\s*{_Q})*)(?:\s*/\s*{_Y})?$")
_QSPAN = re.compile(rf"^quý\s+({_Q})\s*/\s*{_Y}\s*-\s*(?:quý\s+)?({_Q})\s*/\s*{_Y}$")
_ISO_Q = re.compile(r"^(?:(\d{4})\s*-\s*q([1-4])|q([1-4])\s*-\s*(\d{4}))$")
_YEARS = re.compile(rf"^(?:(?:năm|giai đoạn|trong năm)\s+)?{_Y}(?:\s*-\s*(?:năm\s+)?{_Y})?$")
_YEAR_LIST = re.compile(r"^(?:năm\s+)?(\d{4}(?:\s*,\s*\d{4})+)$")
_HALF = re.compile(rf"^6 tháng (đầu|cuối)(?: năm)?(?:\s+{_Y})?$")
_MONTHS = re.compile(rf"^tháng\s+(\d{{1,2}}(?:\s*[,-]\s*\d{{1,2}})*)(?:\s*/\s*{_Y})?$")
_BEFORE = re.compile(r"^(?:trước|chậm nhất|hạn chót|hoàn thành trước)\s+(?:ngày\s+)?(.+)$")
_DAY = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})$")
_DAY_MONTH = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RECURRING = re.compile(r"\s*(?:hằng|hàng|mỗi)\s+năm$|^(?:hằng|hàng|mỗi)\s+năm$|^thường xuyên$")
# Work repeated in every quarter, month or half-year of the period, or carried on throughout it.
_EVERY = re.compile(r"^(?:thường xuyên\s*,?\s*)?(?:định kỳ\s+)?(?:(?:hằng|hàng|mỗi)\s+(năm|quý|tháng)"
                    r"|(6 tháng)(?:\s+một lần|\s*/\s*lần)?(?:\s*(?:,|và|hoặc)\s*(?:hằng|hàng|mỗi)\s+năm)?)$")
_THROUGHOUT = re.compile(r"^(?:cả|suốt|trong suốt|trong cả|toàn)\s+giai đoạn$")
# "Quý III năm 2018", "Tháng 12 năm 2019": the year after "năm" is the year after "/".
_UNIT_YEAR = re.compile(r"\b(quý|tháng)\s+([0-9ivx]{1,3}(?:\s*[,-]\s*[0-9ivx]{1,3})*)\s+năm\s+(\d{4})\b")
# A remark in brackets with no number and no word of time in it ("Thường xuyên (quản lý, ...)")
# says nothing of time; "(quý IV)" or "(trước 15/12)" does, and is not dropped.
_REMARK = re.compile(r"\s*\((?![^()]*\b(?:quý|tháng|năm|ngày|tuần|trước|sau|đến)\b)[^()0-9]*\)$")
# Open ranges: from a time to the end of the document's period.
_OPEN_AFTER = re.compile(r"^(.+?)\s+(?:và các năm tiếp theo|và những năm tiếp theo|trở đi|trở về sau)$")
_FROM = re.compile(r"^từ\s+(.+)$")
_SPAN = re.compile(r"^(?:từ\s+)?(.+?)\s+(?:đến|tới)\s+(?:hết\s+)?(.+)$")
_MONTH_SPAN = re.compile(r"^(tháng\s+\d{1,2}\s*/\s*\d{4})\s*-\s*((?:tháng\s+)?\d{1,2}\s*/\s*\d{4})$")
_UNTIL = re.compile(r"^(?:đến|tới|chậm nhất|hạn chót|hoàn thành trước)\s+(?:hết\s+)?(?:trong\s+)?(.+)$")
_WITHIN = re.compile(r"^(?:hoàn thành\s+)?trong\s+((?:quý|tháng)\s.+)$")
_POINT_QUARTER = re.compile(rf"^(?:quý\s+)?({_Q})(?:\s*/\s*{_Y})?$")
_POINT_MONTH = re.compile(r"^(?:tháng\s+)?(\d{1,2})(?:\s*/\s*(\d{4}))?$")
_POINT_YEAR = re.compile(rf"^(?:năm\s+)?{_Y}$")


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower()
    s = s.replace("–", "-").replace("—", "-")
    s = " ".join(s.split())
    return s.strip(" .;,")


def _expand_list(items: str) -> list[int]:
    """``"ii- iii"`` -> [2, 3]; ``"2,3"`` -> [2, 3]; ``"i, iv"`` -> [1, 4]. Each number once."""
    out: dict[int, None] = {}
    for part in re.split(r"\s*,\s*", items):
        if "-" in part:
            a, b = (x.strip() for x in part.split("-", 1))
            lo, hi = _num(a), _num(b)
            if hi < lo:
                raise ValueError(Msg("range {part} runs backwards", part=repr(part)))
            out.update(dict.fromkeys(range(lo, hi + 1)))
        else:
            out[_num(part)] = None
    return list(out)


def _num(token: str) -> int:
    token = token.strip()
    if token in _ROMAN:
        return _ROMAN[token]
    if not token.isdecimal():
        raise ValueError(Msg("{token} is not a number of a month or quarter", token=repr(token)))
    return int(token)


def _parse_day(text: str) -> date:
    m = _DAY.match(text) or _ISO_DAY.match(text)
    if not m:
        raise ValueError(Msg("{text} is not a date", text=repr(text)))
    year, month, day = (m[1], m[2], m[3]) if m.re is _ISO_DAY else (m[3], m[2], m[1])
    y = _year(year)
    try:
        return date(y, int(month), int(day))
    except ValueError:
        raise ValueError(Msg("{text} is not a real date (day {day}, month {month})", text=repr(text), day=int(day),
                             month=int(month))) from None


def _point(text: str, like: str | None = None, year: int | None = None) -> tuple[str, Interval] | None:
    """One quarter, month or year ("quý III/2018", "tháng 8", "năm 2020"), or None. A quarter or
    month without its year takes ``year``; a bare number is a quarter or a month when ``like``
    (the other end of a range) says so."""
    text = text.strip()
    kind = "quarter" if text.startswith("quý") else "month" if text.startswith("tháng") else like
    if kind != "month" and not text.startswith("tháng"):
        m = _POINT_QUARTER.match(text)
        if m and (kind == "quarter"):
            y = _year(m[2]) if m[2] else year
            return ("quarter", quarter_interval(y, _quarter(m[1]))) if y is not None else None
    if kind == "month":
        m = _POINT_MONTH.match(text)
        if m:
            y = _year(m[2]) if m[2] else year
            return ("month", month_interval(y, int(m[1]))) if y is not None else None
    m = _POINT_YEAR.match(text)
    if m:
        return "year", year_interval(_year(m[1]))
    return None


def _range(first: str, last: str) -> Interval | None:
    """``từ`` ``first`` ``đến`` ``last``: the end names the year when the start does not
    ("từ tháng 8 đến tháng 12/2018"), the start the unit when the end does not ("tháng 8/2018 - 3/2019")."""
    like = "quarter" if first.startswith("quý") else "month" if first.startswith("tháng") else None
    end = _point(last, like)
    if end is None:
        return None
    start = _point(first, end[0], end[1].end.year)
    if start is None:
        return None
    if end[1].end < start[1].start:
        raise ValueError(Msg("the range ends before it starts"))
    return Interval(start[1].start, end[1].end)


def _to_period_end(start: Interval, years: list[int], original: str) -> Interval:
    if not years:
        raise TimeframeError(original, Msg("it runs to the end of the document's period, which is unknown "
                                           "(--within 2018-2020)"))
    return Interval(start.start, max(year_interval(years[-1]).end, start.end))


def _from_period_start(end: Interval, years: list[int]) -> Interval:
    start = year_interval(years[0]).start if years and years[0] <= end.end.year else end.start
    return Interval(min(start, end.start), end.end)


def _open_or_span(part: str, years: list[int], original: str) -> Iterator[Interval] | None:
    """The forms of ranges: "từ A đến B", "A - B" in months, "từ A", "A và các năm tiếp theo",
    "đến (hết) A", "trong A"; None when ``part`` is none of them."""
    m = _SPAN.match(part)
    if m:
        span = _range(m[1], m[2])
        if span is not None:
            return iter((span,))
    m = _MONTH_SPAN.match(part)
    if m:
        span = _range(m[1], m[2])
        if span is not None:
            return iter((span,))
    m = _OPEN_AFTER.match(part) or _FROM.match(part)
    if m:
        rest = m[1].removeprefix("từ ").strip()
        found = _point(rest)
        if found is not None:
            return iter((_to_period_end(found[1], years, original),))
        if m.re is _FROM:
            return _one(rest, years, original)
        return None
    m = _UNTIL.match(part)
    if m:
        found = _point(m[1])
        if found is not None:
            return iter((_from_period_start(found[1], years),))
        return None
    m = _WITHIN.match(part)
    if m:
        return _one(m[1], years, original)
    return None


def _every(unit: str, years: list[int]) -> Iterator[Interval]:
    """Each year, quarter, month or half-year of ``years``."""
    for y in years:
        if unit == "năm":
            yield year_interval(y)
        elif unit == "quý":
            yield from (quarter_interval(y, q) for q in range(1, 5))
        elif unit == "tháng":
            yield from (month_interval(y, mo) for mo in range(1, 13))
        else:
            yield Interval(date(y, 1, 1), date(y, 6, 30))
            yield Interval(date(y, 7, 1), date(y, 12, 31))


def _one(part: str, years: list[int], original: str) -> Iterator[Interval]:
    """One alternative ("Quý II/2017") over ``years`` when it names no year itself.

    A generator, so that an expansion stopped at ``limits.OCCURRENCES`` is never built
    further; its form and numbers are checked before the first interval is yielded.
    """

    def pick(year: str | None) -> list[int]:
        if year:
            return [_year(year)]
        if not years:
            raise TimeframeError(original, Msg("it names no year and the document's period is unknown"))
        return years

    if not part:
        yield from (year_interval(y) for y in pick(None))
        return
    if _THROUGHOUT.match(part):
        chosen = pick(None)
        yield year_interval(chosen[0], chosen[-1])
        return
    ranged = _open_or_span(part, years, original)
    if ranged is not None:
        yield from ranged
        return
    m = _QSPAN.match(part)
    if m:
        start = quarter_interval(_year(m[2]), _quarter(m[1])).start
        end = quarter_interval(_year(m[4]), _quarter(m[3])).end
        if end < start:
            raise ValueError(Msg("the range ends before it starts"))
        yield Interval(start, end)
        return
    m = _QLIST.match(part)
    if m:
        quarters = _expand_list(m[1])
        yield from (quarter_interval(y, q) for y in pick(m[2]) for q in quarters)
        return
    m = _ISO_Q.match(part)
    if m:
        year, q = (m[1], m[2]) if m[1] else (m[4], m[3])
        yield quarter_interval(_year(year), int(q))
        return
    m = _YEARS.match(part)
    if m:
        first, last = _year(m[1]), _year(m[2]) if m[2] else None
        if last is not None and last < first:
            raise ValueError(Msg("the range ends before it starts"))
        yield year_interval(first, last)
        return
    m = _YEAR_LIST.match(part)
    if m:
        yield from (year_interval(_year(y)) for y in dict.fromkeys(re.split(r"\s*,\s*", m[1])))
        return
    m = _HALF.match(part)
    if m:
        first, last = (1, 6) if m[1] == "đầu" else (7, 12)
        yield from (Interval(month_interval(y, first).start, month_interval(y, last).end) for y in pick(m[2]))
        return
    m = _MONTHS.match(part)
    if m:
        months = _expand_list(m[1])
        for mo in months:
            if not 1 <= mo <= 12:
                raise ValueError(Msg("{month} is not a month", month=mo))
        yield from (month_interval(y, mo) for y in pick(m[2]) for mo in months)
        return
    m = _BEFORE.match(part)
    if m and not (_DAY.match(m[1]) or _ISO_DAY.match(m[1])) and m[0].startswith("trước"):
        found = _point(m[1])
        if found is not None:  # "trước tháng 10/2018": done before October begins
            day_before = add_days(found[1].start, -1)
            yield _from_period_start(Interval(day_before, day_before), years)
            return
    if m:
        every_year = _DAY_MONTH.match(m[1])
        if every_year:  # "trước ngày 15/12 hằng năm": a deadline in each year of the period
            for y in pick(None):
                due = _parse_day(f"{every_year[1]}/{every_year[2]}/{y}")
                yield Interval(date(y, 1, 1), due)
            return
        due = _parse_day(m[1])
        start = date(years[0], 1, 1) if years and years[0] <= due.year else date(due.year, 1, 1)
        yield Interval(start, due)
        return
    if _DAY.match(part) or _ISO_DAY.match(part):
        day = _parse_day(part)
        yield Interval(day, day)
        return
    raise TimeframeError(original, Msg("no accepted form matches; accepted forms include {forms}",
                                       forms=", ".join(ACCEPTED_FORMS)))


@lru_cache(maxsize=4096)
def parse_timeframe(text: str, within: tuple[int, int] | None = None) -> Timeframe:
    """Read a printed timeframe. ``within`` is the (first, last) year of the document's period.

    Plans repeat a handful of timeframes thousands of times; results are immutable and cached.
    """
    s = _UNIT_YEAR.sub(r"\1 \2/\3", _REMARK.sub("", _normalise(text)))
    if not s:
        raise TimeframeError(text, Msg("it is empty"))
    if within and not (year_in_range(within[0]) and year_in_range(within[1])):
        raise TimeframeError(text, Msg("the document's period {first}-{last} is outside the years ocopctl reads "
                                       "({years})", first=within[0], last=within[1], years=year_range_text()))
    every = _EVERY.match(s)
    recurring = bool(every or _RECURRING.search(s))
    core = "" if every else _RECURRING.sub("", s).strip() if recurring else s
    years = list(range(within[0], within[1] + 1)) if within else []
    if recurring and not years:
        raise TimeframeError(text, Msg("a recurring timeframe needs the document's period (--within 2018-2020)"))
    if every and every[1] != "năm":
        each = tuple(itertools.islice(_every(every[1] or "6 tháng", years), OCCURRENCES.value + 1))
        return Timeframe(text, each[:OCCURRENCES.value], True, len(each) > OCCURRENCES.value)
    intervals: list[Interval] = []
    truncated = False
    try:
        for part in re.split(r"\s+và\s+(?!(?:các|những) năm tiếp theo)|\s*;\s*", core) if core else [""]:
            # a part without its own year ("quý ii" in "quý ii và quý iv/2019") repeats
            found = _one(part.strip(), years, text)
            if truncated:
                next(found, None)  # past the cap, only check that the part reads
                continue
            for iv in found:
                if len(intervals) == OCCURRENCES.value:
                    truncated = True
                    break
                intervals.append(iv)
    except (ValueError, KeyError) as exc:
        if isinstance(exc, TimeframeError):
            raise
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], Msg) else str(exc)
        raise TimeframeError(text, reason) from None
    if not recurring and not re.search(r"\d{4}", core) and core:
        recurring = True  # "6 tháng cuối năm", "Quý IV": every year of the period
    return Timeframe(text, tuple(sorted(set(intervals))), recurring, truncated)
