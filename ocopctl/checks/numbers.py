"""The document's own number (số, ký hiệu)."""

from __future__ import annotations

from collections.abc import Iterator

from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.docnumbers import parse_number, type_code_for
from ocopctl.repository import Repository


@check(
    ("OC010", "number-malformed", Severity.ERROR),
    ("OC011", "number-spacing", Severity.INFO),
    ("OC012", "number-type-mismatch", Severity.ERROR),
)
def document_number(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A document number that does not follow "number/TYPE-ISSUER" (OC010), carries stray
    spaces (OC011), or whose type code disagrees with the document type (OC012).

    Fails::

        type: Kế hoạch
        number: 490/QĐTTg      # OC010: hyphen missing
        number: 192 /KH-UBND   # OC011: stray space
        number: 192/QĐ-UBND    # OC012: a Kế hoạch numbers as KH
    """
    for d in repo.documents:
        doc, f = d.document, d.file
        n = parse_number(doc.number)
        if "unparseable" in n.problems or "missing-hyphen" in n.problems:
            yield diag("OC010", f, ("number",),
                       f"document number {doc.number!r} does not follow the form number/TYPE-ISSUER",
                       hint=f"did you mean {n.suggestion!r}?" if n.suggestion
                       else "write it as in 192/KH-UBND or 13/2017/NQ-HĐND")
        if "whitespace" in n.problems:
            yield diag("OC011", f, ("number",),
                       f"document number {doc.number!r} has stray spaces; it reads as {n.canonical!r}",
                       hint="harmless when copying what was published; new documents should print it without spaces")
        expected = type_code_for(doc.type)
        if expected and n.type_code and n.type_code != expected:
            yield diag("OC012", f, ("number",),
                       f"a {doc.type} is numbered with {expected}, but {doc.number!r} carries {n.type_code}",
                       hint=f"check the number or the type: {doc.type} -> .../{expected}-...")
