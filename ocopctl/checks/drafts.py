"""Drafts written by ``ocopctl draft`` that nobody has reviewed yet."""

from __future__ import annotations

from collections.abc import Iterator

from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from ocopctl.repository import Repository


@check(("OC023", "unreviewed-draft", Severity.INFO))
def unreviewed_draft(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document that still says ``draft: true``: ``ocopctl draft`` wrote it from a published
    file and nobody has yet reviewed its ``# REVIEW:`` lines. Its other findings may come from
    the drafting, not from the document.

    Fails::

        kind: document
        draft: true        # OC023: review the draft, then remove this line
    """
    for d in repo.documents:
        if d.document.draft:
            yield diag("OC023", d.file, ("draft",),
                       Msg("this document is an unreviewed draft written by 'ocopctl draft'"),
                       hint=Msg("review every line marked '# REVIEW:' against the published text, then remove "
                                "'draft: true'"))
