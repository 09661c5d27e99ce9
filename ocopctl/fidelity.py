"""How much of a published text a rendering reproduces.

Both texts are normalised (Unicode NFC, lower case, markup dropped: HTML tags,
Markdown emphasis and heading markers, table separators ``|`` and tabs;
whitespace collapsed). The score of a rendering is the share of the seed's
non-empty lines that occur, as substrings, in the rendered text.

Seed 003 ends with the publishing website's list of related documents, which is
not part of the decision: it starts at the first line that begins ``- 1 `` (a
numbered list item without a period) and is left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ocopctl.docxbuild import docx_text
from ocopctl.render import FORMATS, Request, render_outputs

# seed file prefix -> the encoded document it was published as
SEEDS = {
    "000": "plans/hai-phong/2018-192-kh-ubnd.yaml",
    "001": "plans/hoa-binh/2018-125-kh-ubnd.yaml",
    "002": "plans/ha-noi/2022-145-kh-ubnd.yaml",
    "003": "plans/quang-ninh/2017-2366-qd-ubnd.yaml",
}
THRESHOLD = 0.95
_RELATED_LIST = re.compile(r"^- 1 \S")
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|u|span|sup|sub)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SEPARATOR_LINE = re.compile(r"^[\s|:\-]*$")


def normalise(text: str) -> str:
    """One line of text as compared: NFC, lower case, no markup, single spaces."""
    s = unicodedata.normalize("NFC", text).lower()
    s = _TAG.sub(" ", _INLINE_TAG.sub("", s))
    s = re.sub(r"^\s*#+\s", " ", s)
    s = s.replace("\\|", " ").replace("|", " ").replace("\t", " ").replace("*", "")
    return " ".join(s.split())


def seed_lines(text: str) -> list[str]:
    """The seed's lines that count: non-empty once normalised, the website's tail left out."""
    out = []
    for raw in text.splitlines():
        if _RELATED_LIST.match(raw.strip()):
            break
        line = normalise(raw)
        if line:
            out.append(line)
    return out


class _HTMLText(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "table",
                         "hr", "thead", "tbody"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "title"}:
            self.skip += 1
        elif tag in {"td", "th"}:
            self.parts.append("\t")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "title"}:
            self.skip -= 1
        elif tag in self._BLOCKS or tag in {"td", "th"}:
            self.parts.append("\n" if tag in self._BLOCKS else "\t")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def rendered_text(data: bytes, fmt: str) -> str:
    """The text a reader finds in a rendered file."""
    if fmt == "docx":
        return docx_text(data)
    text = data.decode("utf-8")
    return html_text(text) if fmt == "html" else text


@dataclass
class Score:
    found: int
    total: int
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 0.0


def score(seed: str, rendered: str) -> Score:
    """The share of the seed's lines found in the rendered text."""
    lines = seed_lines(seed)
    haystack = " ".join(normalise(line) for line in rendered.splitlines() if not _SEPARATOR_LINE.match(line))
    haystack = " " + " ".join(haystack.split()) + " "
    missing = [line for line in lines if line not in haystack]
    return Score(len(lines) - len(missing), len(lines), missing)


def seed_file(seeds: Path, prefix: str) -> Path:
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    if not found:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {seeds}")
    return found[0]


def measure(prefix: str, seeds: Path, root: Path) -> dict[str, Score]:
    """The score of each format for one seed. A seed whose encoded document is missing or does
    not load is an error, never a skip."""
    document = root / SEEDS[prefix]
    if not document.is_file():
        raise FileNotFoundError(f"seed {prefix}: the encoded document {SEEDS[prefix]} does not exist")
    seed = seed_file(seeds, prefix).read_text(encoding="utf-8")
    result, outputs = render_outputs(Request([document], formats=FORMATS, output=root / ".fidelity-not-written"))
    if result.problems:
        first = result.problems[0]
        raise ValueError(f"seed {prefix}: {SEEDS[prefix]} does not load: {first.path}:{first.line}: {first.message}")
    scores = {}
    for path, data in outputs:
        fmt = path.suffix.lstrip(".")
        scores[fmt] = score(seed, rendered_text(data, fmt))
    return scores
