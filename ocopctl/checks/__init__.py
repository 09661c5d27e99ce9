"""The check registry: every diagnostic code, its name, severity and meaning.

A check is a small function that takes the loaded repository and a context and
yields diagnostics. Codes are grouped by family:

* OC0xx  loading, schema and the document's own number and dates
* OC1xx  identities, references, annex back-references and citations
* OC2xx  ownership of tasks
* OC3xx  timeframes, deadlines and progress
* OC4xx  budget totals and percentages
* OC5xx  products and their ratings

Load-time codes (raised by the loader, not by a check function) are
registered too, so that every code has documentation and test cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ocopctl.checkdocs import explanation, first_paragraph
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg
from ocopctl.limits import PERIOD_YEARS, YEAR_MAX, YEAR_MIN
from ocopctl.loader import LoadedFile
from ocopctl.repository import Repository


@dataclass(frozen=True)
class Context:
    """What checks may know beyond the files. Time is an input: checks never read the clock."""

    today: date | None = None
    expiry_window_days: int = 90  # warn about certificates that lapse this soon


CheckFunc = Callable[[Repository, Context], Iterator[Diagnostic]]


@dataclass(frozen=True)
class CheckInfo:
    code: str
    name: str
    severity: Severity
    summary: str  # the explanation in English, as SARIF and ``--lang en`` show it
    func: CheckFunc | None = None
    doc: str = ""  # its source when values are placed in it: ``summary`` with {placeholders}
    params: tuple[tuple[str, str], ...] = ()  # the values placed, by name

    def explain(self, lang: str | None = None) -> str:
        """The whole explanation in ``lang`` (the language in force by default); examples as written."""
        return explanation(self.doc or self.summary, dict(self.params), lang)

    def headline(self, lang: str | None = None) -> str:
        """The first paragraph on one line, in ``lang``: what ``ocopctl checks`` lists."""
        return first_paragraph(self.doc or self.summary, dict(self.params), lang)


CHECKS: dict[str, CheckInfo] = {}


def register_load_code(code: str, name: str, severity: Severity, summary: str, **params: object) -> None:
    """Register a code the loader raises. ``summary`` is a literal (``ocopctl.i18n_extract`` puts it in
    the catalog); values such as limits are placed in it by name: ``"... {limit} ...", limit=...``."""
    values = tuple((k, str(v)) for k, v in params.items())
    english = summary.format(**params) if params else summary
    CHECKS[code] = CheckInfo(code, name, severity, english, None, summary if params else "", values)


def check(*codes: tuple[str, str, Severity]) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function for one or more ``(code, name, severity)``."""

    def wrap(func: CheckFunc) -> CheckFunc:
        summary = (func.__doc__ or "").strip()
        for i, (code, name, severity) in enumerate(codes):
            if code in CHECKS:
                raise ValueError(f"check code {code} registered twice")
            CHECKS[code] = CheckInfo(code, name, severity, summary, func if i == 0 else None)
        return func

    return wrap


def diag(code: str, file: LoadedFile, loc: Loc, message: Msg, hint: Msg | None = None,
         key: bool = False) -> Diagnostic:
    """A diagnostic with the severity its code is registered with."""
    return Diagnostic(code, CHECKS[code].severity, file.display, message, loc=loc, hint=hint, key=key)


register_load_code("OC001", "yaml-syntax", Severity.ERROR, "The file is not valid YAML.")
register_load_code("OC002", "unreadable-file", Severity.ERROR,
                   "The file cannot be read: not UTF-8, not a regular file, over the size limit, or not permitted.")
register_load_code("OC003", "empty-file", Severity.ERROR, "The file is empty or is not a mapping of fields.")
register_load_code("OC004", "no-plan-files", Severity.ERROR, "A path does not exist or holds no YAML files.")
register_load_code("OC005", "schema", Severity.ERROR, "A field is missing or has a value of the wrong type.")
register_load_code("OC006", "unknown-key", Severity.ERROR, "A key the file kind does not have (typo?).")
register_load_code("OC007", "unknown-kind", Severity.ERROR, "The file has no 'kind' or an unknown one.")
register_load_code("OC008", "duplicate-key", Severity.ERROR, "A mapping repeats a key; YAML would keep only the last.")
register_load_code("OC009", "flow-decimal-comma", Severity.ERROR,
                   "A Vietnamese decimal such as 75,4 inside a [...] list, which YAML splits in two.")
register_load_code("OC013", "impossible-date", Severity.ERROR, "A date that does not exist, such as 31/02/2018.")
register_load_code("OC016", "date-out-of-range", Severity.ERROR,
                   "A date or period outside the years ocopctl reads ({year_min}–{year_max}), such as "
                   "9999-12-31, or a period longer than {period_years} years.",
                   year_min=YEAR_MIN.value, year_max=YEAR_MAX.value, period_years=PERIOD_YEARS.value)
register_load_code("OC017", "yaml-too-deep", Severity.ERROR,
                   "Mappings and lists nest deeper than the limit YAML_DEPTH (an unclosed bracket, or a bomb).")
register_load_code("OC018", "yaml-alias-bomb", Severity.ERROR,
                   "Aliases (*name) expand to more values than the limit YAML_ALIAS_NODES, or to an endless value.")
register_load_code("OC019", "control-character", Severity.ERROR,
                   "Text holds a control character (often pasted from a PDF) that documents and spreadsheets cannot "
                   "store; the file is not read.")
register_load_code("OC020", "suppression-without-reason", Severity.WARNING,
                   "An inline suppression (# ocopctl: ignore[CODE]) that does not say why.")
register_load_code("OC021", "unused-suppression", Severity.WARNING,
                   "An inline suppression that suppresses nothing: the finding is gone or on another line.")
register_load_code("OC022", "suppression-malformed", Severity.WARNING,
                   "An inline suppression that cannot be read, names an unknown code or one that cannot be "
                   "suppressed, or an ignore-file that is not at the top of the file.")


def all_checks() -> list[CheckInfo]:
    # Importing the modules registers their checks.
    from ocopctl.checks import (  # noqa: F401
        budgets,
        chronology,
        citations,
        deadlines,
        decisions,
        drafts,
        flowlists,
        funding,
        horizons,
        identity,
        numbers,
        ownership,
        products,
        recognition_counts,
        references,
        targets,
    )

    return sorted(CHECKS.values(), key=lambda c: c.code)


def run_checks(repo: Repository, ctx: Context,
               progress: Callable[[int, int], None] | None = None) -> list[Diagnostic]:
    """Every registered check over the repository; ``progress(done, total)`` after each."""
    out: list[Diagnostic] = []
    runnable = [info.func for info in all_checks() if info.func is not None]
    for done, check in enumerate(runnable, 1):
        out.extend(check(repo, ctx))
        if progress is not None:
            progress(done, len(runnable))
    return out
