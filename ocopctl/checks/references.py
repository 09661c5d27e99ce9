"""References between files: agencies, products and annex parents."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg
from ocopctl.loader import LoadedFile
from ocopctl.models import ChainTable
from ocopctl.repository import Repository, iter_tasks, province_key


def agency_refs(repo: Repository) -> Iterator[tuple[str, str | None, LoadedFile, Loc, date | None]]:
    """Every agency reference once: (reference, province, file, loc, the date it speaks for).

    A document's references speak for the document's date; a progress report's for the
    date it was reported (after the 2025 restructuring a report names the successor).
    """
    seen: set[tuple[int, Loc]] = set()
    for f, reg in repo.registries:
        for i, a in enumerate(reg.agencies):
            if a.successor:
                yield a.successor, reg.province, f, ("agencies", i, "successor"), None
        for i, g in enumerate(reg.groups):
            for j, m in enumerate(g.members):
                yield m, reg.province, f, ("groups", i, "members", j), None
    for f, pf in repo.progress_files:
        parents = repo.documents_by_id.get(pf.document)
        if parents:
            pdoc = parents[0].document
            latest = max((e.date for e in pf.entries), default=None)
            yield pf.agency, pdoc.province, f, ("agency",), latest
            for i, e in enumerate(pf.entries):
                if e.reported_by:
                    yield e.reported_by, pdoc.province, f, ("entries", i, "reported_by"), e.date
    for d in repo.documents:
        doc = d.document
        yield doc.issuer, doc.province, d.file, ("issuer",), doc.date
        for ref, f in iter_tasks(d):
            for refs, loc in ((ref.lead, ref.lead_loc), (ref.support, ref.support_loc)):
                for j, name in enumerate(refs):
                    key = (id(f), loc + (j,))
                    if key not in seen:
                        seen.add(key)
                        yield name, doc.province, f, loc + (j,), doc.date


@check(
    ("OC102", "unknown-agency", Severity.ERROR),
    ("OC105", "ambiguous-agency", Severity.ERROR),
)
def agency_reference(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """An agency reference (issuer, lead, support, group member, successor) that names no
    agency of the province or the national registry (OC102), or more than one (OC105).

    Fails::

        lead: [Sở Nông nghiệp và Phát triển nông thô]   # no such agency
    """
    for ref, province, f, loc, _when in agency_refs(repo):
        hits = repo.resolve_agency(ref, province)
        if not hits:
            scopes = [province_key(province), None]
            names = {}
            for scope in scopes:
                for e in repo.agency_ids.get(scope, {}).values():
                    for entry in e:
                        names[vn.name_key(entry.agency.name)] = entry.agency
                        names[vn.fold(entry.agency.id)] = entry.agency
            close = difflib.get_close_matches(vn.name_key(ref), list(names), n=1, cutoff=0.75)
            if close:
                hint = Msg("did you mean {ident} ({name})?", ident=repr(names[close[0]].id), name=names[close[0]].name)
            elif province:
                hint = Msg("add it to the agency registry of {province} (kind: agencies)", province=province)
            else:
                hint = Msg("add it to the agency registry of the nation (kind: agencies)")
            yield diag("OC102", f, loc,
                       Msg("{ref} names no agency of {province}", ref=repr(ref), province=province) if province
                       else Msg("{ref} names no agency of the national registry", ref=repr(ref)),
                       hint=hint)
        elif len({id(h.agency) for h in hits}) > 1:
            options = ", ".join(f"{h.agency.id} ({h.agency.name})" for h in hits)
            yield diag("OC105", f, loc, Msg("{ref} could mean any of: {options}", ref=repr(ref), options=options),
                       hint=Msg("use the agency id instead of the name"))


@check(("OC103", "unknown-product", Severity.ERROR))
def product_reference(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A task or product chain lists a product id that no product list defines.

    Fails::

        products: [hp-sp-999]
    """
    known = {p.id for p, _f, _loc in repo.iter_products()}
    for d in repo.documents:
        for ref, f in iter_tasks(d):
            for j, pid in enumerate(ref.task.products):
                if pid not in known:
                    yield diag("OC103", f, ref.loc + ("products", j), Msg("product {id} is not defined", id=repr(pid)),
                               hint=_close(pid, known))
        for a in d.annexes:
            for t, table in enumerate(a.annex.tables):
                if isinstance(table, ChainTable):
                    for g, group in enumerate(table.groups):
                        for c, chain in enumerate(group.chains):
                            for j, pid in enumerate(chain.products):
                                if pid not in known:
                                    loc = a.loc + ("tables", t, "groups", g, "chains", c, "products", j)
                                    yield diag("OC103", a.file, loc, Msg("product {id} is not defined", id=repr(pid)),
                                               hint=_close(pid, known))


def _close(ident: str, known: set[str]) -> Msg:
    close = difflib.get_close_matches(ident, list(known), n=1)
    return Msg("did you mean {suggestion}?", suggestion=repr(close[0])) if close \
        else Msg("define it in a product list or a products file")


@check(("OC104", "unknown-annex-parent", Severity.ERROR))
def annex_parent(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """An annex file whose ``parent`` is not the id of any document.

    Fails::

        kind: annex
        parent: hai-phong/2018-193-kh-ubnd   # no such document
    """
    ids = list(repo.documents_by_id)
    for f, annex in repo.annex_files:
        if annex.parent not in repo.documents_by_id and annex.parent not in repo.broken_ids:
            close = difflib.get_close_matches(annex.parent, ids, n=1)
            yield diag("OC104", f, ("parent",), Msg("parent {parent} is not a document id", parent=repr(annex.parent)),
                       hint=Msg("did you mean {suggestion}?", suggestion=repr(close[0])) if close
                       else Msg("parent is the 'id' of the document"))
