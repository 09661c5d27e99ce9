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
    "Quý IV/2018", "Quý III, IV/2018", "Quý II- III/2017", "Quý 2/2017- 4/2020", "Quý II/2017 và quý II/2019",
    "2018", "2018-2020", "Năm 2019-2020", "Giai đoạn 2018-2020", "Hằng năm", "Quý 1 hàng năm",
    "Quý 2,3 hàng năm", "6 tháng đầu năm 2019", "6 tháng cuối năm", "Tháng 3/2019", "tháng 3-4 hằng năm",
    "trước ngày 25/01/2021", "25/01/2021", "2018-Q3", "Q3-2018", "2018-09-30",
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
_YEARS = re.compile(rf"^(?:(?:năm|giai đoạn|từ năm|trong năm)\s+)?{_Y}(?:\s*-\s*(?:năm\s+)?{_Y})?$")
_HALF = re.compile(rf"^6 tháng (đầu|cuối)(?: năm)?(?:\s+{_Y})?$")
_MONTHS = re.compile(rf"^tháng\s+(\d{{1,2}}(?:\s*[,-]\s*\d{{1,2}})*)(?:\s*/\s*{_Y})?$")
_BEFORE = re.compile(r"^(?:trước|chậm nhất|hạn chót|hoàn thành trước)\s+(?:ngày\s+)?(.+)$")
_DAY = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RECURRING = re.compile(r"\s*(?:hằng|hàng|mỗi)\s+năm$|^(?:hằng|hàng|mỗi)\s+năm$|^thường xuyên$")


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
    m = _QSPAN.match(part)
    if m:
        start = quarter_interval(_year(m[2]), _quarter(m[1])).start
        end = quarter_interval(_year(m[4]), _quarter(m[3])).end
        if end < start:
            raise ValueError("the range ends before it starts")
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
            raise ValueError("the range ends before it starts")
        yield year_interval(first, last)
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
    if m:
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
    s = _normalise(text)
    if not s:
        raise TimeframeError(text, Msg("it is empty"))
    if within and not (year_in_range(within[0]) and year_in_range(within[1])):
        raise TimeframeError(text, Msg("the document's period {first}-{last} is outside the years ocopctl reads "
                                       "({years})", first=within[0], last=within[1], years=year_range_text()))
    recurring = bool(_RECURRING.search(s))
    core = _RECURRING.sub("", s).strip() if recurring else s
    years = list(range(within[0], within[1] + 1)) if within else []
    if recurring and not years:
        raise TimeframeError(text, Msg("a recurring timeframe needs the document's period (--within 2018-2020)"))
    intervals: list[Interval] = []
    truncated = False
    try:
        for part in re.split(r"\s+và\s+|\s*;\s*", core) if core else [""]:
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
