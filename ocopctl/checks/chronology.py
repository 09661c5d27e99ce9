"""Dates along the links between documents (OC114): what approves, implements or reports
on a document cannot be dated before it."""

from __future__ import annotations

from collections.abc import Iterator

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.citations import find_citations
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.models import Document
from ocopctl.repository import Repository


def _name(doc: Document) -> Msg:
    return Msg("{type} {number} of {date}", type=doc.type, number=doc.number.strip(), date=vn.format_date_vn(doc.date))


@check(("OC114", "dated-before-subject", Severity.ERROR))
def dated_before_subject(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document dated before the document it approves, implements or reports on: an
    issuance (approval decision, progress report) whose ``date`` or ``as_of`` is before its
    ``subject``'s date; a progress entry dated before the document it reports on; a legal
    basis ("Thực hiện Kế hoạch số ... ngày ...") citing a document dated after the citing one.
    (An annex file's date is its parent's: OC110 checks its "Kèm theo ... ngày ...".)

    Fails (the plan is of 17/8/2018)::

        kind: issuance
        template: approval
        subject: mau/2018-10-kh-ubnd
        date: 2018-08-10
    """
    for f, iss in repo.issuances:
        subjects = repo.documents_by_id.get(iss.subject or "")
        if not subjects:
            continue
        subject = subjects[0].document
        for field, when in (("date", iss.date), ("as_of", iss.as_of)):
            if when is not None and vn.latest(when) < vn.earliest(subject.date):  # every day of a month or year
                params = {"template": iss.template, "date": vn.format_date_vn(when), "subject": _name(subject)}
                yield diag("OC114", f, (field,),
                           Msg("the {template} is dated {date}, before the {subject} it is about", **params)
                           if field == "date" else
                           Msg("the {template} speaks for {date}, before the {subject} it is about", **params),
                           hint=Msg("check the {field}: nothing can approve or report on a document before it is "
                                    "issued", field=field))
    for f, pf in repo.progress_files:
        docs = repo.documents_by_id.get(pf.document)
        if not docs:
            continue  # OC307
        doc = docs[0].document
        for i, entry in enumerate(pf.entries):
            if entry.date < vn.earliest(doc.date):
                yield diag("OC114", f, ("entries", i, "date"),
                           Msg("progress on task {task} is dated {date}, before the {document} it reports on",
                               task=repr(entry.task), date=vn.format_date_vn(entry.date), document=_name(doc)),
                           hint=Msg("check the date, or report the work against the document in force then"))
    for d in repo.documents:
        doc = d.document
        for i, basis in enumerate(doc.legal_bases):
            for c in find_citations(basis):
                later = c.date is not None and c.date > vn.latest(doc.date)
                if later and c.number.printed.strip() != doc.number.strip():
                    yield diag("OC114", d.file, ("legal_bases", i),
                               Msg("the {type} of {date} cites {cited} of {cited_date}, which is dated after it",
                                   type=doc.type, date=vn.format_date_vn(doc.date), cited=c.number.printed.strip(),
                                   cited_date=c.date_text),
                               hint=Msg("check both dates: a document cannot rest on or implement a later one"))
