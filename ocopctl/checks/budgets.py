"""Budget tables: stated totals and percentages against the sums of their parts (OC40x).

Published tables print every cell rounded to the precision shown ("9.191",
"19,3"). A stated total can therefore differ from the sum of the printed parts
by up to half a unit of the last printed digit per part, plus half a unit for
the total's own rounding. A difference within that bound is a warning (the
rounding may explain it); a larger one is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg
from ocopctl.loader import LoadedFile
from ocopctl.models import BudgetRow, BudgetTable
from ocopctl.repository import Repository

HALF = Decimal("0.5")


def _unit(d: Decimal) -> Decimal:
    """One unit of the last printed digit: 9191 -> 1, 19.3 -> 0.1."""
    exp = d.as_tuple().exponent
    return Decimal(1).scaleb(min(int(exp), 0)) if isinstance(exp, int) else Decimal(1)


@dataclass(frozen=True)
class Printed:
    """A printed figure and the most its rounding can have moved it: half a unit of its last digit."""

    value: Decimal
    half: Decimal

    @classmethod
    def of(cls, value: Decimal) -> Printed:
        return cls(value, _unit(value) * HALF)

    def scaleb(self, places: int) -> Printed:
        """The same figure counted in a unit ``10**places`` times smaller ("0,85" tỷ is "850" triệu)."""
        return Printed(self.value.scaleb(places), self.half.scaleb(places))


def _fmt(d: Decimal) -> str:
    return vn.format_vn_number(d)


def compare_sum(code_warn: str, code_err: str, f: LoadedFile, loc: Loc, what: Msg, stated: Printed,
                parts: list[Printed], unit: str, against: Msg | None = None,
                hint: Msg | None = None, figures: Msg | None = None) -> Iterator[Diagnostic]:
    """A stated figure against the sum of printed parts: nothing when equal, ``code_warn`` when the
    difference is within the rounding of every figure involved, ``code_err`` beyond."""
    computed = sum((p.value for p in parts), Decimal(0))
    diff = abs(stated.value - computed)
    if diff == 0:
        return
    bound = sum((p.half for p in parts), Decimal(0)) + stated.half
    against = against or Msg("the parts add up to")
    figures = figures or Msg("cells")
    params = {"what": what, "stated": _fmt(stated.value), "unit": unit, "against": against,
              "computed": _fmt(computed), "diff": _fmt(diff), "bound": _fmt(bound)}
    if diff <= bound:
        yield diag(code_warn, f, loc, Msg("{what}: stated {stated} {unit}, {against} {computed} (difference {diff}); "
                                          "rounding of the printed {figures} can explain up to {bound}",
                                          figures=figures, **params),
                   hint=Msg("check the unrounded figures; the printed total may be right"))
    else:
        yield diag(code_err, f, loc, Msg("{what}: stated {stated} {unit}, {against} {computed} (difference {diff}), "
                                         "more than rounding can explain (at most {bound})", **params),
                   hint=hint or Msg("one of the cells or the total is wrong"))


def compare_share(code_warn: str, code_err: str, f: LoadedFile, loc: Loc, name: str, share: Decimal,
                  part: Printed, whole: Printed, unit: str = "") -> Iterator[Diagnostic]:
    """A printed percentage against ``part / whole``, both in one unit: ``code_warn`` when the
    rounding of the three printed figures can explain the difference, ``code_err`` beyond."""
    if whole.value == 0:
        return
    computed = part.value / whole.value * 100
    if computed.quantize(_unit(share)) == share:
        return
    # The share was computed from unrounded figures: allow the rounding of the part and of
    # the whole (d(p/w) = dp/w + p*dw/w^2), and of the printed share itself.
    slack = (part.half * 100 + computed * whole.half) / whole.value + _unit(share) * HALF
    diff = abs(share - computed)
    of = f" {unit}" if unit else ""
    params = {"name": name, "share": _fmt(share), "part": _fmt(part.value) + of, "whole": _fmt(whole.value) + of,
              "computed": _fmt(computed.quantize(Decimal("0.01")))}
    if diff <= slack:
        yield diag(code_warn, f, loc, Msg("{name}: stated share {share}%, but {part} of {whole} is {computed}% "
                                          "(within rounding)", **params),
                   hint=Msg("check the unrounded figures"))
    else:
        yield diag(code_err, f, loc, Msg("{name}: stated share {share}%, but {part} of {whole} is {computed}%",
                                         **params),
                   hint=Msg("recompute the percentage from the totals"))


def _compare(code_warn: str, code_err: str, f: LoadedFile, loc: Loc, what: Msg, stated: Decimal,
             parts: list[Decimal], unit: str) -> Iterator[Diagnostic]:
    yield from compare_sum(code_warn, code_err, f, loc, what, Printed.of(stated), [Printed.of(p) for p in parts],
                           unit)


def _row_name(r: BudgetRow) -> Msg:
    """``row A 'Ngân sách'``: the row as the table prints it."""
    row = f"{r.tt + ' ' if r.tt else ''}{r.label!r}"
    return Msg("row {row}", row=row)


def _tables(repo: Repository) -> Iterator[tuple[BudgetTable, LoadedFile, Loc]]:
    for d in repo.documents:
        for a in d.annexes:
            for t, table in enumerate(a.annex.tables):
                if isinstance(table, BudgetTable):
                    yield table, a.file, a.loc + ("tables", t)


def _walk(rows: list[BudgetRow], loc: Loc) -> Iterator[tuple[BudgetRow, Loc]]:
    for i, r in enumerate(rows):
        yield r, loc + (i,)
        yield from _walk(r.rows, loc + (i, "rows"))


@check(
    ("OC401", "budget-total-rounding", Severity.WARNING),
    ("OC402", "budget-total-wrong", Severity.ERROR),
)
def budget_totals(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A stated total that differs from the sum of its parts: a row's total against its
    year cells, a group row against its sub-rows (per year and in total), and a printed
    total row ("Tổng A, B") against the rows it names. Within what rounding of the printed
    cells can explain: OC401 (warning); beyond: OC402 (error).

    Fails::

        rows:
          - {tt: A, label: Ngân sách, values: ['9.191', '8.501'], total: '17.000'}   # 17.692
    """
    for table, f, base in _tables(repo):
        unit = table.unit
        by_tt: dict[str, BudgetRow] = {}
        for r, _loc in _walk(table.rows, base + ("rows",)):
            if r.tt:
                by_tt.setdefault(r.tt.strip(), r)
        for r, loc in _walk(table.rows, base + ("rows",)):
            name = _row_name(r)
            cells = [v for v in r.values if v is not None]
            if r.total is not None and cells and len(r.values) == len(table.years):
                yield from _compare("OC401", "OC402", f, loc + ("total",), Msg("{row} total", row=name), r.total,
                                    cells, unit)
            children = r.rows
            sources = children
            if r.total_of:
                sources = [by_tt[t] for t in r.total_of if t in by_tt]
                missing = [t for t in r.total_of if t not in by_tt]
                if missing:
                    yield diag("OC402", f, loc + ("total_of",),
                               Msg("{row} adds up rows {missing} that the table lacks", row=name, missing=str(missing)),
                               hint=Msg("total_of lists the tt of rows in the same table"))
                    continue
            if not sources:
                continue
            for y, v in enumerate(r.values):
                parts = [s.values[y] for s in sources if y < len(s.values) and s.values[y] is not None]
                if v is not None and parts:
                    year = table.years[y] if y < len(table.years) else y + 1
                    yield from _compare("OC401", "OC402", f, loc + ("values", y), Msg("{row}, {year}", row=name,
                                                                                         year=str(year)), v,
                                        [p for p in parts if p is not None], unit)
            totals = [s.total for s in sources if s.total is not None]
            # A row with year cells had its total checked against them above.
            if r.total is not None and not cells and totals and len(totals) == len(sources):
                yield from _compare("OC401", "OC402", f, loc + ("total",),
                                    Msg("{row} total against its parts", row=name), r.total, totals, unit)


@check(
    ("OC403", "budget-share-rounding", Severity.WARNING),
    ("OC404", "budget-share-wrong", Severity.ERROR),
)
def budget_shares(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A stated percentage (Tỷ lệ %) that differs from the row's share of the table's grand
    total (the row stated as 100%, else the sum of the top-level rows). Within what rounding
    explains: OC403 (warning); beyond: OC404 (error).

    Fails::

        rows:
          - {tt: A, label: Tỉnh, total: '40.522', share: '29,3'}   # 19,3 of 210.376
          - {label: Tổng, total: '210.376', share: '100,0'}
    """
    for table, f, base in _tables(repo):
        rows = list(_walk(table.rows, base + ("rows",)))
        hundred = [r for r, _ in rows if r.share is not None and r.share == 100 and r.total is not None]
        if hundred:
            grand = hundred[0].total
        else:
            tops = [r.total for r in table.rows if r.total is not None and not r.total_of]
            grand = sum(tops, Decimal(0)) if tops else None
        if not grand:
            continue
        assert grand is not None
        for r, loc in rows:
            if r.share is None or r.total is None or r.share == 100:
                continue
            name = _row_name(r)
            yield from compare_share("OC403", "OC404", f, loc + ("share",), name, r.share, Printed.of(r.total),
                                     Printed.of(grand))
