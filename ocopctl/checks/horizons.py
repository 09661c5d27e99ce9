"""The orientation horizon of a plan (OC120, OC121): "giai đoạn 2021-2025, định hướng đến 2030"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.repository import Repository

# "định hướng đến năm 2030", "tầm nhìn đến 2030", compared without diacritics.
_TITLE_HORIZON = re.compile(r"\b(?:dinh huong|tam nhin)\s+(?:den\s+)?(?:nam\s+)?(\d{4})\b")


def title_horizon(title: str) -> int | None:
    """The horizon year a title names ("giai đoạn 2021-2025, định hướng đến năm 2030"), if any."""
    m = _TITLE_HORIZON.search(vn.fold(" ".join(title.split())))
    return int(m[1]) if m else None


@check(("OC120", "horizon-not-after-period", Severity.ERROR),
       ("OC121", "horizon-title-mismatch", Severity.WARNING))
def horizon_after_period(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document's orientation horizon (``horizon``, the 2030 of "giai đoạn 2021-2025, định
    hướng đến 2030") that is not after the last year of its ``period``: the horizon is the
    year the plan looks towards beyond its period.

    A title that names a horizon ("định hướng đến năm 2030", "tầm nhìn đến 2030") while
    ``horizon`` is missing or another year is OC121: the timeframes up to the horizon are
    read as outside the period without it.

    Fails::

        period: 2021-2025
        horizon: 2025                                                    # OC120
        title: ... giai đoạn 2021-2025, định hướng đến năm 2030          # OC121 without horizon: 2030
    """
    for d in repo.documents:
        doc = d.document
        named = title_horizon(doc.title)
        if named is not None and named != doc.horizon:
            yield diag("OC121", d.file, ("horizon",) if doc.horizon is not None else ("title",),
                       Msg("the title looks towards {named}, but 'horizon' is {horizon}",
                           named=str(named), horizon=str(doc.horizon) if doc.horizon is not None else "—"),
                       hint=Msg("write 'horizon: {named}' next to 'period'", named=str(named)))
        if doc.horizon is None:
            continue
        last = doc.period_years()[1]
        if doc.horizon <= last:
            yield diag("OC120", d.file, ("horizon",),
                       Msg("the orientation horizon {horizon} is not after the end of the period {period}",
                           horizon=str(doc.horizon), period=doc.period),
                       hint=Msg("'horizon' is the year of \"định hướng đến …\", after the period's last year; "
                                "a year inside the period belongs in 'period'"))
