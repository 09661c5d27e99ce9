"""Recognition decisions against the ratings that cite them (OC508).

A decision is its province, its number and its year (``ocopctl.decisions``): the same
number in another province, or in another year, is another decision and is never compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.decisions import DecisionKey, Issued, RatedUnder, describe, issued_decisions, rated_under
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.repository import Repository


@check(("OC508", "rating-decision-date", Severity.WARNING))
def rating_decision_date(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A rating dated otherwise than the decision it cites: the recognition issuance or encoded
    Quyết định of the same province, number and year was signed on another day; or, where the
    repository holds no such decision, the other ratings citing it carry another date. Decision
    numbers restart every year in every province, so only the same province and year compare.

    Fails (the issuance ``999/QĐ-UBND`` of the province is dated 2025-05-20)::

        ratings:
          - {date: 2025-05-21, level: tỉnh, score: 78, stars: 4, decision: 999/QĐ-UBND}
    """
    issued: dict[DecisionKey, list[Issued]] = {}
    for d in issued_decisions(repo):
        if d.day is not None and d.key.province is not None:
            issued.setdefault(d.key, []).append(d)
    cited: dict[DecisionKey, list[RatedUnder]] = {}
    for x in rated_under(repo):
        if x.key.province is not None:
            cited.setdefault(x.key, []).append(x)
    for key, ratings in cited.items():
        days = {d.day for d in issued.get(key, ()) if d.day is not None}
        if len(days) == 1:
            (day,) = days
            decision = issued[key][0]
            for x in ratings:
                if not vn.may_be_same_day(x.rating.date, day):
                    yield _finding(x, Msg("the rating is dated {rated}, but decision {decision} was signed on "
                                          "{signed} ({where})", rated=x.rating.date,
                                          decision=describe(decision.number, decision.province, key.year),
                                          signed=day, where=decision.file.display))
        elif not days:
            counts = Counter(x.rating.date for x in ratings)
            if len(counts) > 1:
                usual = max(sorted(counts), key=lambda d: counts[d])
                for x in ratings:
                    if not vn.may_be_same_day(x.rating.date, usual):
                        yield _finding(x, Msg("the rating is dated {rated}, but {n} other ratings citing decision "
                                              "{decision} are dated {usual}", rated=x.rating.date,
                                              n=counts[usual], usual=usual,
                                              decision=describe(x.rating.decision or "", x.province, key.year)))


def _finding(x: RatedUnder, message: Msg) -> Diagnostic:
    return diag("OC508", x.file, x.loc + ("ratings", x.index, "date"), message,
                hint=Msg("a product is recognised on the day its decision is signed: correct the rating's 'date' "
                         "or its 'decision' (numbers restart every year in every province)"))
