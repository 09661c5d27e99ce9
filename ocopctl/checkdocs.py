"""A diagnostic code's explanation, told in the language in force.

The English text is written once, where the check is: the docstring of its ``@check``
function, or the summary given to ``register_load_code``. It is made of paragraphs separated
by blank lines. A paragraph of prose is the unit of translation: its catalog id is the
paragraph with its line breaks and runs of spaces made single spaces, so rewrapping a
docstring keeps its translation. An indented paragraph is an example (the YAML after
``Fails::``): it is code, printed as written in every language.

``ocopctl.i18n_extract`` puts exactly these ids into the catalog (``babel.cfg``), so that
``tests/unit/test_i18n.py`` fails while any paragraph has no Vietnamese text.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ocopctl.i18n import language, translate

WIDTH = 92  # a translated paragraph is wrapped like the docstrings are


@dataclass(frozen=True)
class Paragraph:
    text: str  # as written, after the docstring's common indentation is removed
    example: bool  # an indented block (code): never translated

    @property
    def msgid(self) -> str:
        return " ".join(self.text.split())


def paragraphs(doc: str) -> list[Paragraph]:
    """The paragraphs of an explanation, in order; blank lines separate them."""
    text = inspect.cleandoc(doc)
    return [Paragraph(p, p[:1].isspace()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def prose(doc: str) -> Iterator[str]:
    """The catalog ids of an explanation: its prose paragraphs, examples left out."""
    for p in paragraphs(doc):
        if not p.example:
            yield p.msgid


def explanation(doc: str, params: Mapping[str, str] | None = None, lang: str | None = None) -> str:
    """The whole explanation: prose in ``lang`` (the language in force by default), examples as written.

    English is the docstring exactly as written, line breaks and all.
    """
    lang = lang or language()
    out = []
    for p in paragraphs(doc):
        if p.example:
            out.append(p.text)
        elif lang == "en":
            out.append(_fill(p.text, params))
        else:
            out.append(textwrap.fill(_fill(translate(p.msgid, lang), params), WIDTH,
                                     break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(out)


def first_paragraph(doc: str, params: Mapping[str, str] | None = None, lang: str | None = None) -> str:
    """The first paragraph on one line, in ``lang``: what the list of codes shows."""
    lang = lang or language()
    for p in paragraphs(doc):
        if not p.example:
            return _fill(p.msgid if lang == "en" else translate(p.msgid, lang), params)
    return ""


def _fill(text: str, params: Mapping[str, str] | None) -> str:
    return text.format(**params) if params else text
