"""Render documents to Word, HTML and Markdown through Jinja templates.

One template per document kind (``templates/document.j2``, ``approval.j2``,
``recognition.j2``, ``progress_report.j2``, or a user's own) says what the
document prints; it is written once for every format, against the block
primitives of ``format.<fmt>.j2`` (paragraph in a role, two-column layout,
table, row, cell, page). For Word, those primitives write a small block
markup that ``ocopctl.docxbuild`` lays out; for HTML and Markdown they write
the page itself.

Every template runs in Jinja's sandbox with StrictUndefined, and an empty
value (``None``) reads as undefined: a value a template needs but the data
lacks fails with the template, the line and the field, never prints a blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ocopctl import vn
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.docnumbers import parse_number, type_code_for
from ocopctl.docxbuild import MarkupError, build_docx
from ocopctl.loader import LoadedFile, discover, load_file
from ocopctl.models import (
    Annex,
    AnnexFile,
    BudgetRow,
    ChainTable,
    Document,
    HeaderCell,
    Issuance,
    Product,
    ProgressFile,
    Rating,
    Signer,
    TableBase,
)
from ocopctl.output import write_atomic
from ocopctl.ratings import CERTIFICATE_MONTHS, certificate_expiry, latest_rating, regulation_on
from ocopctl.regulations import REGULATIONS
from ocopctl.reports import SECTIONS, Report, ReportError, Window, build_report, parse_half, parse_quarter, parse_year
from ocopctl.repository import DocumentRef, Repository
from ocopctl.resources import template_dir

FORMATS = ("docx", "html", "md")
SUFFIXES = {"docx": ".docx", "html": ".html", "md": ".md"}
# What an issuance drafts when it does not say its own type.
DEFAULT_TYPES = {"progress_report": "Báo cáo"}
BLANK = "\u2002" * 6  # the gap a draft leaves for the number and the day, filled in by hand


class RenderError(Exception):
    """A problem the user can fix (data, template or options): one line, exit code 2."""


# --------------------------------------------------------------------------- environment


class _Environment(SandboxedEnvironment):
    """The sandbox, with one more rule: a field that is empty in the data (``None``) is
    undefined, so printing it fails and names it, and ``is defined`` tests for it."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if value is None:
            return self.undefined(hint=f"{_owner(obj)}.{attribute} is empty in the data", obj=obj, name=attribute)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if value is None:
            return self.undefined(hint=f"{_owner(obj)}[{argument!r}] is empty in the data", obj=obj, name=argument)
        return value


def _owner(obj: Any) -> str:
    return "the value" if isinstance(obj, dict) else type(obj).__name__


def _finalize(value: Any) -> Any:
    if value is None:
        raise jinja2.UndefinedError("the template prints a value that is empty (None)")
    return value


@lru_cache(maxsize=16)
def environment(fmt: str, user_dir: str | None = None) -> jinja2.Environment:
    """The sandboxed environment of one format; a user's folder overrides templates by name."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    search = [user_dir] if user_dir else []
    search.append(str(template_dir()))
    env = _Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=fmt in {"html", "docx"},
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.globals.update(fmt=fmt, blocks=f"format.{fmt}.j2", certificate_months=CERTIFICATE_MONTHS)
    env.filters.update(FILTERS)
    return env


# --------------------------------------------------------------------------- filters


_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
          ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(value: int) -> str:
    """I, II, III ... for section and group numbers."""
    n, out = int(value), ""
    for letters, amount in _ROMAN:
        while n >= amount:
            out, n = out + letters, n - amount
    return out


def paragraph_text(value: Any) -> str:
    """A paragraph is a string or an objective with its text."""
    return value if isinstance(value, str) else str(value.text)


def vnnum(value: Any, dash_for_zero: bool = False) -> str:
    """854.788; 75,4 — and, in budget tables, ``-`` for zero as they print it."""
    if isinstance(value, jinja2.Undefined) or value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if dash_for_zero and number == 0:
        return "-"
    return vn.format_vn_number(number)


def _date_arg(value: Any) -> date:
    if not isinstance(value, date):
        raise jinja2.UndefinedError(f"{value!r} is not a date")
    return value


def long_date(value: Any) -> str:
    return vn.format_date_long(_date_arg(value))


def short_date(value: Any) -> str:
    return vn.format_date_short(_date_arg(value))


def lcfirst(text: str) -> str:
    """"Triển khai thực hiện ..." -> "triển khai thực hiện ..." when it follows a type name."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def mdcell(text: Any) -> str:
    """Text safe inside a Markdown table cell (a draft's blanks kept)."""
    return re.sub(r"[ \t\r\n]+", " ", str(text)).strip(" ").replace("|", "\\|")


def header_grid(rows: Sequence[Sequence[str | HeaderCell]]) -> list[list[str]]:
    """Header rows as a plain grid, for formats without spans: a spanned cell's text in its
    first position, the positions it covers empty."""
    grid: list[list[str]] = []
    taken: set[tuple[int, int]] = set()  # positions a span from an earlier cell covers
    for r, row in enumerate(rows):
        out: dict[int, str] = {}
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            text, colspan, rowspan = (cell, 1, 1) if isinstance(cell, str) else (cell.text, cell.colspan,
                                                                                 cell.rowspan)
            out[col] = text
            taken.update((r + dr, col + dc) for dr in range(rowspan) for dc in range(colspan) if dr or dc)
            col += 1
        width = max([col, *(c + 1 for rr, c in taken if rr == r)])
        grid.append([out.get(c, "") for c in range(width)])
    return grid


# Header words -> the field a column shows. Checked in order on the folded header text.
_COLUMN_FIELDS: tuple[tuple[str, str], ...] = (
    (r"^s?tt$", "tt"),
    (r"nhiem vu hoat dong|hoat dong cu the", "details"),
    (r"phoi hop", "support"),
    (r"noi dung|ten nhiem vu|nhiem vu", "title"),
    (r"chu tri|dau moi|don vi thuc hien|co quan thuc hien", "lead"),
    (r"thoi gian|tien do|thoi han", "timeframe"),
    (r"ket qua|san pham dau ra", "result"),
    (r"kinh phi|du toan|ngan sach", "budget"),
    (r"ghi chu", "note"),
    (r"shtt|so huu tri tue|nhan hieu", "ip"),
    (r"^chuoi", "name"),
    (r"dang san pham", "forms"),
    (r"vung nguyen lieu", "raw_material_areas"),
    (r"che bien", "processing_areas"),
    (r"to chuc|don vi|doanh nghiep|chu the", "producer"),
    (r"ten san pham|^san pham", "name"),
    (r"linh vuc|nganh hang|phan loai", "category"),
    (r"phan nhom|bo san pham|bo tieu chi", "subdivision"),
    (r"nhom", "group"),
    (r"quan|huyen|thi xa", "district"),
    (r"xa|dia diem|dia chi", "commune"),
    (r"tinh", "province"),
    (r"sao|hang", "stars"),
    (r"diem", "score"),
)
_WEIGHTS = {
    "tt": 6, "title": 40, "details": 50, "lead": 17, "support": 20, "timeframe": 12, "result": 30, "budget": 10,
    "note": 10, "ip": 8, "name": 18, "forms": 18, "raw_material_areas": 13, "processing_areas": 13,
    "producer": 24, "category": 11, "group": 12, "subdivision": 16, "district": 11, "commune": 13, "province": 10,
    "stars": 7, "score": 7,
}


def column_field(header: Any) -> str:
    """The task, product or chain field a printed column header names ("" if none)."""
    key = " ".join(re.sub(r"[^\w]+", " ", vn.fold(str(header))).split())
    for pattern, name in _COLUMN_FIELDS:
        if re.search(pattern, key):
            return name
    return ""


def column_widths(fields: Iterable[str], numbers: Iterable[str] = ()) -> list[int]:
    """Relative column widths for the fields; ``numbers``: the TT values, which widen TT when long
    ("2.1.1")."""
    longest = max((len(n) for n in numbers), default=0)
    return [max(_WEIGHTS.get(f, 14), longest + 2) if f == "tt" else _WEIGHTS.get(f, 14) for f in fields]


def row_numbers(table: Any) -> list[str]:
    """Every TT a task table prints, its groups' included."""
    out: list[str] = []

    def walk(tasks: Iterable[Any], groups: Iterable[Any]) -> None:
        out.extend(t.tt for t in tasks if t.tt)
        for g in groups:
            if g.tt:
                out.append(g.tt)
            walk(g.tasks, g.groups)

    walk(getattr(table, "tasks", []), getattr(table, "groups", []))
    return out


def runs(items: Sequence[Any], *attributes: str) -> list[tuple[Any, int]]:
    """Each item with the number of rows its ``attributes`` span: n on the first of a run of
    equal values, 0 on the rest, as a published table prints a merged cell once."""
    out: list[tuple[Any, int]] = []
    i = 0
    while i < len(items):
        value = tuple(getattr(items[i], a, None) for a in attributes)
        j = i + 1
        while (j < len(items) and None not in value
               and tuple(getattr(items[j], a, None) for a in attributes) == value):
            j += 1
        out.append((items[i], j - i))
        out.extend((item, 0) for item in items[i + 1:j])
        i = j
    return out


_CHAIN_ORDER = ("tt", "name", "forms", "raw_material_areas", "processing_areas", "producer", "note")
_AREAS = ("raw_material_areas", "processing_areas")


def chain_layout(table: ChainTable) -> dict[str, Any]:
    """Columns and header rows of a product-chain table.

    A chain table has one shape (490/QĐ-TTg's): TT, chain, forms, the two value-chain
    areas, producers. Cells follow that order; the printed headers name them. A header
    that names no field is the heading over the two areas ("Liên kết vùng"), printed as
    a second header row. An explicit ``header`` is printed as given.
    """
    named = {column_field(c): c for c in table.columns}
    named.pop("", None)
    parents = [c for c in table.columns if not column_field(c)]
    fields = [f for f in _CHAIN_ORDER if f in named] or ["tt", "name", "forms", "producer"]
    if table.header:
        return {"fields": [column_field(c) for c in table.columns], "header": table.header}
    if len(parents) == 1 and all(a in fields for a in _AREAS):
        top: list[str | HeaderCell] = []
        for f in fields:
            if f == _AREAS[0]:
                top.append(HeaderCell(text=parents[0], colspan=2))
            elif f not in _AREAS:
                top.append(HeaderCell(text=named[f], rowspan=2))
        return {"fields": fields, "header": [top, [named[a] for a in _AREAS]]}
    return {"fields": fields, "header": [[named.get(f, "") for f in fields]] if named else []}


def flatten_rows(rows: Sequence[BudgetRow], depth: int = 0) -> list[tuple[BudgetRow, int]]:
    out: list[tuple[BudgetRow, int]] = []
    for row in rows:
        out.append((row, depth))
        out.extend(flatten_rows(row.rows, depth + 1))
    return out


WIDE_COLUMNS = 6
WIDE_WEIGHT = 120  # columns whose widths add up to this much text do not fit 165 mm


def is_wide(annex: Annex | AnnexFile) -> bool:
    """An annex whose tables need a landscape page: six columns or more, or a few wide ones."""
    return any(_column_count(t) >= WIDE_COLUMNS
               or sum(column_widths(column_field(c) for c in t.columns)) >= WIDE_WEIGHT for t in annex.tables)


def _column_count(table: TableBase) -> int:
    kind = getattr(table, "kind", "")
    if table.columns:
        return len(table.columns)
    if kind == "budget":
        return 4 + len(getattr(table, "years", []))
    if kind == "target_matrix":
        return 3 + len(getattr(table, "categories", []))
    if kind == "product_list":
        return 5
    return 4


def latest_stars(product: Product) -> str:
    r = latest_rating(product)
    return str(r.stars) if r else ""


def latest_score(product: Product) -> str:
    r = latest_rating(product)
    return vnnum(r.score) if r and r.score is not None else ""


@jinja2.pass_context
def agency_names(context: Any, refs: Sequence[str]) -> str:
    """Agency references as the names the registry gives them, joined with commas."""
    lookup: Lookup = context["lookup"]
    return lookup.names(refs)


FILTERS: dict[str, Callable[..., Any]] = {
    "text": paragraph_text, "vnnum": vnnum, "long_date": long_date, "short_date": short_date, "lcfirst": lcfirst,
    "mdcell": mdcell, "column_field": column_field, "column_widths": column_widths, "runs": runs,
    "flatten_rows": flatten_rows, "is_wide": is_wide, "latest_stars": latest_stars, "latest_score": latest_score,
    "agency_names": agency_names, "chain_layout": chain_layout, "roman": roman, "header_grid": header_grid,
    "row_numbers": row_numbers,
}


# --------------------------------------------------------------------------- data the templates see


@dataclass
class Lookup:
    """Agency names for one document's province."""

    repo: Repository
    province: str | None

    def agency(self, ref: str) -> str:
        hits = self.repo.resolve_agency(ref, self.province)
        return hits[0].agency.name if hits else ref

    def names(self, refs: Sequence[str]) -> str:
        return ", ".join(self.agency(r) for r in refs)


@dataclass
class Head:
    """What the header and the back-references of a document print."""

    type: str
    number: str
    date_line: str
    issuer_lines: list[str]
    issuer_name: str
    authority: str
    date: date | None

    def reference(self, kind: str = "Kèm theo") -> str:
        """"(Kèm theo Kế hoạch số 192/KH-UBND ngày 17 tháng 8 năm 2018 của Ủy ban nhân dân thành phố Hải Phòng)"."""
        if not self.issuer_name:
            raise RenderError(f"the issuer of {self.type} {self.number} names no agency; a generated "
                              "back-reference needs its name: add it to the province's agencies.yaml")
        when = vn.format_date_long(self.date) if self.date else f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
        return f"({kind} {self.type} số {self.number} {when} của {self.issuer_name})"


def issuer_name(repo: Repository, ref: str, province: str | None) -> str:
    """The issuer's name from the registry ("" when the reference resolves to nothing)."""
    hits = repo.resolve_agency(ref, province)
    return hits[0].agency.name if hits else ""


def document_head(repo: Repository, doc: Document) -> Head:
    return Head(doc.type, doc.number, doc.date_line or vn.format_date_line(doc.place, doc.date),
                list(doc.issuer_lines), issuer_name(repo, doc.issuer, doc.province),
                doc.authority or " ".join(doc.issuer_lines), doc.date)


def issuance_head(repo: Repository, iss: Issuance, subject: Document | None, default_type: str) -> Head:
    """The header of a drafted document: its own particulars, else the subject's; never invented."""
    doc_type = iss.type or default_type
    issuer = iss.issuer or (subject.issuer if subject else None)
    province = iss.province or (subject.province if subject else None)
    place = iss.place or (subject.place if subject else None)
    lines = list(iss.issuer_lines or (subject.issuer_lines if subject else []))
    missing = [name for name, value in (("issuer", issuer), ("place", place), ("issuer_lines", lines)) if not value]
    if missing:
        raise RenderError(f"issuance {iss.id!r} needs {', '.join(missing)} (it has no subject document to take "
                          "them from)")
    assert issuer is not None and place is not None
    if iss.number:
        number = iss.number
    else:
        code = type_code_for(doc_type) or ""
        # The issuer's code is the subject's only when the subject's issuer issues this one too.
        own = parse_number(subject.number) if subject and subject.issuer == issuer else None
        body = own.issuer if own and own.issuer else BLANK
        number = f"{BLANK}/{code}-{body}"
    if iss.date_line:
        date_line = iss.date_line
    elif iss.date:
        date_line = vn.format_date_line(place, iss.date)
    else:
        year = iss.date.year if iss.date else ""
        date_line = f"{place}, ngày{BLANK}tháng{BLANK}năm {year}".rstrip()
    return Head(doc_type, number, date_line, lines, issuer_name(repo, issuer, province),
                iss.authority or " ".join(lines), iss.date)


def back_reference(head: Head, annex: Annex | AnnexFile, regenerate: bool) -> str:
    """The annex's "(Kèm theo ...)": as printed, unless asked to regenerate or absent."""
    if annex.back_reference and not regenerate:
        return annex.back_reference
    return head.reference()


# --------------------------------------------------------------------------- jobs


@dataclass
class Job:
    """One document to render: its template, what the template sees, and where it goes."""

    name: str  # output path below the output folder, without suffix
    templates: list[str]  # the first that exists renders it
    context: dict[str, Any]
    source: str  # the input file, for messages


@dataclass
class Request:
    """What ``ocopctl render`` was asked for."""

    paths: list[Path]
    formats: tuple[str, ...] = ("docx",)
    output: Path = Path("rendered")
    templates: Path | None = None
    as_: str | None = None  # document | approval
    recognitions: list[str] = field(default_factory=list)
    report: str | None = None
    as_of: date | None = None
    regenerate_references: bool = False
    allow_output_in_inputs: bool = False


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # files that could not be loaded
    skipped: int = 0  # context files left out because they do not load


def repository_roots(paths: Sequence[Path]) -> list[Path]:
    """What to load besides the inputs: the whole ``plans/`` folder an input lies in, so a
    document is rendered with its agencies, products and progress."""
    roots: list[Path] = []
    for p in paths:
        here = p.resolve()
        top = None
        for parent in (here, *here.parents):
            if parent.name == "plans":
                top = parent
        roots.append(top or (here if here.is_dir() else here.parent))
    return list(dict.fromkeys(roots))


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(request: Request, inputs: Sequence[Path]) -> None:
    out = request.output.resolve()
    if request.allow_output_in_inputs:
        return
    folders = [p for p in inputs if p.is_dir()]
    cwd_plans = Path("plans").resolve()
    if cwd_plans.is_dir():
        folders.append(cwd_plans)
    for folder in folders:
        if _under(out, folder):
            raise RenderError(f"the output folder {str(request.output)!r} is inside the input folder {str(folder)!r}; "
                              "choose another with -o (or pass --allow-output-in-inputs)")


def load(request: Request) -> tuple[Repository, list[LoadedFile], Result]:
    """Load the inputs and their repository; inputs that fail to load are problems."""
    for p in request.paths:
        if not p.exists():
            raise RenderError(f"{str(p)!r} does not exist")
    roots = repository_roots(request.paths)
    targets_found, problems = discover(request.paths)
    context_found, _ = discover(roots)
    target_set = {p.resolve() for p in targets_found}
    files: list[LoadedFile] = []
    result = Result(problems=list(problems))
    seen: set[Path] = set()
    targets: list[LoadedFile] = []
    for p in [*targets_found, *context_found]:
        key = p.resolve()
        if key in seen:
            continue
        seen.add(key)
        loaded = load_file(p)
        if key in target_set:
            targets.append(loaded)
            loaded.locate(*loaded.diagnostics)
            result.problems.extend(d for d in loaded.diagnostics if d.severity == Severity.ERROR)
        elif loaded.diagnostics:
            result.skipped += 1
        if loaded.model is not None:
            files.append(loaded)
    return Repository(files), targets, result


def plan_jobs(repo: Repository, targets: Sequence[LoadedFile], request: Request) -> list[Job]:
    """The documents the request renders, each with what its template sees."""
    target_ids = {id(f) for f in targets}
    jobs: list[Job] = []
    selectors = bool(request.recognitions or request.report)
    mode = request.as_ or ("none" if selectors else "document")
    for ref in repo.documents:
        if id(ref.file) not in target_ids:
            continue
        if mode == "document":
            jobs.append(document_job(repo, ref, request))
        elif mode == "approval":
            found = [(f, i) for f, i in repo.issuances if i.template == "approval" and i.subject == ref.document.id]
            if not found:
                raise RenderError(f"no approval decision data for {ref.document.id!r}: write a file with "
                                  f"'kind: issuance', 'template: approval', 'subject: {ref.document.id}', its id, "
                                  "number, date and signer (see README, ocopctl render)")
            jobs.extend(issuance_job(repo, f, i, request) for f, i in found)
    if mode == "document":
        for f, iss in repo.issuances:
            if id(f) in target_ids:
                jobs.append(issuance_job(repo, f, iss, request))
    for number in request.recognitions:
        key = parse_number(number).key
        found = [(f, i) for f, i in repo.issuances
                 if i.template == "recognition" and i.number and parse_number(i.number).key == key]
        if not found:
            raise RenderError(f"no issuance for the recognition decision {number!r}: write a file with "
                              f"'kind: issuance', 'template: recognition', 'number: {number}', its id, date, "
                              "issuer_lines, place and signer (see README, ocopctl render)")
        jobs.extend(issuance_job(repo, f, i, request) for f, i in found)
    if request.report:
        window = parse_window(request.report)
        found = [(f, i) for f, i in repo.issuances
                 if i.template == "progress_report" and i.period and parse_window(i.period) == window]
        if not found:
            raise RenderError(f"no issuance for the progress report of {request.report!r}: write a file with "
                              f"'kind: issuance', 'template: progress_report', 'period: {request.report}', its id, "
                              "issuer, issuer_lines, place and signer (see README, ocopctl render)")
        jobs.extend(issuance_job(repo, f, i, request) for f, i in found)
    unique: dict[str, Job] = {}
    for job in jobs:
        seen = unique.setdefault(job.name, job)
        if seen.source != job.source:
            raise RenderError(f"{seen.source} and {job.source} would both be written to {job.name}: "
                              "give one of them another id")
    return list(unique.values())


def _type_template(doc_type: str) -> str:
    return "document." + re.sub(r"[^a-z0-9]+", "-", vn.fold(doc_type)).strip("-") + ".j2"


def document_job(repo: Repository, ref: DocumentRef, request: Request) -> Job:
    doc = ref.document
    head = document_head(repo, doc)
    annexes = [{"annex": a.annex, "back_reference": back_reference(head, a.annex, request.regenerate_references)}
               for a in ref.annexes]
    return Job(_output_name(doc.id), [_type_template(doc.type), "document.j2"], {
        "kind": "document", "doc": doc, "head": head, "annexes": annexes,
        "lookup": Lookup(repo, doc.province), "decision": doc.type == "Quyết định",
    }, ref.file.display)


def issuance_job(repo: Repository, f: LoadedFile, iss: Issuance, request: Request) -> Job:
    subject_ref: DocumentRef | None = None
    if iss.subject:
        found = repo.documents_by_id.get(iss.subject)
        if not found:
            raise RenderError(f"{f.display}: issuance {iss.id!r} names the subject {iss.subject!r}, "
                              "which is no document id in the repository")
        subject_ref = found[0]
    subject = subject_ref.document if subject_ref else None
    head = issuance_head(repo, iss, subject, DEFAULT_TYPES.get(iss.template, "Quyết định"))
    context: dict[str, Any] = {
        "kind": iss.template, "issuance": iss, "head": head, "subject": subject,
        "lookup": Lookup(repo, iss.province or (subject.province if subject else None)),
        "signer": iss.signer or Signer(), "decision": head.type == "Quyết định",
    }
    if subject_ref is not None and subject is not None:
        subject_head = document_head(repo, subject)
        context["subject_head"] = subject_head
        context["subject_annexes"] = [
            {"annex": a.annex, "back_reference": back_reference(subject_head, a.annex, request.regenerate_references)}
            for a in subject_ref.annexes]
    if iss.template == "recognition":
        context.update(recognition_data(repo, iss))
    elif iss.template == "progress_report":
        context.update(progress_data(repo, iss, request))
    return Job(_output_name(iss.id), [f"{iss.template}.j2"], context, f.display)


def _output_name(ident: str) -> str:
    parts = [p for p in ident.split("/") if p not in {"", ".", ".."}]
    return "/".join(parts) or "document"


@dataclass
class Recognised:
    product: Product
    rating: Rating
    address: str
    producer: str


def recognition_data(repo: Repository, iss: Issuance) -> dict[str, Any]:
    """Products whose rating carries the decision's number, grouped by stars (5 first)."""
    if not iss.number:
        raise RenderError(f"issuance {iss.id!r}: a recognition decision is selected by its number; add 'number'")
    key = parse_number(iss.number).key
    found: list[Recognised] = []
    for p, _f, _loc in repo.iter_products():
        for r in p.ratings:
            if r.decision and parse_number(r.decision).key == key:
                address = ", ".join(x for x in (p.commune, p.district, p.province) if x)
                found.append(Recognised(p, r, address, p.producer.name if p.producer else ""))
    if not found:
        raise RenderError(f"no product in the repository has a rating with decision {iss.number!r}")
    dates = sorted({x.rating.date for x in found})
    when = iss.date or (dates[0] if len(dates) == 1 else None)
    if when is None:
        raise RenderError(f"the ratings of decision {iss.number!r} carry different dates "
                          f"({', '.join(vn.format_date_vn(d) for d in dates)}); give the decision's 'date'")
    groups = []
    for stars in sorted({x.rating.stars for x in found}, reverse=True):
        rows = sorted((x for x in found if x.rating.stars == stars),
                      key=lambda x: (-(x.rating.score or 0), x.product.name))
        groups.append({"stars": stars, "rows": rows})
    levels = sorted({x.rating.level for x in found})
    reg = regulation_on(when)
    signed = REGULATIONS.get(reg.number)
    return {
        "groups": groups, "count": len(found), "decision_date": when, "expiry": certificate_expiry(when),
        "level": levels[0] if len(levels) == 1 else ", ".join(levels), "year": when.year,
        "regulation": {"number": reg.number, "date": signed[0] if signed else None,
                       "subject": signed[1] if signed else None},
    }


def parse_window(text: str) -> Window:
    s = text.strip()
    try:
        if re.fullmatch(r"\d{4}", s):
            return parse_year(s)
        if re.match(r"(?i)^(h[12]\b|\d{4}-h|6 tháng)", s):
            return parse_half(s)
        return parse_quarter(s)
    except ReportError as exc:
        raise RenderError(str(exc).replace("--quarter ", "period ").replace("--half ", "period ")) from None


def progress_data(repo: Repository, iss: Issuance, request: Request) -> dict[str, Any]:
    if not iss.period:
        raise RenderError(f"issuance {iss.id!r}: a progress report needs its 'period' (Q3-2018, H1-2019, 2019)")
    window = parse_window(iss.period)
    as_of = request.as_of or iss.as_of or iss.date
    if as_of is None:
        raise RenderError(f"issuance {iss.id!r}: give the report's 'as_of' or 'date' (or --as-of)")
    if iss.subject:
        # The report on one plan: that plan and the progress on it, with every agency registry.
        repo = Repository([f for f in repo.files
                           if not isinstance(f.model, Document | ProgressFile)
                           or (isinstance(f.model, Document) and f.model.id == iss.subject)
                           or (isinstance(f.model, ProgressFile) and f.model.document == iss.subject)])
    if not repo.progress_files:
        raise RenderError("no progress has been reported" + (f" on {iss.subject!r}" if iss.subject else "")
                          + "; a progress report is drafted from the agencies' progress files (kind: progress)")
    report: Report = build_report(repo, window, as_of)
    return {"report": report, "window": window, "sections": SECTIONS, "as_of": as_of}


# --------------------------------------------------------------------------- rendering


def render_job(job: Job, fmt: str, user_dir: Path | None = None) -> bytes:
    """One document in one format, as the bytes of the file."""
    env = environment(fmt, str(user_dir.resolve()) if user_dir else None)
    try:
        body = env.select_template(job.templates).render(job.context)
        page = env.get_template(f"page.{fmt}.j2").render(job.context, body=Markup(body))
    except jinja2.TemplateNotFound as exc:
        names = " or ".join(repr(n) for n in getattr(exc, "templates", [exc.name]))
        raise RenderError(f"no template {names} for {job.source} in the templates folders") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{_where(exc.filename or exc.name or '?', exc.lineno)}: {exc.message}") from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        place = _template_frame(exc)
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        raise RenderError(f"{place}: {message} (rendering {job.source} as {fmt})") from None
    if fmt == "docx":
        try:
            return build_docx(page)
        except MarkupError as exc:
            raise RenderError(f"{job.templates[-1]}: {exc} (rendering {job.source} as docx)") from None
    if fmt == "md":
        page = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", page)).strip().removeprefix("---").lstrip() + "\n"
    return page.encode("utf-8")


def _where(filename: str, line: int | None) -> str:
    path = Path(filename)
    try:
        shown = str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return f"{shown}:{line}" if line else shown


def _template_frame(exc: BaseException) -> str:
    """The innermost template line the error passed through."""
    tb = exc.__traceback__
    where = "template"
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or "/templates/" in name:
            where = _where(name, tb.tb_lineno)
        tb = tb.tb_next
    return where


def render_outputs(request: Request) -> tuple[Result, list[tuple[Path, bytes]]]:
    """Everything the request asks for, rendered in memory: (output path, bytes) pairs."""
    bad = [f for f in request.formats if f not in FORMATS]
    if bad:
        raise RenderError(f"unknown format {bad[0]!r}; choose docx, html, md or all")
    if request.templates is not None and not request.templates.is_dir():
        raise RenderError(f"--templates {str(request.templates)!r} is not a folder")
    repo, targets, result = load(request)
    if result.problems:
        return result, []
    inputs = [p.resolve() for p in (*request.paths, *repository_roots(request.paths))]
    check_output_folder(request, inputs)
    jobs = plan_jobs(repo, targets, request)
    if not jobs:
        raise RenderError("nothing to render: no document (kind: document) or issuance under "
                          + ", ".join(str(p) for p in request.paths))
    protected = {f.path.resolve() for f in repo.files} | {p.resolve() for p in request.paths if p.is_file()}
    outputs: list[tuple[Path, bytes]] = []
    for job in jobs:
        for fmt in request.formats:
            target = request.output / (job.name + SUFFIXES[fmt])
            if target.resolve() in protected:
                raise RenderError(f"{target} is an input file; ocopctl never overwrites its inputs")
            outputs.append((target, render_job(job, fmt, request.templates)))
    return result, outputs


def render(request: Request) -> Result:
    """Render what the request asks for; files are written only once every one has rendered,
    each through a temporary file, so a failure leaves no partial output."""
    result, outputs = render_outputs(request)
    for target, data in outputs:
        write_atomic(target, data)
        result.written.append(target)
    return result


def iter_formats(values: Iterable[str]) -> Iterator[str]:
    """``--to`` values, with ``all`` for every format, each once."""
    seen: set[str] = set()
    for v in values:
        for fmt in FORMATS if v == "all" else (v,):
            if fmt not in seen:
                seen.add(fmt)
                yield fmt
