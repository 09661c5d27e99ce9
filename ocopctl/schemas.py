"""JSON Schemas of the file kinds, for editors and for check-jsonschema.

The loader reads every scalar as the text that was written, so the models accept
``year: 2022`` and ``year: "2022"`` alike, and a title that YAML would read as a
number (``columns: [TT, 2017]``) or a boolean. Editors and check-jsonschema read the
same YAML with its implicit types: the exported schemas widen each scalar to the
YAML values whose text the model accepts (see :func:`loader_scalars`), so that a
file the models accept passes the schemas. What only the models can judge (a
31 February, a year outside 1900–2200 written as text, a number of more than 40
digits) is left to ``ocopctl validate``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ocopctl import vn
from ocopctl.models import _STATE_ALIASES, _STATE_BY_FOLD, FILE_KINDS, PROGRESS_STATES
from ocopctl.output import write_atomic
from ocopctl.resources import data_dir


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, one schema per file kind."""
    out = {}
    for kind, model in FILE_KINDS.items():
        schema = loader_scalars(model.model_json_schema(mode="validation"))
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in ``folder`` that are missing or differ from the models."""
    stale = []
    for name, text in schema_texts().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, text in schema_texts().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
        written.append(target)
    return written


def bundled_schema_dir() -> Path:
    """Where the schemas are: inside an installed package, or at the checkout's top level."""
    return data_dir("schemas")


# The texts pydantic reads as a boolean, in any case (the loader hands it "yes", "True" ...).
_BOOLEAN_TEXTS = ("0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes")
_RANGE_ENUMERATED = 400  # a bounded integer written as text: its values are listed up to this many


def _literal(c: str) -> str:
    """``c`` in a pattern that both Python and ECMA-262 (unicode mode, as check-jsonschema reads
    patterns) take as that character: only syntax characters are escaped."""
    return "\\" + c if c in r"\^$.|?*+()[]{}/" else c


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else _literal(c) for c in word)


def _integer_text(low: int | None, high: int | None) -> str:
    """The texts pydantic reads as a whole number (" 12 ", "+3", "1_000", "3.0"), within bounds
    when there are few enough values to list."""
    if low is not None and high is not None and 0 <= low <= high and high - low < _RANGE_ENUMERATED:
        digits = "(?:" + "|".join(str(n) for n in range(high, low - 1, -1)) + ")"
        return rf"^\s*\+?0*{digits}(?:\.0*)?\s*$" if low > 0 else rf"^\s*\+?(?:0*{digits}|0+)(?:\.0*)?\s*$"
    return r"^\s*[+-]?[0-9]+(?:_[0-9]+)*(?:\.0*)?\s*$"


def _pattern_accepts(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _widen(node: dict[str, Any]) -> dict[str, Any]:
    kind = node.get("type")
    keep = {k: v for k, v in node.items() if k in ("description", "title", "default")}
    if kind == "integer":
        low = node.get("minimum", node.get("ge"))
        high = node.get("maximum", node.get("le"))
        number: dict[str, Any] = {"type": "integer"}
        if low is not None:
            number["minimum"] = low
        if high is not None:
            number["maximum"] = high
        return keep | {"anyOf": [number, {"type": "string", "pattern": _integer_text(low, high)}]}
    if kind == "boolean":
        texts = "^(?:" + "|".join(_any_case(t) for t in _BOOLEAN_TEXTS) + ")$"
        return keep | {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, {"type": "string", "pattern": texts}]}
    if kind == "string" and node.get("enum") == list(PROGRESS_STATES):
        return keep | {"type": "string", "pattern": _state_texts()}
    if kind == "string" and "enum" not in node and "const" not in node:
        # A plain YAML number or boolean is the text written: "2017", "true".
        pattern = node.get("pattern")
        extra = [t for t, sample in (("number", "2017"), ("boolean", "true"))
                 if pattern is None or _pattern_accepts(pattern, sample)]
        if extra and node.get("minLength", 0) <= 1:
            return node | {"type": ["string", *extra]}
    return node


def loader_scalars(node: Any) -> Any:
    """The schema with every scalar type widened to what the loader hands the model (see the
    module's docstring); ``ge``/``le`` that pydantic writes inside list items become
    ``minimum``/``maximum``."""
    if isinstance(node, list):
        return [loader_scalars(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k in ("properties", "$defs") and isinstance(v, dict):  # names -> schemas
            out[k] = {name: loader_scalars(sub) for name, sub in v.items()}
        elif k in ("enum", "const", "default", "required", "examples"):  # values, not schemas
            out[k] = v
        else:
            out[k] = loader_scalars(v)
    return _widen(out) if isinstance(out.get("type"), str) else out


def _letter_classes() -> dict[str, str]:
    """Each letter a-z with every Vietnamese letter (either case) that folds to it."""
    classes: dict[str, set[str]] = {}
    for cp in (*range(0x41, 0x7B), *range(0xC0, 0x1B1), *range(0x1EA0, 0x1EFA)):
        ch = chr(cp)
        folded = vn.fold(ch)
        if len(folded) == 1 and "a" <= folded <= "z" and ch.isalpha():
            classes.setdefault(folded, set()).add(ch)
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in classes.items()}


def _state_texts() -> str:
    """A progress state as the model reads it (``models._to_state``): the Vietnamese term with
    or without its diacritics, or an English spelling, in any case and spacing."""
    letters = _letter_classes()

    def words(text: str, fold: bool) -> str:
        out = []
        for word in text.split():
            out.append("".join(letters[c] if fold and c in letters else _any_case(c) for c in word))
        return r"\s+".join(out)

    forms = [words(k, fold=True) for k in sorted(_STATE_BY_FOLD)]
    forms += [words(k, fold=False) for k in sorted(_STATE_ALIASES)]
    return r"^\s*(?:" + "|".join(forms) + r")\s*$"
