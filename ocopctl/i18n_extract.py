"""A Babel extraction method for the check modules: their messages and their explanations.

``babel.cfg`` declares it for ``ocopctl/checks/**.py``; ``tools/catalog.sh`` (pybabel extract)
and ``tests/unit/test_i18n.py`` both read the method map from there, so they extract the same.
It yields what Babel's Python extractor finds (``_``, ``Msg`` ...) and, for every registered
code, the prose paragraphs of its explanation (``ocopctl.checkdocs``): the docstring of each
``@check`` function and the summary of each ``register_load_code(...)`` call. The source is
read, not imported. A summary that is not a literal cannot be translated: it is refused.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from ocopctl.checkdocs import prose

Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]


class ExtractionError(ValueError):
    """A check's explanation that the catalog cannot hold (not a literal string)."""


def extract_check_docs(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                       options: Mapping[str, Any]) -> Iterator[Extracted]:
    """Babel's extraction method interface: ``(line, function, message, comments)`` tuples."""
    from babel.messages import extract

    python: Any = extract.extract_python  # typed by Babel as its own results, not an extractor's
    source = fileobj.read()
    yield from python(io.BytesIO(source), keywords, comment_tags, options)
    name = getattr(fileobj, "name", "<check module>")
    for line, msgid, code in check_docs(source.decode(options.get("encoding", "utf-8")), name):
        yield line, None, msgid, [code]


def check_docs(source: str, filename: str = "<check module>") -> Iterator[tuple[int, str, str]]:
    """``(line, paragraph, "OC501 product-group-not-in-force")`` for every prose paragraph the
    module's registered codes explain themselves with."""
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            codes = _checked_codes(node)
            doc = ast.get_docstring(node)
            if codes and doc:
                line = node.body[0].lineno
                for msgid in prose(doc):
                    yield line, msgid, codes
        elif isinstance(node, ast.Call) and _called(node) == "register_load_code":
            summary = node.args[3] if len(node.args) > 3 else next(
                (k.value for k in node.keywords if k.arg == "summary"), None)
            if not (isinstance(summary, ast.Constant) and isinstance(summary.value, str)):
                raise ExtractionError(f"{filename}:{node.lineno}: a load code's summary must be a literal "
                                      "string, with values placed by name ({limit}), to be translated")
            for msgid in prose(summary.value):
                yield node.lineno, msgid, _codes_of(node.args[:2])


def _called(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _checked_codes(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``"OC010 number-malformed, OC011 number-spacing"`` for a function decorated ``@check(...)``."""
    for deco in func.decorator_list:
        if isinstance(deco, ast.Call) and _called(deco) == "check":
            return ", ".join(_codes_of(a.elts[:2]) for a in deco.args if isinstance(a, ast.Tuple)) or "check"
    return ""


def _codes_of(parts: list[ast.expr]) -> str:
    return " ".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
