"""A recognition decision's promised count against its list (OC520): "công nhận 11 sản phẩm"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ocopctl.checks import Context, check, diag
from ocopctl.decisions import DecisionKey, issued_decisions, rated_under
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg, Number
from ocopctl.repository import Repository


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
    counts: Counter[DecisionKey] = Counter(x.key for x in rated_under(repo))
    for d in issued_decisions(repo):
        if d.recognises is None or d.day is None:
            continue
        listed = counts.get(d.key, 0)
        if listed and listed != d.recognises:
            yield diag("OC520", d.file, ("recognises",),
                       Msg("decision {number} says it recognises {promised} products, but {listed} ratings cite it",
                           number=d.number.strip(), promised=Number(d.recognises), listed=Number(listed)),
                       hint=Msg("count the products in the decision's list; a rating cites the decision by its "
                                "'decision' number, in the same province and year"))
