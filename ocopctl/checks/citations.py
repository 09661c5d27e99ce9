"""Citations of documents: annex back-references and the same document cited twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.citations import PROPOSAL, Citation, find_citations, same_type
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.docnumbers import parse_number
from ocopctl.i18n import Count, Joined, Msg
from ocopctl.loader import LoadedFile
from ocopctl.regulations import known_regulation
from ocopctl.repository import DocumentRef, Repository

# Fields whose text is not running prose that cites documents.
_SKIP = frozenset({"id", "number", "date", "date_line", "back_reference", "kind", "parent", "lead",
                   "support", "issuer", "members", "successor", "products", "values", "total", "share"})


@dataclass
class Cited:
    citation: Citation
    file: LoadedFile
    loc: Loc
    province: str | None


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            if k not in _SKIP:
                yield from _strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, loc + (i,))


def iter_citations(repo: Repository) -> Iterator[Cited]:
    for d in repo.documents:
        for loc, text in _strings(d.file.data, ()):
            for c in find_citations(text):
                yield Cited(c, d.file, loc, d.document.province)
    for f, annex in repo.annex_files:
        parent = repo.documents_by_id.get(annex.parent)
        province = parent[0].document.province if parent else None
        for loc, text in _strings(f.data, ()):
            for c in find_citations(text):
                yield Cited(c, f, loc, province)


def _key(c: Citation, province: str | None) -> tuple[str, str | None, int | None]:
    year = c.number.year or (c.date.year if c.date else None)
    scope = None if c.number.national else (vn.name_key(province) if province else None)
    return c.number.key, scope, year


def _fmt(c: Citation) -> str:
    return f"{c.number.printed.strip()} ngày {c.date_text}"


@check(
    ("OC110", "annex-reference-mismatch", Severity.ERROR),
)
def annex_back_reference(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """An annex's "(Kèm theo Kế hoạch số ... ngày ...)" names another type, number or date
    than the document it belongs to.

    Fails (the plan is 192/KH-UBND of 17/8/2018)::

        back_reference: (Kèm theo Kế hoạch số 192/KH-UBND ngày 17/7/2018 của Ủy ban nhân dân thành phố)
    """
    for d in repo.documents:
        yield from _check_annexes(d)


def _check_annexes(d: DocumentRef) -> Iterator[Diagnostic]:
    doc = d.document
    own = parse_number(doc.number)
    for a in d.annexes:
        text = a.annex.back_reference
        if not text:
            continue
        loc = a.loc + ("back_reference",)
        label = a.annex.label or a.annex.title
        cites = find_citations(text)
        if not cites:
            example = (f"(Kèm theo {doc.type} số {own.canonical} ngày "
                       f"{doc.date.day:02d}/{doc.date.month}/{doc.date.year} của ...)")
            yield diag("OC110", a.file, loc,
                       Msg("the back-reference of {label} names no document number and date: {text}",
                           label=repr(label), text=repr(text)),
                       hint=Msg("write it as {example}", example=example))
            continue
        c = cites[0]
        problems: list[Msg] = []
        if not same_type(c.type_word, doc.type):
            problems.append(Msg("type {cited} instead of {own}", cited=repr(c.type_word), own=repr(doc.type)))
        if c.number.key != own.key:
            problems.append(Msg("number {cited} instead of {own}", cited=repr(c.number.printed.strip()),
                                own=repr(doc.number)))
        if c.date != doc.date and not (vn.is_partial(doc.date) and c.date is not None
                                       and vn.earliest(doc.date) <= c.date <= vn.latest(doc.date)):
            problems.append(Msg("date {cited} instead of {own}", cited=repr(c.date_text),
                                own=repr(vn.format_date_vn(doc.date))))
        if problems:
            yield diag("OC110", a.file, loc,
                       Msg("the back-reference of {label} disagrees with its document: {problems}",
                           label=repr(label), problems=Joined(problems, "; ")),
                       hint=Msg("the annex belongs to {type} {number} of {date}; correct whichever of the two is "
                                "wrong", type=doc.type, number=doc.number, date=vn.format_date_vn(doc.date)))


@check(
    ("OC111", "citation-date-conflict", Severity.ERROR),
    ("OC112", "citation-malformed", Severity.WARNING),
    ("OC113", "regulation-date-wrong", Severity.ERROR),
)
def citation_consistency(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """The same document cited with different dates anywhere in the repository (OC111),
    a cited number in a malformed form such as 490/QĐTTg (OC112), a national OCOP
    regulation cited with a date other than the one it was signed on (OC113), or a
    citation whose date does not exist (OC013).

    Fails::

        legal_bases:
          - Căn cứ Quyết định số 490/QĐTTg ngày 9/5/2018 của Thủ tướng Chính phủ ...   # 07/5/2018
    """
    groups: dict[tuple[str, str | None, int | None], list[Cited]] = {}
    for cited in iter_citations(repo):
        c = cited.citation
        if c.date is None:
            yield diag("OC013", cited.file, cited.loc, Msg("{citation}: the cited date does not exist",
                                                           citation=repr(_fmt(c))),
                       hint=Msg("check the day and month of the citation"))
            continue
        if c.number.suggestion or "unparseable" in c.number.problems:
            yield diag("OC112", cited.file, cited.loc,
                       Msg("{number} is not a well-formed document number", number=repr(c.number.printed.strip())),
                       hint=Msg("write {suggestion}", suggestion=repr(c.number.suggestion)) if c.number.suggestion
                       else Msg("write it as number/TYPE-ISSUER"))
        known = known_regulation(c.number.key, c.number.year or c.date.year)
        if known and c.date != known[0]:
            yield diag("OC113", cited.file, cited.loc,
                       Msg("{number} is cited with date {cited}, but it was signed on {signed}",
                           number=c.number.canonical, cited=repr(c.date_text), signed=vn.format_date_vn(known[0])),
                       hint=Msg("{number} ({title}) is dated {signed}", number=c.number.canonical, title=known[1],
                                signed=vn.format_date_vn(known[0])))
        if known:
            continue
        groups.setdefault(_key(c, cited.province), []).append(cited)

    own_dates: dict[tuple[str, str | None, int | None], DocumentRef] = {}
    for d in repo.documents:
        n = parse_number(d.document.number)
        own_dates[(n.key, None if n.national else vn.name_key(d.document.province),
                    n.year or d.document.date.year)] = d
    for key, cites in groups.items():
        owner = own_dates.get(key)
        counts = Counter(c.citation.date for c in cites)
        if owner is None and len(counts) < 2:
            continue
        if owner is not None:
            reference = owner.document.date
            source = Msg("the document itself ({path})", path=owner.file.display)
        else:
            (top, n_top), (_second, n_second) = counts.most_common(2)
            if n_top == n_second:
                reference, source = None, None
            else:
                reference, source = top, Msg("{n} other citations", n=Count(n_top))
        for cited in cites:
            c = cited.citation
            if reference is not None and c.date == reference:
                continue
            others = sorted({_fmt(o.citation) for o in cites if o.citation.date != c.date})
            if reference is not None:
                message = Msg("{number} is cited here as of {cited}, but {source} date it {date}",
                              number=c.number.canonical, cited=repr(c.date_text), source=source,
                              date=vn.format_date_vn(reference))
            else:
                message = Msg("{number} is cited with different dates: {cited} and {others}",
                              number=c.number.canonical, cited=repr(_fmt(c)), others=", ".join(repr(o) for o in others))
            yield diag("OC111", cited.file, cited.loc, message,
                       hint=Msg("one document has one date: correct the citation that is wrong"))


@check(("OC115", "proposal-before-bases", Severity.WARNING))
def proposal_order(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A legal basis ("Căn cứ ...") printed after the proposal ("Theo đề nghị của ...", "Xét đề
    nghị ..."): Nghị định 30/2020 puts the proposal last, after every basis, right before the
    decision. Published documents are encoded as printed, so the finding says which line is out
    of place; drafts that ocopctl renders put the proposal last.

    Fails::

        legal_bases:
          - Theo đề nghị của Sở Nông nghiệp và Phát triển nông thôn tại Tờ trình số 12/TTr-SNN;
          - Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ;
    """
    sources = [(d.file, d.document.legal_bases) for d in repo.documents]
    sources += [(f, iss.legal_bases) for f, iss in repo.issuances]
    for f, bases in sources:
        proposal = next((i for i, text in enumerate(bases) if PROPOSAL.match(text)), None)
        if proposal is None:
            continue
        for i in range(proposal + 1, len(bases)):
            if not PROPOSAL.match(bases[i]):
                yield diag("OC115", f, ("legal_bases", i),
                           Msg("the basis {basis} comes after the proposal {proposal}",
                               basis=repr(_head(bases[i])), proposal=repr(_head(bases[proposal]))),
                           hint=Msg("Nghị định 30/2020 puts every 'Căn cứ' first and the proposal ('Theo đề nghị "
                                    "...') last; keep the printed order if that is how it was published"))


def _head(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
