"""A loaded plan repository: the files, and indexes the checks share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ocopctl import vn
from ocopctl.diagnostics import Loc
from ocopctl.loader import LoadedFile
from ocopctl.models import (
    PAST_STATUSES,
    Agency,
    AgencyGroup,
    AgencyRegistry,
    Annex,
    AnnexFile,
    Document,
    Issuance,
    Product,
    ProductGroupRows,
    ProductRegistry,
    ProductTable,
    ProgressFile,
    Section,
    Task,
    TaskGroup,
    TaskTable,
)
from ocopctl.vague import builtin_vague_group

AgencyLike = Agency | AgencyGroup

# The "file" of built-in entries (the vague phrasings of ocopctl.vague).
BUILTIN = LoadedFile(Path("<built-in>"), "<built-in>")


@dataclass
class AgencyEntry:
    agency: AgencyLike
    province: str | None  # None: national
    file: LoadedFile
    loc: Loc

    @property
    def is_group(self) -> bool:
        return isinstance(self.agency, AgencyGroup)


@dataclass(slots=True)  # one per task: no per-instance dict
class TaskRef:
    """A task with what it inherits from its groups and table."""

    task: Task
    loc: Loc
    lead: list[str]
    inherited_lead_loc: Loc | None  # None: the task names its own lead, at loc + ("lead",)
    support: list[str]
    inherited_support_loc: Loc | None
    timeframe: str | None
    annex: int | None  # index of the annex holding it, None for the body

    # Built when asked: two tuples of ten parts per task were 50 MB of a 200,000-task plan.
    @property
    def lead_loc(self) -> Loc:
        return self.loc + ("lead",) if self.inherited_lead_loc is None else self.inherited_lead_loc

    @property
    def support_loc(self) -> Loc:
        return self.loc + ("support",) if self.inherited_support_loc is None else self.inherited_support_loc


@dataclass
class AnnexRef:
    annex: Annex | AnnexFile
    file: LoadedFile
    loc: Loc  # location of the annex inside its file


@dataclass
class DocumentRef:
    document: Document
    file: LoadedFile
    annexes: list[AnnexRef] = field(default_factory=list)

    @property
    def is_record(self) -> bool:
        """Superseded or archived: kept as a record, judged at its own date, on nobody's agenda."""
        return self.document.status in PAST_STATUSES

    def judged_on(self, today: date) -> date:
        """The date time-dependent checks judge the document at: today, or its own date for a record."""
        return self.document.date if self.is_record else today


@dataclass(frozen=True)
class Record:
    """The status of the file a product is listed in, and the date a past record is judged at
    (None: a record with no date of its own and no rating to date it by)."""

    is_record: bool
    date: date | None


_CURRENT = Record(False, None)


def province_key(name: str | None) -> str | None:
    return vn.name_key(name) if name else None


class Repository:
    """Everything ``ocopctl`` loaded, with lookups built once."""

    def __init__(self, files: list[LoadedFile]) -> None:
        self.files = files
        self.registries: list[tuple[LoadedFile, AgencyRegistry]] = []
        self.documents: list[DocumentRef] = []
        self.annex_files: list[tuple[LoadedFile, AnnexFile]] = []
        self.product_files: list[tuple[LoadedFile, ProductRegistry]] = []
        self.progress_files: list[tuple[LoadedFile, ProgressFile]] = []
        self.issuances: list[tuple[LoadedFile, Issuance]] = []
        # Ids of files that did not load: what refers to them says nothing more (the file has its finding).
        self.broken_ids: set[str] = set()
        for f in files:
            m = f.model
            if m is None and isinstance(f.data, dict) and isinstance(f.data.get("id"), str):
                self.broken_ids.add(f.data["id"])
            if isinstance(m, AgencyRegistry):
                self.registries.append((f, m))
            elif isinstance(m, Document):
                ref = DocumentRef(m, f)
                ref.annexes = [AnnexRef(a, f, ("annexes", i)) for i, a in enumerate(m.annexes)]
                self.documents.append(ref)
            elif isinstance(m, AnnexFile):
                self.annex_files.append((f, m))
            elif isinstance(m, ProductRegistry):
                self.product_files.append((f, m))
            elif isinstance(m, ProgressFile):
                self.progress_files.append((f, m))
            elif isinstance(m, Issuance):
                self.issuances.append((f, m))
        self.documents_by_id: dict[str, list[DocumentRef]] = {}
        for d in self.documents:
            self.documents_by_id.setdefault(d.document.id, []).append(d)
        for f, a in self.annex_files:
            parents = self.documents_by_id.get(a.parent)
            if parents:
                parents[0].annexes.append(AnnexRef(a, f, ()))
        self._build_agency_index()
        self._records: dict[int, Record] = {}
        for d in self.documents:
            for annex_ref in d.annexes:  # annex files kept apart share their document's status
                self._records[id(annex_ref.file)] = Record(d.is_record, d.document.date)
        for f, reg_file in self.product_files:
            # A products file has no date of its own: a past list is dated by its latest rating.
            dates = [r.date for p in reg_file.products for r in p.ratings]
            self._records[id(f)] = Record(reg_file.status in PAST_STATUSES, max(dates, default=None))

    def record(self, file: LoadedFile) -> Record:
        """Whether the file listing products is a superseded or archived record, and its date."""
        return self._records.get(id(file), _CURRENT)

    # ----------------------------------------------------------------- agencies

    def _build_agency_index(self) -> None:
        self.agency_entries: list[AgencyEntry] = []
        # scope (province key or None) -> id -> entries
        self.agency_ids: dict[str | None, dict[str, list[AgencyEntry]]] = {}
        # scope -> name key -> entries
        self.agency_names: dict[str | None, dict[str, list[AgencyEntry]]] = {}
        for f, reg in self.registries:
            scope = province_key(reg.province)
            both: tuple[tuple[str, list[AgencyLike]], ...] = (
                ("agencies", list(reg.agencies)), ("groups", list(reg.groups)))
            for kind, items in both:
                for i, item in enumerate(items):
                    entry = AgencyEntry(item, reg.province, f, (kind, i))
                    self.agency_entries.append(entry)
                    self.agency_ids.setdefault(scope, {}).setdefault(item.id, []).append(entry)
                    names = self.agency_names.setdefault(scope, {})
                    for name in {vn.name_key(n) for n in (item.name, *item.short_names, *item.aliases)}:
                        names.setdefault(name, []).append(entry)

    def resolve_agency(self, ref: str, province: str | None) -> list[AgencyEntry]:
        """Entries a reference may mean, looked up in the province and then nationally.

        An id wins over a name. An empty list means the reference does not resolve;
        more than one entry means it is ambiguous.
        """
        scopes = [province_key(province), None] if province else [None]
        for scope in scopes:
            hit = self.agency_ids.get(scope, {}).get(ref)
            if hit:
                return hit
        key = vn.name_key(ref)
        for scope in scopes:
            hit = self.agency_names.get(scope, {}).get(key)
            if hit:
                return hit
        group = builtin_vague_group(ref)
        if group is not None:  # "các sở, ngành liên quan": built in, no province need declare it
            return [AgencyEntry(group, None, BUILTIN, ())]
        return []

    # ----------------------------------------------------------------- products

    def iter_products(self) -> Iterator[tuple[Product, LoadedFile, Loc]]:
        for d in self.documents:
            for a in d.annexes:
                for t, table in enumerate(a.annex.tables):
                    if isinstance(table, ProductTable):
                        base = a.loc + ("tables", t)
                        for i, p in enumerate(table.products):
                            yield p, a.file, base + ("products", i)
                        for g, group in enumerate(table.groups):
                            for i, p in enumerate(group.products):
                                yield _in_group(p, group), a.file, base + ("groups", g, "products", i)
        for f, reg in self.product_files:
            for i, p in enumerate(reg.products):
                yield p, f, ("products", i)
        for f, annex in self.annex_files:
            if annex.parent not in self.documents_by_id:
                for t, table in enumerate(annex.tables):
                    if isinstance(table, ProductTable):
                        for i, p in enumerate(table.products):
                            yield p, f, ("tables", t, "products", i)
                        for g, group in enumerate(table.groups):
                            for i, p in enumerate(group.products):
                                yield _in_group(p, group), f, ("tables", t, "groups", g, "products", i)


def _in_group(product: Product, rows: ProductGroupRows) -> Product:
    """A product as its table lists it: a group heading ("I. Thực phẩm") gives the OCOP group
    of every product under it that names none of its own."""
    if product.group is None and rows.group is not None:
        return product.model_copy(update={"group": rows.group})
    return product


def iter_tasks(doc: DocumentRef) -> Iterator[tuple[TaskRef, LoadedFile]]:
    """Every task of a document, body and annexes, with inherited owners and timeframe."""
    for s, section in enumerate(doc.document.body):
        for ref in _section_tasks(section, ("body", s)):
            yield ref, doc.file
    for a_index, a in enumerate(doc.annexes):
        for t, table in enumerate(a.annex.tables):
            if isinstance(table, TaskTable):
                base = a.loc + ("tables", t)
                for i, task in enumerate(table.tasks):
                    yield _ref(task, base + ("tasks", i), [], (), [], (), table.timeframe, a_index), a.file
                for g, group in enumerate(table.groups):
                    for ref in _group_tasks(group, base + ("groups", g), [], (), [], (),
                                            table.timeframe, a_index):
                        yield ref, a.file


def _section_tasks(section: Section, loc: Loc) -> Iterator[TaskRef]:
    for i, task in enumerate(section.tasks):
        yield _ref(task, loc + ("tasks", i), [], (), [], (), None, None)
    for j, sub in enumerate(section.sections):
        yield from _section_tasks(sub, loc + ("sections", j))


def _group_tasks(group: TaskGroup, loc: Loc, lead: list[str], lead_loc: Loc, support: list[str],
                 support_loc: Loc, timeframe: str | None, annex: int) -> Iterator[TaskRef]:
    if group.lead:
        lead, lead_loc = group.lead, loc + ("lead",)
    if group.support:
        support, support_loc = group.support, loc + ("support",)
    timeframe = group.timeframe or timeframe
    for i, task in enumerate(group.tasks):
        yield _ref(task, loc + ("tasks", i), lead, lead_loc, support, support_loc, timeframe, annex)
    for g, sub in enumerate(group.groups):
        yield from _group_tasks(sub, loc + ("groups", g), lead, lead_loc, support, support_loc,
                                timeframe, annex)


def _ref(task: Task, loc: Loc, lead: list[str], lead_loc: Loc, support: list[str], support_loc: Loc,
         timeframe: str | None, annex: int | None) -> TaskRef:
    return TaskRef(
        task, loc,
        task.lead or lead, None if task.lead else lead_loc,
        task.support or support, None if task.support else support_loc,
        task.timeframe or timeframe, annex,
    )
