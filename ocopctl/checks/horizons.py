"""The orientation horizon of a plan (OC120): "giai đoạn 2021-2025, định hướng đến 2030"."""

from __future__ import annotations

from collections.abc import Iterator

from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.repository import Repository


@check(("OC120", "horizon-not-after-period", Severity.ERROR))
def horizon_after_period(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document's orientation horizon (``horizon``, the 2030 of "giai đoạn 2021-2025, định
    hướng đến 2030") that is not after the last year of its ``period``: the horizon is the
    year the plan looks towards beyond its period.

    Fails::

        period: 2021-2025
        horizon: 2025
    """
    for d in repo.documents:
        doc = d.document
        if doc.horizon is None:
            continue
        last = doc.period_years()[1]
        if doc.horizon <= last:
            yield diag("OC120", d.file, ("horizon",),
                       Msg("the orientation horizon {horizon} is not after the end of the period {period}",
                           horizon=str(doc.horizon), period=doc.period),
                       hint=Msg("'horizon' is the year of \"định hướng đến …\", after the period's last year; "
                                "a year inside the period belongs in 'period'"))
