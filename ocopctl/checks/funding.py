"""Funding splits (OC405-OC410, OC414): amounts of money in a document's text against each other
and against its budget tables.

A plan states its funding in prose: "Tổng kinh phí ... 854.788 triệu đồng. Trong đó: kinh phí
do cộng đồng huy động 644.412 triệu đồng (chiếm 75,4%); ngân sách Nhà nước hỗ trợ 210.376
triệu đồng (chiếm 24,6%)", and an annex table allocates one of those amounts. The encoder
relates the targets with ``part_of`` (the subject of the total), ``share`` (the printed
percentage) and ``table`` (the budget table whose grand total the amount states).

Amounts are converted to one unit before they are compared (0,85 tỷ đồng is 850 triệu đồng),
and judged with the rounding bound of ``budgets``: a difference that the rounding of the
printed figures can explain is a warning, a larger one an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.checks.budgets import Printed, compare_share, compare_sum
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Count, Msg
from ocopctl.models import BudgetTable, Objective, Section, Target
from ocopctl.repository import DocumentRef, Repository

# How many powers of ten of a đồng each money unit counts, keyed by the folded unit.
MONEY_UNITS: dict[str, int] = {
    "dong": 0,
    "vnd": 0,
    "nghin dong": 3,
    "ngan dong": 3,
    "trieu dong": 6,
    "ty dong": 9,
    "ti dong": 9,
}
UNITS_HINT = Msg("units of money: đồng, nghìn đồng, triệu đồng, tỷ đồng")


def money_exponent(unit: str) -> int | None:
    """Powers of ten of a đồng in ``unit`` ("triệu đồng" is 6), or None when it is no unit of money."""
    return MONEY_UNITS.get(" ".join(vn.fold(unit).split()))


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """``value`` in ``unit`` expressed in ``to``, exactly: convert(0,85, "tỷ đồng", "triệu đồng") is 850."""
    src, dst = money_exponent(unit), money_exponent(to)
    if src is None or dst is None:
        raise ValueError(f"cannot convert {unit!r} to {to!r}: {UNITS_HINT}")
    return value.scaleb(src - dst)


@dataclass(frozen=True)
class Amount:
    """A target that states an amount of money, where it sits in its file."""

    target: Target
    loc: Loc
    exponent: int

    @property
    def name(self) -> str:
        t = self.target
        return repr(t.subject) if t.subject else f"{vn.format_vn_number(t.value)} {t.unit}"

    def printed(self, exponent: int) -> Printed:
        """The amount as printed, counted in the unit of ``exponent``."""
        return Printed.of(self.target.value).scaleb(self.exponent - exponent)


@dataclass
class Funding:
    """The money relations of one document, resolved."""

    # id() of the total's target -> the total and the amounts that name it in part_of
    parts: dict[int, tuple[Amount, list[Amount]]] = field(default_factory=dict)
    tables: list[tuple[Amount, BudgetTable, str]] = field(default_factory=list)  # amount, table, its name
    unresolved: list[tuple[Loc, Msg, Msg]] = field(default_factory=list)  # loc, message, hint


def _targets(sections: list[Section], loc: Loc) -> Iterator[tuple[Target, Loc]]:
    for s, section in enumerate(sections):
        here = loc + (s,)
        for p, para in enumerate(section.text):
            if isinstance(para, Objective):
                for t, target in enumerate(para.targets):
                    yield target, here + ("text", p, "targets", t)
        yield from _targets(section.sections, here + ("sections",))


def _budget_tables(d: DocumentRef) -> Iterator[tuple[BudgetTable, list[str]]]:
    """Every budget table of the document with the names that refer to it: its own title, and
    the label and title of its annex for the annex's first budget table."""
    for a in d.annexes:
        first = True
        for table in a.annex.tables:
            if not isinstance(table, BudgetTable):
                continue
            names = [table.title] if table.title else []
            if first:
                names += [n for n in (a.annex.label, a.annex.title) if n]
                first = False
            yield table, names


def resolve(d: DocumentRef) -> Funding:
    """Resolve the ``part_of``, ``share`` and ``table`` of every target of a document."""
    out = Funding()
    targets = list(_targets(d.document.body, ("body",)))
    by_subject: dict[str, list[tuple[Target, Loc]]] = {}
    for target, loc in targets:
        if target.subject:
            by_subject.setdefault(vn.name_key(target.subject), []).append((target, loc))
    tables = list(_budget_tables(d))
    for target, loc in targets:
        if target.share is not None and not target.part_of:
            share = vn.format_vn_number(target.share)
            out.unresolved.append((loc + ("share",), Msg("the target states a share of {share}% but no part_of",
                                                         share=share),
                                   Msg("name the total it is a share of in part_of")))
        if not target.part_of and not target.table:
            continue
        exponent = money_exponent(target.unit)
        if exponent is None:
            out.unresolved.append((loc + ("unit",), Msg("part_of and table relate amounts of money; {unit} "
                                                        "is not a unit of money", unit=repr(target.unit)),
                                   UNITS_HINT))
            continue
        amount = Amount(target, loc, exponent)
        if target.part_of:
            total = _resolve_part_of(amount, target.part_of, by_subject)
            if isinstance(total, Amount):
                out.parts.setdefault(id(total.target), (total, []))[1].append(amount)
            else:
                out.unresolved.append(total)
        if target.table:
            key = vn.name_key(target.table)
            found = [(t, names) for t, names in tables if key in {vn.name_key(n) for n in names}]
            if found:
                table, names = found[0]
                out.tables.append((amount, table, names[0]))
            else:
                known = "; ".join(names[0] for _, names in tables if names)
                out.unresolved.append((loc + ("table",), Msg("table names {table}, which is no budget table "
                                                             "of the document", table=repr(target.table)),
                                       Msg("budget tables: {tables}", tables=known) if known else
                                       Msg("the document has no budget table")))
    return out


def _resolve_part_of(amount: Amount, ref: str, by_subject: dict[str, list[tuple[Target, Loc]]]
                     ) -> Amount | tuple[Loc, Msg, Msg]:
    loc = amount.loc + ("part_of",)
    found = [(t, tl) for t, tl in by_subject.get(vn.name_key(ref), []) if t is not amount.target]
    money = [Amount(t, tl, e) for t, tl in found if (e := money_exponent(t.unit)) is not None]
    if len(money) == 1:
        return money[0]
    if len(money) > 1:
        return (loc, Msg("part_of names {ref}, the subject of {n} amounts", ref=repr(ref), n=Count(len(money))),
                Msg("give the total a subject no other amount of the document has"))
    if found:
        return (loc, Msg("part_of names {ref}, a target in {unit}, not an amount of money", ref=repr(ref),
                         unit=repr(found[0][0].unit)), UNITS_HINT)
    return (loc, Msg("part_of names {ref}, which is the subject of no target of the document", ref=repr(ref)),
            Msg("part_of is the subject of the total, in the same document"))


def _funding(repo: Repository) -> Iterator[tuple[DocumentRef, Funding]]:
    for d in repo.documents:
        funding = resolve(d)
        if funding.parts or funding.tables or funding.unresolved:
            yield d, funding


@check(
    ("OC405", "funding-parts-rounding", Severity.WARNING),
    ("OC406", "funding-parts-wrong", Severity.ERROR),
)
def funding_parts(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """Amounts that name a total in ``part_of`` and do not add up to it, after converting units.
    Two or more parts must add up to the total; a lone part (a single "trong đó" item) must not
    exceed it. Within what rounding of the printed figures explains: OC405 (warning); beyond:
    OC406 (error).

    Fails::

        - text: Tổng kinh phí 1.000 triệu đồng, trong đó ngân sách 0,3 tỷ đồng, vốn huy động 800 triệu đồng
          targets:
            - {value: '1.000', unit: triệu đồng, subject: tổng kinh phí}
            - {value: 0,3, unit: tỷ đồng, subject: ngân sách, part_of: tổng kinh phí}
            - {value: 800, unit: triệu đồng, subject: vốn huy động, part_of: tổng kinh phí}   # 1.100
    """
    for d, funding in _funding(repo):
        for total, parts in funding.parts.values():
            stated = total.printed(total.exponent)
            converted = [p.printed(total.exponent) for p in parts]
            loc = total.loc + ("value",)
            if len(parts) > 1:
                yield from compare_sum("OC405", "OC406", d.file, loc, Msg("total {name}", name=total.name), stated,
                                       converted, total.target.unit,
                                       against=Msg("its {n} parts add up to", n=Count(len(parts))),
                                       hint=Msg("one of the parts or the total is wrong"), figures=Msg("amounts"))
                continue
            if converted[0].value > stated.value:
                yield from compare_sum("OC405", "OC406", d.file, loc, Msg("total {name}", name=total.name), stated,
                                       converted, total.target.unit,
                                       against=Msg("its part {name} alone is", name=parts[0].name),
                                       hint=Msg("a part cannot exceed its total"), figures=Msg("amounts"))


@check(
    ("OC407", "funding-share-rounding", Severity.WARNING),
    ("OC408", "funding-share-wrong", Severity.ERROR),
)
def funding_shares(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A percentage printed with an amount ("chiếm 75,4%", ``share``) that is not the amount's
    share of its ``part_of`` total. Within what rounding of the amount, the total and the
    percentage explains: OC407 (warning); beyond: OC408 (error).

    Fails::

        - {value: '1.000', unit: triệu đồng, subject: tổng kinh phí}
        - {value: 250, unit: triệu đồng, part_of: tổng kinh phí, share: '30,0'}   # 25,0
    """
    for d, funding in _funding(repo):
        for total, parts in funding.parts.values():
            whole = total.printed(total.exponent)
            for p in parts:
                if p.target.share is None:
                    continue
                yield from compare_share("OC407", "OC408", d.file, p.loc + ("share",), p.name, p.target.share,
                                         p.printed(total.exponent), whole, total.target.unit)


def grand_total(table: BudgetTable) -> tuple[list[Printed], Msg] | None:
    """The grand total of a budget table: its stated total row that covers every top-level row
    ("Tổng A, B, C"), or else the sum of the top-level rows (their totals, or their year cells).
    None when some top-level row has neither."""
    data = [r for r in table.rows if not r.total_of]
    if not data:
        return None
    tts = {r.tt.strip() for r in data if r.tt}
    if len(tts) == len(data):
        for r in table.rows:
            if r.total_of and r.total is not None and tts <= {t.strip() for t in r.total_of}:
                return [Printed.of(r.total)], Msg("its total row {label} states", label=repr(r.label))
    parts: list[Printed] = []
    for r in data:
        cells = [v for v in r.values if v is not None]
        if r.total is not None:
            parts.append(Printed.of(r.total))
        elif cells:
            parts.extend(Printed.of(v) for v in cells)
        else:
            return None
    return parts, Msg("its top-level rows add up to")


@check(
    ("OC409", "funding-table-rounding", Severity.WARNING),
    ("OC410", "funding-table-wrong", Severity.ERROR),
)
def funding_tables(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """An amount that states a budget table's grand total (``table``) and differs from it, after
    converting units. The grand total is the table's stated total row covering every top-level
    row, else the sum of the top-level rows. Within what rounding explains: OC409 (warning);
    beyond: OC410 (error).

    Fails::

        - {value: '12.500', unit: triệu đồng, subject: ngân sách Nhà nước, table: Phụ lục 02}
        # Phụ lục 02's row "Tổng A, B" (total_of: [A, B]) states 12.000
    """
    for d, funding in _funding(repo):
        for amount, table, name in funding.tables:
            grand = grand_total(table)
            exponent = money_exponent(table.unit)
            if grand is None or exponent is None:
                continue
            parts, how = grand
            yield from compare_sum(
                "OC409", "OC410", d.file, amount.loc + ("value",), Msg("amount {name}", name=amount.name),
                amount.printed(amount.exponent), [p.scaleb(exponent - amount.exponent) for p in parts],
                amount.target.unit, against=Msg("budget table {table}: {how}", table=repr(name), how=how),
                hint=Msg("the text and the table must state the same amount"), figures=Msg("amounts and cells"))


@check(("OC414", "funding-reference-unknown", Severity.ERROR))
def funding_references(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A ``part_of`` that names no amount of money of the document (or several), a ``table``
    that names no budget table of it, a ``share`` without ``part_of``, or ``part_of``/``table``
    on a target whose unit is not money.

    Fails::

        - {value: 250, unit: triệu đồng, part_of: tổng kinh phí}   # no target has that subject
    """
    for d, funding in _funding(repo):
        for loc, message, hint in funding.unresolved:
            if loc[-1:] == ("table",) and not d.document.is_whole:
                continue  # the budget table may lie outside the excerpt or the press report
            yield diag("OC414", d.file, loc, message, hint=hint)
