"""The document's own number (số, ký hiệu)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.docnumbers import parse_number, type_code_for
from ocopctl.i18n import Msg
from ocopctl.repository import Repository


@check(
    ("OC010", "number-malformed", Severity.ERROR),
    ("OC011", "number-spacing", Severity.INFO),
    ("OC012", "number-type-mismatch", Severity.ERROR),
)
def document_number(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document number that does not follow "number/TYPE-ISSUER" (OC010), carries stray
    spaces (OC011), or whose type code disagrees with the document type (OC012).

    Fails::

        type: Kế hoạch
        number: 490/QĐTTg      # OC010: hyphen missing
        number: 192 /KH-UBND   # OC011: stray space
        number: 192/QĐ-UBND    # OC012: a Kế hoạch numbers as KH
    """
    for d in repo.documents:
        doc, f = d.document, d.file
        n = parse_number(doc.number)
        if "unparseable" in n.problems or "missing-hyphen" in n.problems:
            yield diag("OC010", f, ("number",),
                       Msg("document number {number} does not follow the form number/TYPE-ISSUER",
                           number=repr(doc.number)),
                       hint=Msg("did you mean {suggestion}?", suggestion=repr(n.suggestion)) if n.suggestion
                       else Msg("write it as in 192/KH-UBND or 13/2017/NQ-HĐND"))
        if "whitespace" in n.problems:
            yield diag("OC011", f, ("number",),
                       Msg("document number {number} has stray spaces; it reads as {canonical}",
                           number=repr(doc.number), canonical=repr(n.canonical)),
                       hint=Msg("harmless when copying what was published; new documents should print it without "
                                "spaces"))
        expected = type_code_for(doc.type)
        if expected and n.type_code and n.type_code != expected:
            yield diag("OC012", f, ("number",),
                       Msg("a {type} is numbered with {expected}, but {number} carries {code}", type=doc.type,
                           expected=expected, number=repr(doc.number), code=n.type_code),
                       hint=Msg("check the number or the type: {type} -> .../{expected}-...", type=doc.type,
                                expected=expected))


_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


@check(
    ("OC014", "date-line-mismatch", Severity.ERROR),
    ("OC015", "date-line-form", Severity.INFO),
)
def date_line(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A printed date line ("Hải Phòng, ngày 17 tháng 8 năm 2018") that names another day than
    the document's date (OC014), or that does not write it as Nghị định 30/2020 (and Thông tư
    01/2011/TT-BNV before it) asks: the day with two digits, the month with a leading zero only
    for January and February (OC015).

    Fails::

        date: 2017-06-21
        date_line: Quảng Ninh, ngày 21 tháng 6 năm 2016    # OC014: 2016, not 2017
        date_line: Quảng Ninh, ngày 21 tháng 06 năm 2017   # OC015: "tháng 6"
    """
    for d in repo.documents:
        doc, f = d.document, d.file
        if not doc.date_line:
            continue
        m = _DATE_LINE.search(doc.date_line)
        if m is None and vn.is_partial(doc.date):
            continue  # "Hà Nội, tháng 11 năm 2020": the line, like the date, names no day
        if m is None:
            yield diag("OC015", f, ("date_line",),
                       Msg("date line {line} does not read 'ngày .. tháng .. năm ....'", line=repr(doc.date_line)),
                       hint=Msg("write it as {example}", example=repr(vn.format_date_line(doc.place, doc.date))))
            continue
        day, month, year = (int(g) for g in m.groups())
        if vn.is_partial(doc.date):  # the date is known to the month or year: the line's day must lie in it
            first, last = vn.date_span(doc.date)
            if not first <= _day_or_none(year, month, day, last) <= last:
                yield diag("OC014", f, ("date_line",),
                           Msg("date line {line} says {said}, but the document's date is {date}",
                               line=repr(doc.date_line), said=f"{day}/{month}/{year}",
                               date=vn.format_date_vn(doc.date)),
                           hint=Msg("correct whichever of the two is wrong"))
            continue
        said = f"{day}/{month}/{year}"
        if (day, month, year) != (doc.date.day, doc.date.month, doc.date.year):
            yield diag("OC014", f, ("date_line",),
                       Msg("date line {line} says {said}, but the document's date is {date}", line=repr(doc.date_line),
                           said=said, date=vn.format_date_vn(doc.date)),
                       hint=Msg("correct whichever of the two is wrong"))
        elif m.group(0) != vn.format_date_long(doc.date):
            yield diag("OC015", f, ("date_line",),
                       Msg("date line writes {written}; the rules on document form write {expected}",
                           written=repr(m.group(0)), expected=repr(vn.format_date_long(doc.date))),
                       hint=Msg("harmless when copying what was published; new documents should follow the decree"))


def _day_or_none(year: int, month: int, day: int, fallback: date) -> date:
    """The day a date line names, or a day outside any span when it names none that exists."""
    try:
        return date(year, month, day)
    except ValueError:
        return fallback + timedelta(days=1)
