"""What ``ocopctl render`` renders: the jobs a request asks for, each with the plain data its
template sees, and the rendering of each to the bytes of a file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ocopctl import vn
from ocopctl.decisions import describe, issuance_district, issuance_province, number_key, province_of, rated_under
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.docnumbers import parse_number, type_code_for
from ocopctl.docxbuild import MarkupError, build_docx
from ocopctl.i18n import _
from ocopctl.loader import LoadedFile, discover, load_file
from ocopctl.models import Agency, Annex, AnnexFile, Document, Issuance, Product, ProgressFile, Rating, Signer
from ocopctl.output import write_atomic
from ocopctl.products import address
from ocopctl.ratings import certificate_expiry, regulation_on
from ocopctl.regulations import REGULATIONS, recognition_bases
from ocopctl.render.context import BLANK, Head, RenderError, Sections, freeze, frozen_view
from ocopctl.render.sandbox import FORMATS, render_page
from ocopctl.reports import SECTIONS, Report, ReportError, Window, build_report, parse_half, parse_quarter, parse_year
from ocopctl.repository import DocumentRef, Repository

SUFFIXES = {"docx": ".docx", "html": ".html", "md": ".md"}
# What an issuance drafts when it does not say its own type.
DEFAULT_TYPES = {"progress_report": "Báo cáo"}


# --------------------------------------------------------------------------- heads and names


@dataclass
class Lookup:
    """Agency names for one document's province (for the ``agency_names`` filter; never in a context)."""

    repo: Repository
    province: str | None

    def agency(self, ref: str) -> str:
        hits = self.repo.resolve_agency(ref, self.province)
        return hits[0].agency.name if hits else ref

    def names(self, refs: Sequence[str]) -> str:
        return ", ".join(self.agency(r) for r in refs)


def issuer_name(repo: Repository, ref: str, province: str | None) -> str:
    """The issuer's name from the registry ("" when the reference resolves to nothing)."""
    hits = repo.resolve_agency(ref, province)
    return hits[0].agency.name if hits else ""


def issuer_code(repo: Repository, ref: str, province: str | None) -> str | None:
    """The abbreviation the issuer puts after the type in its numbers (SNN in 123/BC-SNN): its registry's
    ``number_code``, else the one its encoded documents print, when they agree; else unknown."""
    hits = repo.resolve_agency(ref, province)
    if len(hits) != 1:
        return None
    agency = hits[0].agency
    if isinstance(agency, Agency) and agency.number_code:  # a group (UBND cấp huyện) numbers nothing itself
        return agency.number_code
    seen = {parsed.issuer for d in repo.documents
            if d.document.number and _same_agency(repo, d.document.issuer, d.document.province, agency.id)
            for parsed in [parse_number(d.document.number)] if parsed.issuer}
    return seen.pop() if len(seen) == 1 else None


def _same_agency(repo: Repository, ref: str, province: str | None, agency_id: str) -> bool:
    hits = repo.resolve_agency(ref, province)
    return len(hits) == 1 and hits[0].agency.id == agency_id


def _whole(lines: Sequence[str], name: str) -> bool:
    """Whether the header lines, read together, are the issuing body's name (abbreviations allowed)."""
    return bool(name) and vn.name_key(" ".join(lines)) == vn.name_key(name)


def document_head(repo: Repository, doc: Document) -> Head:
    name = issuer_name(repo, doc.issuer, doc.province)
    return Head(doc.type, doc.number, doc.date_line or vn.format_date_line(doc.place, doc.date),
                tuple(doc.issuer_lines), name, doc.authority or " ".join(doc.issuer_lines), doc.date,
                _whole(doc.issuer_lines, name))


def issuance_head(repo: Repository, iss: Issuance, subject: Document | None, default_type: str) -> Head:
    """The header of a drafted document: its own particulars, else the subject's; never invented."""
    doc_type = iss.type or default_type
    issuer = iss.issuer or (subject.issuer if subject else None)
    province = iss.province or (subject.province if subject else None)
    place = iss.place or (subject.place if subject else None)
    lines = list(iss.issuer_lines or (subject.issuer_lines if subject else []))
    missing = [name for name, value in (("issuer", issuer), ("place", place), ("issuer_lines", lines)) if not value]
    if missing:
        raise RenderError(_("issuance {id} needs {fields} (it has no subject document to take them from)").format(
            id=repr(iss.id), fields=", ".join(missing)))
    assert issuer is not None and place is not None
    if iss.number:
        number = iss.number
    else:
        code = type_code_for(doc_type) or ""
        number = f"{BLANK}/{code}-{issuer_code(repo, issuer, province) or BLANK}"
    if iss.date_line:
        date_line = iss.date_line
    elif iss.date:
        date_line = vn.format_date_line(place, iss.date)
    else:
        year = iss.date.year if iss.date else ""
        date_line = f"{place}, ngày{BLANK}tháng{BLANK}năm {year}".rstrip()
    name = issuer_name(repo, issuer, province)
    return Head(doc_type, number, date_line, tuple(lines), name, iss.authority or " ".join(lines), iss.date,
                _whole(lines, name))


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
    context: Mapping[str, Any]  # frozen: plain data only (ocopctl.render.context)
    source: str  # the input file, for messages
    agency_names: Callable[[str], str]  # agency reference -> name, for the agency_names filter


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
            raise RenderError(_("the output folder {output} is inside the input folder {folder}; choose another "
                                "with -o (or pass --allow-output-in-inputs)").format(
                output=repr(str(request.output)), folder=repr(str(folder))))


def load(request: Request) -> tuple[Repository, list[LoadedFile], Result]:
    """Load the inputs and their repository; inputs that fail to load are problems."""
    for p in request.paths:
        if not p.exists():
            raise RenderError(_("{path} does not exist").format(path=repr(str(p))))
    roots = repository_roots(request.paths)
    targets_found, problems = discover(request.paths)
    context_found, _problems = discover(roots)
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
                raise RenderError(_("no approval decision data for {id}: write a file with 'kind: issuance', "
                                    "'template: approval', 'subject: {subject}', its id, number, date and signer "
                                    "(see README, ocopctl render)").format(id=repr(ref.document.id),
                                                                          subject=ref.document.id))
            jobs.extend(issuance_job(repo, f, i, request) for f, i in found)
    if mode == "document":
        for f, iss in repo.issuances:
            if id(f) in target_ids:
                jobs.append(issuance_job(repo, f, iss, request))
    for number in request.recognitions:
        found = recognition_issuances(repo, number)
        if not found:
            raise RenderError(_("no issuance for the recognition decision {number}: write a file with 'kind: "
                                "issuance', 'template: recognition', 'number: {text}', its id, date, issuer_lines, "
                                "place and signer (see README, ocopctl render)").format(number=repr(number),
                                                                                       text=number))
        jobs.extend(issuance_job(repo, f, i, request) for f, i in found)
    if request.report:
        window = parse_window(request.report)
        found = [(f, i) for f, i in repo.issuances
                 if i.template == "progress_report" and i.period and parse_window(i.period) == window]
        if not found:
            raise RenderError(_("no issuance for the progress report of {period}: write a file with 'kind: "
                                "issuance', 'template: progress_report', 'period: {text}', its id, issuer, "
                                "issuer_lines, place and signer (see README, ocopctl render)").format(
                period=repr(request.report), text=request.report))
        jobs.extend(issuance_job(repo, f, i, request) for f, i in found)
    unique: dict[str, Job] = {}
    for job in jobs:
        seen = unique.setdefault(job.name, job)
        if seen.source != job.source:
            raise RenderError(_("{first} and {second} would both be written to {name}: give one of them another "
                                "id").format(first=seen.source, second=job.source, name=job.name))
    return list(unique.values())


def _type_template(doc_type: str) -> str:
    return "document." + re.sub(r"[^a-z0-9]+", "-", vn.fold(doc_type)).strip("-") + ".j2"


def document_job(repo: Repository, ref: DocumentRef, request: Request) -> Job:
    doc = ref.document
    head = document_head(repo, doc)
    annexes = [{"annex": a.annex, "back_reference": back_reference(head, a.annex, request.regenerate_references)}
               for a in ref.annexes]
    return Job(_output_name(doc.id), [_type_template(doc.type), "document.j2"], freeze({
        "kind": "document", "doc": doc, "head": head, "annexes": annexes, "decision": doc.type == "Quyết định",
    }), ref.file.display, Lookup(repo, doc.province).agency)


def issuance_job(repo: Repository, f: LoadedFile, iss: Issuance, request: Request) -> Job:
    subject_ref: DocumentRef | None = None
    if iss.subject:
        found = repo.documents_by_id.get(iss.subject)
        if not found:
            raise RenderError(f"{f.display}: " + _("issuance {id} names the subject {subject}, which is no document "
                                                   "id in the repository").format(id=repr(iss.id),
                                                                                  subject=repr(iss.subject)))
        subject_ref = found[0]
    subject = subject_ref.document if subject_ref else None
    head = issuance_head(repo, iss, subject, DEFAULT_TYPES.get(iss.template, "Quyết định"))
    context: dict[str, Any] = {
        "kind": iss.template, "issuance": iss, "head": head, "subject": subject,
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
    lookup = Lookup(repo, iss.province or (subject.province if subject else None))
    return Job(_output_name(iss.id), [f"{iss.template}.j2"], freeze(context), f.display, lookup.agency)


def _output_name(ident: str) -> str:
    parts = [p for p in ident.split("/") if p not in {"", ".", ".."}]
    return "/".join(parts) or "document"


@dataclass
class Recognised:
    product: Product
    rating: Rating
    address: str
    producer: str


def recognition_issuances(repo: Repository, selector: str) -> list[tuple[LoadedFile, Issuance]]:
    """The recognition issuance ``--recognition`` names: by its id, or by its number when one
    decision of the repository carries it (numbers restart every year in every province)."""
    recognitions = [(f, i) for f, i in repo.issuances if i.template == "recognition"]
    by_id = [(f, i) for f, i in recognitions if i.id == selector]
    if by_id:
        return by_id
    try:
        key = number_key(selector)
    except ValueError:
        return []
    found = [(f, i) for f, i in recognitions if i.number and number_key(i.number) == key]
    if len(found) > 1:
        named = "; ".join(f"{describe(i.number or '', issuance_province(repo, i), i.date.year if i.date else None)}"
                          f": {i.id}" for _f, i in found)
        raise RenderError(_("{number!r} is the number of {n} recognition decisions ({named}): decision numbers "
                            "restart every year in every province; pass the issuance's id to --recognition")
                          .format(number=selector, n=len(found), named=named))
    return found


def recognition_data(repo: Repository, iss: Issuance) -> dict[str, Any]:
    """Products whose rating carries the decision's number, in the decision's province and in the year of
    its date, grouped by stars (5 first), each group in the order the repository lists them (the order of the
    council's list), never re-sorted."""
    if not iss.number:
        raise RenderError(_("issuance {id}: a recognition decision is selected by its number; add 'number'").format(
            id=repr(iss.id)))
    province = issuance_province(repo, iss)
    if province is None:
        raise RenderError(_("issuance {id!r}: give the decision's 'province' (or an 'issuer' from an agencies file): "
                            "decision numbers restart in every province").format(id=iss.id))
    key, year, district = number_key(iss.number), iss.date.year if iss.date else None, issuance_district(repo, iss)
    found: list[Recognised] = []
    for x in rated_under(repo):
        if (x.key.number == key and x.key.province == province_of(province) and x.key.district == district
                and year in (None, x.key.year)):
            p, r = x.product, x.rating
            found.append(Recognised(p, r, address(p), p.producer.name if p.producer else ""))
    if not found:
        raise RenderError(_("no product of {province} has a rating with decision {decision}")
                          .format(province=province, decision=describe(iss.number, None, year)))
    years = sorted({x.rating.date.year for x in found})
    if len(years) > 1:
        raise RenderError(_("the ratings with decision {number!r} in {province} are of the years {years}: decision "
                            "numbers restart every year; give the decision's 'date'")
                          .format(number=iss.number, province=province, years=", ".join(map(str, years))))
    dates = sorted({x.rating.date for x in found})
    when = iss.date or (dates[0] if len(dates) == 1 else None)
    if when is None:
        raise RenderError(_("the ratings of decision {number} carry different dates ({dates}); give the decision's "
                            "'date'").format(number=repr(iss.number),
                                             dates=", ".join(vn.format_date_vn(d) for d in dates)))
    groups = []
    for stars in sorted({x.rating.stars for x in found}, reverse=True):
        groups.append({"stars": stars, "rows": [x for x in found if x.rating.stars == stars]})
    levels = sorted({x.rating.level for x in found})
    rounds = {x.rating.round for x in found}
    round_years = {x.rating.round_year or when.year for x in found}
    reg = regulation_on(when)
    signed = REGULATIONS.get(reg.number)
    return {
        "groups": groups, "count": len(found), "decision_date": when, "expiry": vn.like(when, certificate_expiry(when)),
        "expiry_text": _until(vn.like(when, certificate_expiry(when))),
        "level": levels[0] if len(levels) == 1 else ", ".join(levels),
        # the round's year, which a January decision on last year's round does not share
        "year": round_years.pop() if len(round_years) == 1 else when.year,
        "round": rounds.pop() if len(rounds) == 1 else None,
        "regulation": {"number": reg.number, "date": signed[0] if signed else None,
                       "subject": signed[1] if signed else None},
        "default_bases": recognition_bases(when),
    }


def _until(day: date) -> str:
    """"ngày 20/05/2028", or as known when the decision's day is not: "tháng 11/2023", "năm 2023"."""
    return vn.format_date_vn(day) if vn.is_partial(day) else f"ngày {vn.format_date_short(day)}"


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
        raise RenderError(_("issuance {id}: a progress report needs its 'period' (Q3-2018, H1-2019, 2019)").format(
            id=repr(iss.id)))
    window = parse_window(iss.period)
    as_of = request.as_of or iss.as_of or iss.date
    if as_of is None:
        raise RenderError(_("issuance {id}: give the report's 'as_of' or 'date' (or --as-of)").format(id=repr(iss.id)))
    if iss.subject:
        # The report on one plan: that plan and the progress on it, with every agency registry.
        repo = Repository([f for f in repo.files
                           if not isinstance(f.model, Document | ProgressFile)
                           or (isinstance(f.model, Document) and f.model.id == iss.subject)
                           or (isinstance(f.model, ProgressFile) and f.model.document == iss.subject)])
    if not repo.progress_files:
        raise RenderError(_("no progress has been reported on {subject}; a progress report is drafted from the "
                             "agencies' progress files (kind: progress)").format(subject=repr(iss.subject))
                           if iss.subject else
                           _("no progress has been reported; a progress report is drafted from the agencies' progress "
                             "files (kind: progress)"))
    report: Report = build_report(repo, window, as_of)
    fields = {name: getattr(report, name) for name in ("window", "as_of", "owner", "rows", "agencies", "documents",
                                                       "sample_data")}
    view = frozen_view("Report", **fields, section=Sections({name: freeze(report.section(name)) for name in SECTIONS}))
    return {"report": view, "window": window, "sections": SECTIONS, "as_of": as_of}


# --------------------------------------------------------------------------- rendering


def render_job(job: Job, fmt: str, user_dir: Path | None = None) -> bytes:
    """One document in one format, as the bytes of the file."""
    page = render_page(job.templates, job.context, fmt, user_dir, job.agency_names, job.source)
    if fmt == "docx":
        try:
            return build_docx(page)
        except MarkupError as exc:
            raise RenderError(f"{job.templates[-1]}: {exc} (rendering {job.source} as docx)") from None
    if fmt == "md":
        lines = "\n".join(line.rstrip(" \t") for line in page.split("\n"))
        page = re.sub(r"\n{3,}", "\n\n", lines).strip().removeprefix("---").lstrip() + "\n"
    return page.encode("utf-8")


def render_outputs(request: Request) -> tuple[Result, list[tuple[Path, bytes]]]:
    """Everything the request asks for, rendered in memory: (output path, bytes) pairs."""
    bad = [f for f in request.formats if f not in FORMATS]
    if bad:
        raise RenderError(_("unknown format {format}; choose docx, html, md or all").format(format=repr(bad[0])))
    if request.templates is not None and not request.templates.is_dir():
        raise RenderError(_("--templates {path} is not a folder").format(path=repr(str(request.templates))))
    repo, targets, result = load(request)
    if result.problems:
        return result, []
    inputs = [p.resolve() for p in (*request.paths, *repository_roots(request.paths))]
    check_output_folder(request, inputs)
    jobs = plan_jobs(repo, targets, request)
    if not jobs:
        raise RenderError(_("nothing to render: no document (kind: document) or issuance under {paths}").format(
            paths=", ".join(str(p) for p in request.paths)))
    protected = {f.path.resolve() for f in repo.files} | {p.resolve() for p in request.paths if p.is_file()}
    outputs: list[tuple[Path, bytes]] = []
    for job in jobs:
        for fmt in request.formats:
            target = request.output / (job.name + SUFFIXES[fmt])
            if target.resolve() in protected:
                raise RenderError(_("{path} is an input file; ocopctl never overwrites its inputs").format(path=target))
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
