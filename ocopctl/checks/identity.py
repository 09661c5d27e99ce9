"""Ids that must be unique."""

from __future__ import annotations

from collections.abc import Iterator

from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg
from ocopctl.loader import LoadedFile
from ocopctl.repository import Repository, iter_tasks


def _duplicates(kind: Msg, seen: dict[str, list[tuple[LoadedFile, Loc]]]) -> Iterator[Diagnostic]:
    for ident, places in seen.items():
        if len(places) < 2:
            continue
        first_file = places[0][0]
        for file, loc in places[1:]:
            where = Msg("earlier in this file") if file is first_file else Msg("in {path}", path=first_file.display)
            yield diag("OC101", file, loc, Msg("{kind} id {ident} is already used {where}", kind=kind,
                                               ident=repr(ident), where=where),
                       hint=Msg("give this {kind} an id of its own; references to {ident} would be ambiguous",
                                kind=kind, ident=repr(ident)))


@check(("OC101", "duplicate-id", Severity.ERROR))
def duplicate_id(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """Two documents, products, tasks of one document, or agencies of one province share an id.

    Fails::

        agencies:
          - {id: hp-snn, name: Sở Nông nghiệp và Phát triển nông thôn, level: tỉnh}
          - {id: hp-snn, name: Sở Công Thương, level: tỉnh}
    """
    docs: dict[str, list[tuple[LoadedFile, Loc]]] = {}
    for d in repo.documents:
        docs.setdefault(d.document.id, []).append((d.file, ("id",)))
    yield from _duplicates(Msg("document"), docs)

    products: dict[str, list[tuple[LoadedFile, Loc]]] = {}
    for p, f, loc in repo.iter_products():
        products.setdefault(p.id, []).append((f, loc + ("id",)))
    yield from _duplicates(Msg("product"), products)

    for d in repo.documents:
        tasks: dict[str, list[tuple[LoadedFile, Loc]]] = {}
        for ref, f in iter_tasks(d):
            tasks.setdefault(ref.task.id, []).append((f, ref.loc + ("id",)))
        yield from _duplicates(Msg("task"), tasks)

    # Agency ids are unique within a province; national ids are shared by every
    # province, so a province may not reuse one.
    national = repo.agency_ids.get(None, {})
    for scope, ids in repo.agency_ids.items():
        for ident, entries in ids.items():
            places = [(e.file, e.loc + ("id",)) for e in entries]
            if scope is not None and ident in national:
                places = [(e.file, e.loc + ("id",)) for e in national[ident]] + places
            yield from _duplicates(Msg("agency"), {ident: places})
