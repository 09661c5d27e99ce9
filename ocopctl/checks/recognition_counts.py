"""A recognition decision's promised count against its list (OC520): "công nhận 11 sản phẩm"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.docnumbers import parse_number
from ocopctl.i18n import Msg, Number
from ocopctl.loader import LoadedFile
from ocopctl.repository import Repository, province_key

DecisionKey = tuple[str, str | None, int]  # canonical number, province key, year


def _file_provinces(repo: Repository) -> dict[int, str | None]:
    """The province of every file that lists products: a products file's, or its document's."""
    out: dict[int, str | None] = {}
    for d in repo.documents:
        out[id(d.file)] = d.document.province
        for a in d.annexes:
            out[id(a.file)] = d.document.province
    for f, reg in repo.product_files:
        out[id(f)] = reg.province
    return out


def rated_by_decision(repo: Repository) -> Counter[DecisionKey]:
    """How many ratings cite each decision, identified by number, province and year."""
    provinces = _file_provinces(repo)
    counts: Counter[DecisionKey] = Counter()
    for product, f, _loc in repo.iter_products():
        province = province_key(product.province or provinces.get(id(f)))
        for rating in product.ratings:
            if rating.decision:
                counts[(parse_number(rating.decision).key, province, rating.date.year)] += 1
    return counts


def _decisions(repo: Repository) -> Iterator[tuple[LoadedFile, Loc, int, str, str | None, date | None]]:
    for d in repo.documents:
        doc = d.document
        if doc.recognises is not None:
            yield d.file, ("recognises",), doc.recognises, doc.number, doc.province, doc.date
    for f, iss in repo.issuances:
        if iss.recognises is not None and iss.number:
            yield f, ("recognises",), iss.recognises, iss.number, iss.province, iss.date


@check(("OC520", "recognition-count-mismatch", Severity.ERROR))
def recognition_count(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A recognition decision that says how many products it recognises (``recognises: 11``
    for "công nhận 11 sản phẩm đạt chuẩn OCOP") while the ratings citing it number another
    count. A rating cites the decision when its ``decision`` is the same number, its product
    (or, failing that, its file) is of the decision's province, and it is dated in the
    decision's year. A decision without a date, or whose number no rating cites, is not
    checked (its list may not be encoded).

    Fails (two ratings cite 999/QĐ-UBND)::

        kind: issuance
        number: 999/QĐ-UBND
        date: 2025-05-20
        recognises: 3
    """
    counts = rated_by_decision(repo)
    for f, loc, promised, number, province, when in _decisions(repo):
        if when is None:
            continue
        listed = counts.get((parse_number(number).key, province_key(province), when.year), 0)
        if listed and listed != promised:
            yield diag("OC520", f, loc,
                       Msg("decision {number} says it recognises {promised} products, but {listed} ratings cite it",
                           number=number.strip(), promised=Number(promised), listed=Number(listed)),
                       hint=Msg("count the products in the decision's list; a rating cites the decision by its "
                                "'decision' number, in the same province and year"))
