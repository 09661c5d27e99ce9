"""Who owns each task: a lead that exists, is named, and is not also support."""

from __future__ import annotations

from collections.abc import Iterator

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.checks.references import agency_refs
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.models import Agency, AgencyGroup
from ocopctl.repository import Repository, iter_tasks


@check(("OC201", "task-without-lead", Severity.WARNING))
def task_without_lead(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A task names no lead agency (cơ quan chủ trì), neither itself nor through its group.

    A warning, not an error: plan bodies often schedule work whose owner an annex
    assigns. Fails::

        tasks:
          - {id: t1, title: Nhận đăng ký ý tưởng sản phẩm, timeframe: Quý 1 hàng năm}
    """
    for d in repo.documents:
        if not d.document.is_whole:  # an excerpt or a press report may leave the owners out
            continue
        for ref, f in iter_tasks(d):
            if not ref.lead:
                yield diag("OC201", f, ref.loc, Msg("task {task} ({title}) has no lead agency", task=repr(ref.task.id),
                                                    title=_short(ref.task.title)),
                           hint=Msg("name the cơ quan chủ trì in 'lead', or in the group that holds the task"))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@check(
    ("OC202", "lead-also-support", Severity.WARNING),
    ("OC203", "vague-lead", Severity.WARNING),
)
def lead_quality(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A task's lead is also listed as its support (OC202), or its only lead is a vague
    group such as "các sở, ngành liên quan" that names nobody (OC203).

    Fails::

        lead: [hp-snnptnt]
        support: [hp-snnptnt, hp-sct]
    """
    for d in repo.documents:
        province = d.document.province
        for ref, f in iter_tasks(d):
            if not ref.lead:
                continue
            lead_hits = [repo.resolve_agency(name, province) for name in ref.lead]
            lead_ids = {hits[0].agency.id for hits in lead_hits if len(hits) == 1}
            for j, name in enumerate(ref.support):
                hits = repo.resolve_agency(name, province)
                if len(hits) == 1 and hits[0].agency.id in lead_ids:
                    yield diag("OC202", f, ref.support_loc + (j,),
                               Msg("{agency} leads task {task} and is also listed as its support",
                                   agency=repr(hits[0].agency.name), task=repr(ref.task.id)),
                               hint=Msg("an agency cannot support its own task: drop it from 'support'"))
            resolved = [hits[0].agency for hits in lead_hits if len(hits) == 1]
            if resolved and len(resolved) == len(ref.lead) and all(
                    isinstance(a, AgencyGroup) and a.vague for a in resolved):
                yield diag("OC203", f, ref.lead_loc,
                           Msg("task {task} is led only by {leads}, which names no particular body",
                               task=repr(ref.task.id), leads=", ".join(repr(a.name) for a in resolved)),
                           hint=Msg("name the agency that answers for the task; keep the group as support"))


@check(("OC204", "agency-not-in-existence", Severity.ERROR))
def agency_existence(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document names an agency that did not exist on the document's date (the 2025
    restructuring merged Sở NN&PTNT into Sở Nông nghiệp và Môi trường and abolished districts).

    Fails (document dated 2025-08-01)::

        lead: [hp-snnptnt]   # valid_until: 2025-02-28
    """
    for ref, province, f, loc, when in agency_refs(repo):
        if when is None:
            continue
        hits = repo.resolve_agency(ref, province)
        if len(hits) != 1 or not isinstance(hits[0].agency, Agency):
            continue
        a = hits[0].agency
        # A date known to the month or year: only when no day of it falls in the agency's existence.
        if (a.valid_from and vn.latest(when) < a.valid_from) or (a.valid_until and vn.earliest(when) > a.valid_until):
            span = f"{vn.format_date_vn(a.valid_from) if a.valid_from else '…'} – " \
                   f"{vn.format_date_vn(a.valid_until) if a.valid_until else '…'}"
            hint = Msg("name the body that held the duty on that date")
            if a.successor:
                succ = repo.resolve_agency(a.successor, province)
                hint = Msg("name the body that held the duty on that date; its successor is {successor}",
                           successor=repr(succ[0].agency.name)) if succ else \
                    Msg("name the body that held the duty on that date; successor {successor}",
                        successor=repr(a.successor))
            yield diag("OC204", f, loc,
                       Msg("{agency} did not exist on {date} (it existed {span})", agency=repr(a.name),
                           date=vn.format_date_vn(when), span=span),
                       hint=hint)
