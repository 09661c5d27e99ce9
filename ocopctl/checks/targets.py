"""Targets and target matrices (OC41x): promised numbers against the annexes that list them."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg
from ocopctl.models import (
    ChainTable,
    GenericTable,
    Objective,
    ProductTable,
    Section,
    TargetMatrix,
    TaskTable,
)
from ocopctl.repository import AnnexRef, DocumentRef, Repository

AT_LEAST = ("ít nhất", "tối thiểu", "trên", "hơn", "không dưới")
ABOUT = ("khoảng", "gần", "dự kiến")


@check(("OC411", "target-matrix-sum", Severity.ERROR))
def target_matrix(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A target matrix whose stated row total is not the sum of the row's cells, or whose
    total row is not the sum of the rows above it (column by column and overall).

    Fails::

        rows:
          - {label: Dự án cấp huyện, total: 57, values: [28, 21, 4, 1, 2]}   # 56
    """
    for d in repo.documents:
        for a in d.annexes:
            for t, table in enumerate(a.annex.tables):
                if not isinstance(table, TargetMatrix):
                    continue
                base = a.loc + ("tables", t)
                for i, row in enumerate(table.rows):
                    cells = [v or Decimal(0) for v in row.values]
                    if row.total is not None and cells and sum(cells) != row.total:
                        yield diag("OC411", a.file, base + ("rows", i, "total"),
                                   Msg("row {label} states {stated}, its cells add up to {computed}",
                                       label=repr(row.label), stated=vn.format_vn_number(row.total),
                                       computed=vn.format_vn_number(sum(cells))),
                                   hint=Msg("one cell or the total is wrong"))
                if table.totals is None:
                    continue
                tot = table.totals
                for c, stated in enumerate(tot.values):
                    column = sum((r.values[c] or Decimal(0) for r in table.rows if c < len(r.values)), Decimal(0))
                    if stated is not None and stated != column:
                        name = table.categories[c] if c < len(table.categories) else Msg("column {n}", n=c + 1)
                        yield diag("OC411", a.file, base + ("totals", "values", c),
                                   Msg("total row states {stated} for {name}, the rows add up to {computed}",
                                       stated=vn.format_vn_number(stated), name=repr(name),
                                       computed=vn.format_vn_number(column)),
                                   hint=Msg("one cell or the total is wrong"))
                row_totals = [r.total for r in table.rows if r.total is not None]
                if tot.total is not None and row_totals and sum(row_totals) != tot.total:
                    yield diag("OC411", a.file, base + ("totals", "total"),
                               Msg("total row states {stated}, the row totals add up to {computed}",
                                   stated=vn.format_vn_number(tot.total),
                                   computed=vn.format_vn_number(sum(row_totals))),
                               hint=Msg("one cell or the total is wrong"))


def _objectives(sections: list[Section], loc: Loc) -> Iterator[tuple[Objective, Loc]]:
    for s, section in enumerate(sections):
        here = loc + (s,)
        for p, para in enumerate(section.text):
            if isinstance(para, Objective):
                yield para, here + ("text", p)
        yield from _objectives(section.sections, here + ("sections",))


def _find_annex(d: DocumentRef, ref: str) -> AnnexRef | None:
    key = vn.name_key(ref)
    for a in d.annexes:
        if key in {vn.name_key(a.annex.label or ""), vn.name_key(a.annex.title)}:
            return a
    return None


def _count(a: AnnexRef) -> tuple[Decimal, Msg] | None:
    """How many items an annex lists, or the total its target matrix states."""
    for table in a.annex.tables:
        if isinstance(table, TargetMatrix) and table.totals is not None and table.totals.total is not None:
            return table.totals.total, Msg("stated total")
        if isinstance(table, ProductTable):
            return Decimal(len(table.products) + sum(len(g.products) for g in table.groups)), Msg("products listed")
        if isinstance(table, ChainTable):
            return Decimal(sum(len(g.chains) for g in table.groups)), Msg("chains listed")
        if isinstance(table, TaskTable):
            n = len(table.tasks)
            stack = list(table.groups)
            while stack:
                g = stack.pop()
                n += len(g.tasks)
                stack.extend(g.groups)
            return Decimal(n), Msg("tasks listed")
        if isinstance(table, GenericTable):
            return Decimal(len(table.rows)), Msg("rows")
    return None


@check(
    ("OC412", "target-count-mismatch", Severity.ERROR),
    ("OC413", "target-annex-unknown", Severity.ERROR),
)
def target_counts(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A target that names the annex listing its items ("31 sản phẩm cấp huyện (có danh mục
    kèm theo)") where the annex lists another number (OC412). "ít nhất" targets fail only when
    the annex lists fewer; "khoảng" targets are not checked for an exact count. The number
    compared is ``out_of`` when given (the 31 of "12/31"). A target naming an annex the
    document does not have is OC413.

    Fails::

        - text: Lựa chọn 31 sản phẩm cấp huyện (danh mục tại Phụ lục 01)
          targets: [{value: 31, unit: sản phẩm, annex: Phụ lục 01}]   # the annex lists 30
    """
    for d in repo.documents:
        if not d.document.is_whole:  # an excerpt or a press report need not hold the annexes, or all their rows
            continue
        for obj, loc in _objectives(d.document.body, ("body",)):
            for t, target in enumerate(obj.targets):
                if not target.annex:
                    continue
                tloc = loc + ("targets", t, "annex")
                annex = _find_annex(d, target.annex)
                if annex is None:
                    labels = [a.annex.label or a.annex.title for a in d.annexes]
                    yield diag("OC413", d.file, tloc, Msg("target names annex {annex}, which the document lacks",
                                                          annex=repr(target.annex)),
                               hint=Msg("annexes: {labels}", labels="; ".join(labels)) if labels
                               else Msg("the document has no annex"))
                    continue
                counted = _count(annex)
                if counted is None:
                    continue
                count, what = counted
                promised = target.out_of if target.out_of is not None else target.value
                qualifier = vn.fold(target.qualifier or "")
                if any(vn.fold(q) in qualifier for q in ABOUT):
                    continue
                at_least = any(vn.fold(q) in qualifier for q in AT_LEAST)
                if (at_least and count < promised) or (not at_least and count != promised):
                    params = {"promised": vn.format_vn_number(promised), "unit": target.unit,
                              "annex": repr(annex.annex.label or annex.annex.title),
                              "count": vn.format_vn_number(count), "what": what}
                    yield diag("OC412", d.file, tloc,
                               (Msg("the target promises at least {promised} {unit}, but {annex} has {count} {what}",
                                    **params) if at_least else
                                Msg("the target promises {promised} {unit}, but {annex} has {count} {what}", **params)),
                               hint=Msg("the objective and its annex must agree"))
