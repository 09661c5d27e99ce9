"""Vietnamese text conventions: dates, numbers and name normalisation.

Everything here is pure and depends on nothing else of ocopctl but its table of
limits, so the models, the loader and the checks can all use it.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ocopctl.i18n import Msg, Number
from ocopctl.limits import NUMBER_DIGITS

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_LONG_DATE = re.compile(
    r"^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE
)


class DateError(ValueError):
    """A date that is written in a known form but does not exist (31/02/2018)."""


def parse_date(text: str) -> date:
    """Read a date as Vietnamese documents and YAML authors write it.

    Accepts ISO ``2018-08-17``, day-first ``17/8/2018`` (also with ``.`` or
    ``-``) and the long form ``ngày 17 tháng 8 năm 2018``. Raises ``DateError``
    for a well-formed date that does not exist and ``ValueError`` for text that
    is no date at all.
    """
    s = " ".join(text.split())
    m = _ISO_DATE.match(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _VN_DATE.match(s) or _LONG_DATE.match(s)
        if not m:
            raise ValueError(Msg("{text} is not a date; write 2018-08-17 or 17/8/2018", text=repr(text)))
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError:
        raise DateError(Msg("{text} is not a real date (day {day}, month {month}, year {year})", text=repr(text),
                            day=d, month=mo, year=y)) from None


class _PartialDate(date):
    """A date known only to the month or the year: the first day of the interval it covers.

    It compares, hashes and sorts as that first day; ``date_span`` gives the whole interval,
    which is what checks compare against. Arithmetic and ``replace`` give plain dates: a day
    computed from a partial date is no longer "a month" or "a year".
    """

    def replace(self, *args: Any, **kwargs: Any) -> date:  # type: ignore[override]
        return date(self.year, self.month, self.day).replace(*args, **kwargs)

    def __add__(self, other: timedelta) -> date:  # type: ignore[override]
        return date(self.year, self.month, self.day) + other

    __radd__ = __add__  # type: ignore[assignment]

    def __sub__(self, other: Any) -> Any:
        return date(self.year, self.month, self.day) - other

    def __str__(self) -> str:
        return self.isoformat()


class MonthDate(_PartialDate):
    """A date known to the month: ``tháng 11/2020``. ``isoformat()`` is ``2020-11``."""

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


class YearDate(_PartialDate):
    """A date known to the year: ``năm 2020``. ``isoformat()`` is ``2020``."""

    def isoformat(self) -> str:
        return f"{self.year:04d}"


_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_VN_MONTH = re.compile(r"^(?:tháng\s+)?(\d{1,2})\s*(?:/|\s+năm\s+)\s*(\d{4})$", re.IGNORECASE)
_VN_YEAR = re.compile(r"^(?:năm\s+)?(\d{4})$", re.IGNORECASE)


def is_partial_date(text: str) -> bool:
    """Whether the text is written as a month or a year rather than a day."""
    s = " ".join(text.split())
    return bool(_ISO_MONTH.match(s) or _VN_MONTH.match(s) or _VN_YEAR.match(s))


def parse_partial_date(text: str) -> date:
    """Read a date known only to the month (``2020-11``, ``11/2020``, ``tháng 11/2020``,
    ``tháng 11 năm 2020``) or the year (``2020``, ``năm 2020``); a full date as ``parse_date``."""
    s = " ".join(text.split())
    m = _ISO_MONTH.match(s) or _VN_MONTH.match(s)
    if m:
        y, mo = (int(m[1]), int(m[2])) if m.re is _ISO_MONTH else (int(m[2]), int(m[1]))
        if not 1 <= mo <= 12:
            raise DateError(f"{text!r} is not a real month (month {mo}, year {y})")
        return MonthDate(y, mo, 1)
    m = _VN_YEAR.match(s)
    if m:
        return YearDate(int(m[1]), 1, 1)
    return parse_date(text)


def is_partial(d: date) -> bool:
    return isinstance(d, _PartialDate)


def date_span(d: date) -> tuple[date, date]:
    """The first and last day a date may be: the day itself, or its month's or year's days."""
    if isinstance(d, MonthDate):
        return date(d.year, d.month, 1), date(d.year, d.month, monthrange(d.year, d.month)[1])
    if isinstance(d, YearDate):
        return date(d.year, 1, 1), date(d.year, 12, 31)
    return d, d


def may_be_same_day(a: date, b: date) -> bool:
    """Whether two dates, either known only to its month or year, may be the same day."""
    return earliest(a) <= latest(b) and earliest(b) <= latest(a)


def earliest(d: date) -> date:
    return date_span(d)[0]


def latest(d: date) -> date:
    return date_span(d)[1]


def like(d: date, day: date) -> date:
    """``day`` told with the precision of ``d``: a day computed from a date known to the month is
    known to the month (a certificate of tháng 11/2020 lapses in tháng 11/2023)."""
    if isinstance(d, MonthDate):
        return MonthDate(day.year, day.month, 1)
    if isinstance(d, YearDate):
        return YearDate(day.year, 1, 1)
    return day


def format_date_vn(d: date) -> str:
    """``17/8/2018``: the short form used in running text; ``tháng 11/2020``, ``năm 2020``
    for a date known only to the month or the year."""
    if isinstance(d, MonthDate):
        return f"tháng {d.month}/{d.year}"
    if isinstance(d, YearDate):
        return f"năm {d.year}"
    return f"{d.day}/{d.month}/{d.year}"


def format_date_short(d: date) -> str:
    """``17/08/2018``: the form of dates in tables, zero-padded so that columns line up;
    ``11/2020`` and ``2020`` for a date known only to the month or the year."""
    if isinstance(d, MonthDate):
        return f"{d.month:02d}/{d.year}"
    if isinstance(d, YearDate):
        return str(d.year)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_date_long(d: date) -> str:
    """``ngày 17 tháng 8 năm 2018`` as Nghị định 30/2020 writes it.

    The day always has two digits; the month has a leading zero only for
    January and February (``tháng 02``), so that nobody can add a digit in front.
    """
    month = _decree_month(d.month)
    if isinstance(d, MonthDate):
        return f"tháng {month} năm {d.year}"
    if isinstance(d, YearDate):
        return f"năm {d.year}"
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def _decree_month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def format_date_numeric(d: date) -> str:
    """``07/5/2018``, ``24/02/2023``: a day as a citation writes it, by the rule of ``format_date_long``."""
    return f"{d.day:02d}/{_decree_month(d.month)}/{d.year}"


def format_date_line(place: str, d: date) -> str:
    """The place-and-date line of a document: ``Hải Phòng, ngày 17 tháng 8 năm 2018``."""
    return f"{place}, {format_date_long(d)}"


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def parse_vn_number(text: str) -> Decimal:
    """Read a number in Vietnamese notation: ``.`` groups thousands, ``,`` marks decimals.

    ``"1.330"`` is 1330, ``"75,4"`` is 75.4, ``"75,4%"`` is 75.4 and a lone
    dash (``-``, ``–``) is zero, as budget tables print it. A plain
    ``"1330.5"`` with a single dot followed by other than three digits is read
    as a decimal point, since no Vietnamese grouping can produce it.
    """
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    check_digits(s)
    if s.endswith("%"):
        s = s[:-1]
    if s in {"-", "–", "—"}:
        return Decimal(0)
    if _NUMBER.match(s):
        return Decimal(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[+-]?\d+\.\d+", s) and not re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", s):
        return Decimal(s)
    try:
        if re.fullmatch(r"[+-]?\d+", s):
            return Decimal(s)
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        pass
    raise ValueError(Msg(
        "{text} is not a number in Vietnamese notation "
        "(write 1.330 for one thousand three hundred and thirty, 75,4 for 75.4)", text=repr(_shorten(text))))


def check_digits(text: str) -> None:
    """Refuse a number written with more than ``NUMBER_DIGITS`` digits, before anything computes with it.

    Decimal arithmetic on a million digits overflows, and Python refuses to print an int past 4,300.
    """
    if len(text) > NUMBER_DIGITS.value:
        digits = sum(ch.isdigit() for ch in text)
        if digits > NUMBER_DIGITS.value:
            raise ValueError(Msg("{text} has {digits} digits; a number may have at most {limit} (the limit "
                                 "NUMBER_DIGITS)", text=repr(_shorten(text)), digits=Number(digits),
                                 limit=NUMBER_DIGITS.value))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_vn_number(value: Decimal | int, places: int | None = None) -> str:
    """Format with ``.`` between thousands and ``,`` before decimals: 854.788; 75,4."""
    d = Decimal(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    sign = "-" if d < 0 else ""
    digits = f"{abs(d):f}"
    whole, _, frac = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return sign + out + ("," + frac if frac else "")


# Abbreviations that Vietnamese documents use for agency names. Expanding them
# before comparison makes "Sở NN&PTNT" and "Sở Nông nghiệp và Phát triển nông
# thôn" the same key. Keys are already folded (no diacritics, lower case).
_ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "nn va ptnt": "nong nghiep va phat trien nong thon",
    "ptnt": "phat trien nong thon",
    "nnmt": "nong nghiep va moi truong",
    "nn va mt": "nong nghiep va moi truong",
    "khcn": "khoa hoc va cong nghe",
    "kh va cn": "khoa hoc va cong nghe",
    "khdt": "ke hoach va dau tu",
    "kh va dt": "ke hoach va dau tu",
    "tttt": "thong tin va truyen thong",
    "tt va tt": "thong tin va truyen thong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "vhttdl": "van hoa the thao va du lich",
    "vh tt va dl": "van hoa the thao va du lich",
    "tnmt": "tai nguyen va moi truong",
    "tn va mt": "tai nguyen va moi truong",
    "gtvt": "giao thong van tai",
    "ct": "cong thuong",
    "tc": "tai chinh",
    "yt": "y te",
    "htx": "hop tac xa",
    "dn": "doanh nghiep",
    "ntm": "nong thon moi",
    "vpdp": "van phong dieu phoi",
    "bcd": "ban chi dao",
    "mtqg": "muc tieu quoc gia",
    "tp": "thanh pho",
    "nn": "nong nghiep",
}
_ABBREV_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in _ABBREVIATIONS), key=len, reverse=True)) + r")\b"
)


def fold(text: str) -> str:
    """Lower case without diacritics; đ becomes d. Used for matching only, never shown."""
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.lower()


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The comparison key of an agency name or alias.

    Independent of diacritics, case, punctuation, "&" versus "và" and the
    usual abbreviations, so that every way a document prints one agency gives
    one key.
    """
    s = fold(text)
    s = s.replace("&", " va ")
    s = re.sub(r"[^\w]+", " ", s)
    s = " ".join(s.split())
    # Abbreviations glued to "va" ("nn va ptnt") are expanded as a whole first.
    s = _ABBREV_RE.sub(lambda m: _ABBREVIATIONS[m[1]], s)
    return " ".join(s.split())
