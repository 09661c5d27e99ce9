"""The one door to YAML: read plan files into validated models plus diagnostics.

Speed and safety come from the same choice. The loader drives ruamel.yaml's C
parser (libyaml) event by event and builds plain dicts, lists and strings
itself: no implicit typing, so "1.330" stays the text the author wrote, "yes"
stays "yes" and 2018-08-17 stays a string until the model reads it as a date.
Only a plain ``null``, ``~`` or empty value means "absent".

Positions are not kept on the fast path. When a file has findings, ``locate``
reads that file's events once more and records the line and column of the
paths the findings name, and of nothing else. Clean files never pay for it.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from ruamel.yaml.cyaml import CEmitter, CParser  # type: ignore[attr-defined]  # libyaml, from ruamel.yaml.clib
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from ocopctl.diagnostics import Diagnostic, Loc, Severity, format_loc
from ocopctl.models import FILE_KINDS, Model

YAML_SUFFIXES = (".yaml", ".yml")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlProblem(Exception):
    """A YAML file that cannot be read as one mapping of plain data."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 code: str = "OC001", hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code
        self.hint = hint


@dataclass
class PositionIndex:
    """Line and column (1-based) of every value and key in one file."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)


def _parse(text: str, index: PositionIndex | None = None) -> tuple[Any, list[tuple[Loc, str]]]:
    """Build plain data from YAML text. Returns the data and duplicate keys found."""
    parser = CParser(text)
    duplicates: list[tuple[Loc, str]] = []
    anchors: dict[str, Any] = {}
    # Each frame: [container, loc, pending_key, flow, last plain scalar event]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    have_root = False
    try:
        while parser.check_event():
            event = parser.get_event()
            cls = type(event)
            if cls is ScalarEvent:
                value: Any = event.value
                if not event.style and value in _NULLS:
                    value = None
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                value = {} if cls is MappingStartEvent else []
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                continue
            elif cls is AliasEvent:
                if event.anchor not in anchors:
                    mark = event.start_mark
                    raise YamlProblem(f"unknown alias *{event.anchor}", mark.line + 1, mark.column + 1)
                value = anchors[event.anchor]
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlProblem(
                        "the file holds more than one YAML document",
                        mark.line + 1, mark.column + 1,
                        hint="keep one document per file: remove the '---' separator and split the file",
                    )
                continue
            else:
                continue
            anchor = getattr(event, "anchor", None)
            if anchor and cls is not AliasEvent:
                anchors[anchor] = value
            if not stack:
                root, have_root = value, True
                loc: Loc = ()
            else:
                frame = stack[-1]
                container = frame[0]
                if type(container) is list:
                    loc = frame[1] + (len(container),)
                    if frame[3] and cls is ScalarEvent and not event.style:
                        _check_decimal_comma(frame[4], event)
                        frame[4] = event
                    container.append(value)
                elif frame[2] is _NO_KEY:
                    if not isinstance(value, str) and value is not None:
                        mark = event.start_mark
                        raise YamlProblem("a mapping key must be plain text", mark.line + 1, mark.column + 1)
                    frame[2] = value if value is not None else ""
                    if index is not None:
                        mark = event.start_mark
                        index.keys[frame[1] + (frame[2],)] = (mark.line + 1, mark.column + 1)
                    continue
                else:
                    key = frame[2]
                    frame[2] = _NO_KEY
                    loc = frame[1] + (key,)
                    if key in container:
                        duplicates.append((loc, key))
                    container[key] = value
            if index is not None:
                mark = event.start_mark
                index.values[loc] = (mark.line + 1, mark.column + 1)
            if cls is MappingStartEvent:
                stack.append([value, loc, _NO_KEY, False, None])
            elif cls is SequenceStartEvent:
                stack.append([value, loc, None, bool(event.flow_style), None])
    except ReaderError as exc:
        before = text[: exc.position]
        raise YamlProblem(
            f"the file contains a character YAML does not allow ({exc.character!r} at position {exc.position})",
            before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1,
            hint="remove the control character; it often comes from copying text out of a PDF",
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "YAML syntax error"
        started = exc.context_mark
        if started is not None and mark is not None and (started.line, started.column) != (mark.line, mark.column):
            problem += f" ({exc.context} at line {started.line + 1}, column {started.column + 1})"
        raise YamlProblem(
            f"YAML syntax error: {problem}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            hint="check indentation, quoting and brackets around this point",
        ) from None
    if not have_root:
        root = None
    return root, duplicates


_NO_KEY = object()
_DIGITS = re.compile(r"^[0-9.]+$")


def _check_decimal_comma(previous: Any, event: Any) -> None:
    """In a flow list ``[1.330, 75,4]`` YAML splits 75,4 into 75 and 4; refuse to guess."""
    if previous is None:
        return
    end, start = previous.end_mark, event.start_mark
    if (end.line == start.line and start.column == end.column + 1
            and _DIGITS.match(previous.value) and _DIGITS.match(event.value)):
        raise YamlProblem(
            f"'{previous.value},{event.value}' in a [...] list is read by YAML as two values, "
            f"{previous.value} and {event.value}",
            code="OC009", line=end.line + 1, column=end.column - len(previous.value) + 1,
            hint=f"quote it ('{previous.value},{event.value}') or write the list one item per line",
        )


def read_text(path: Path) -> str:
    """Read a file as UTF-8 (a BOM is allowed), normalised to NFC."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            line, column, code="OC002",
            hint="save the file as UTF-8; Windows-1258 or TCVN3 files must be converted first",
        ) from None
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def read_yaml(path: Path) -> Any:
    """Plain data (text scalars) from a small YAML file such as a rule; raises ``YamlProblem``."""
    try:
        data, _duplicates = _parse(read_text(path))
    except OSError as exc:
        raise YamlProblem(f"cannot read {str(path)!r}: {exc.strerror}") from None
    return data


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text for plain data (dicts, lists, text), as ocopctl writes new plan files.

    Events go straight to libyaml's emitter, the mirror of how files are read: ruamel's
    Python representer takes about 40 seconds for 20,000 products, this about 1.5. A scalar
    is written plain only when a YAML 1.1 or 1.2 reader would also take it as text, so that
    editors and other tools read "2018", "yes" and "1.330" as the text ocopctl reads.
    """
    buf = io.StringIO()
    emitter = CEmitter(buf, width=4096, allow_unicode=True, indent=2)
    emitter.emit(StreamStartEvent())
    emitter.emit(DocumentStartEvent(explicit=False))
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, _End):
            emitter.emit(item.event())
        elif isinstance(item, dict):
            emitter.emit(MappingStartEvent(None, None, True, flow_style=False))
            stack.append(_End(MappingEndEvent))
            for key, value in reversed(list(item.items())):
                stack.extend((value, _Key(key)))
        elif isinstance(item, list):
            emitter.emit(SequenceStartEvent(None, None, True, flow_style=False))
            stack.append(_End(SequenceEndEvent))
            stack.extend(reversed(item))
        else:
            emitter.emit(_scalar(item.text if isinstance(item, _Key) else item))
    emitter.emit(DocumentEndEvent(explicit=False))
    emitter.emit(StreamEndEvent())
    return header + buf.getvalue()


@dataclass(frozen=True)
class _Key:
    text: Any


@dataclass(frozen=True)
class _End:
    event: Any


def _scalar(value: Any) -> Any:
    if isinstance(value, str):
        return ScalarEvent(None, None, (_reads_as_text(value), True), value)
    # Numbers, booleans and nulls are written plain so that every YAML reader sees their type.
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return ScalarEvent(None, None, (True, True), text)


# The implicit types of YAML 1.1 and 1.2 (int, float, bool, null, timestamp ...), by the first
# character that can start them, as ruamel's resolvers define them.
_IMPLICIT: dict[str, list[Any]] = {}
for _resolver in (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2))):
    for _start, _patterns in _resolver.versioned_resolver.items():
        if _start:
            _IMPLICIT.setdefault(_start, []).extend(rx for tag, rx in _patterns if tag != "tag:yaml.org,2002:str")


def _reads_as_text(text: str) -> bool:
    """Whether every common YAML reader takes ``text``, written plain, as a string."""
    return bool(text) and not any(rx.match(text) for rx in _IMPLICIT.get(text[0], ()))


# --------------------------------------------------------------------------- files


@dataclass
class LoadedFile:
    """One YAML file: its kind, its validated model (if any) and what went wrong."""

    path: Path
    display: str
    kind: str | None = None
    model: Model | None = None
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def locate(self, *diags: Diagnostic) -> None:
        """Fill ``line`` and ``column`` of diagnostics from their field paths: one more pass over
        the file for all of them, keeping the positions of their paths only (an index of every
        value of a 200,000-task file took 1 GB)."""
        pending = [d for d in diags if d.line is None]
        if not pending:
            return
        index = _positions(self.path, {d.loc[:i] for d in pending for i in range(len(d.loc) + 1)})
        for diag in pending:
            loc = diag.loc
            while True:
                table = index.keys if diag.key and loc == diag.loc else index.values
                pos = table.get(loc) or index.values.get(loc)
                if pos or not loc:
                    break
                loc = loc[:-1]
            diag.line, diag.column = pos or (1, 1)


class _NfcLines:
    """A file's text for the C parser, a few lines at a time, in NFC as ``read_text`` gives it
    whole (a combining mark never crosses a line), so that positions agree with the first parse."""

    def __init__(self, raw: typing.BinaryIO) -> None:
        self._text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")

    def read(self, size: int = -1) -> str:
        return unicodedata.normalize("NFC", "".join(self._text.readlines(max(size, 1 << 16))))


def _positions(path: Path, wanted: set[Loc]) -> PositionIndex:
    """Line and column of the wanted keys and values of a file, from its events alone: no data is
    built and the file is streamed. Best effort: a file that changed since it loaded gives fewer."""
    index = PositionIndex()
    anchors: dict[str, Any] = {}
    stack: list[list[Any]] = []  # [loc, next list index or pending key, is a mapping]
    with contextlib.suppress(OSError, UnicodeError, MarkedYAMLError, ReaderError, IndexError), \
            path.open("rb") as raw:
        parser = CParser(_NfcLines(raw))
        while parser.check_event():
            event = parser.get_event()
            cls = type(event)
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                continue
            if cls not in (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent):
                continue
            where = (event.start_mark.line + 1, event.start_mark.column + 1)
            value = event.value if cls is ScalarEvent else anchors.get(event.anchor) if cls is AliasEvent else None
            if cls is ScalarEvent and event.anchor:
                anchors[event.anchor] = value
            loc: Loc = ()
            if stack:
                frame = stack[-1]
                if not frame[2]:
                    loc = frame[0] + (frame[1],)
                    frame[1] += 1
                elif frame[1] is _NO_KEY:
                    frame[1] = "" if value is None or (cls is ScalarEvent and not event.style and value in _NULLS) \
                        else value
                    if frame[0] + (frame[1],) in wanted:
                        index.keys[frame[0] + (frame[1],)] = where
                    if cls is MappingStartEvent or cls is SequenceStartEvent:  # a complex key: never loads
                        stack.append([frame[0], _NO_KEY if cls is MappingStartEvent else 0, cls is MappingStartEvent])
                    continue
                else:
                    loc = frame[0] + (frame[1],)
                    frame[1] = _NO_KEY
            if loc in wanted:
                index.values[loc] = where
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                stack.append([loc, _NO_KEY if cls is MappingStartEvent else 0, cls is MappingStartEvent])
    return index


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Every YAML file under the given paths, in a stable order."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                problems.append(Diagnostic(
                    "OC004", Severity.ERROR, str(path), f"no plan files (*.yaml, *.yml) under {str(path)!r}",
                    hint="point ocopctl at the folder that holds your plans, e.g. 'ocopctl validate plans/'",
                    line=0, column=0))
            found.extend(files)
        else:
            problems.append(Diagnostic(
                "OC004", Severity.ERROR, str(path), f"{str(path)!r} does not exist",
                hint="check the path; ocopctl reads YAML files and folders of them", line=0, column=0))
    unique = list(dict.fromkeys(found))
    return unique, problems


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one file. Never raises for bad input."""
    loaded = LoadedFile(path, display or str(path))

    def problem(code: str, message: str, line: int | None = 1, column: int | None = 1,
                hint: str | None = None) -> LoadedFile:
        loaded.diagnostics.append(Diagnostic(code, Severity.ERROR, loaded.display, message,
                                             hint=hint, line=line or 1, column=column or 1))
        return loaded

    try:
        text = read_text(path)
        data, duplicates = _parse(text)
    except YamlProblem as exc:
        return problem(exc.code, exc.message, exc.line, exc.column, exc.hint)
    except OSError as exc:
        return problem("OC002", f"cannot read the file: {exc.strerror}")
    del text  # as large as the file, twice over in Vietnamese: not kept while the model is built
    if data is None:
        return problem("OC003", "the file is empty",
                       hint="add 'kind: document' (or agencies, annex, products) and its fields, or delete the file")
    if not isinstance(data, dict):
        return problem("OC003", f"the file holds a {type(data).__name__}, not a mapping of fields",
                       hint="a plan file is a mapping that starts with 'kind: ...'")
    loaded.data = data
    for loc, key in duplicates:
        loaded.diagnostics.append(Diagnostic(
            "OC008", Severity.ERROR, loaded.display,
            f"key {key!r} appears twice in the same mapping; YAML keeps only the last value",
            loc=loc, key=True, hint="remove or rename one of the two keys"))
    kind = data.get("kind")
    model_cls = FILE_KINDS.get(kind) if isinstance(kind, str) else None
    if model_cls is None:
        close = difflib.get_close_matches(str(kind), FILE_KINDS, n=1) if kind else []
        loaded.diagnostics.append(Diagnostic(
            "OC007", Severity.ERROR, loaded.display,
            f"unknown file kind {kind!r}" if kind else "the file has no 'kind'",
            loc=("kind",) if kind else (),
            hint=(f"did you mean {close[0]!r}? " if close else "")
            + "kind is one of: " + ", ".join(FILE_KINDS)))
        return loaded
    loaded.kind = kind
    try:
        loaded.model = model_cls.model_validate(data)
    except ValidationError as exc:
        loaded.diagnostics.extend(_schema_diagnostics(loaded.display, model_cls, data, exc))
    return loaded


# --------------------------------------------------------------------------- schema errors


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Drop the union and tag names pydantic puts in error locations."""
    out: list[str | int] = []
    cur = data
    for part in loc:
        if isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and part in cur:
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and not _is_tag(part):
            out.append(part)  # a missing or unknown key
            cur = None
    return tuple(out)


def _is_tag(part: str) -> bool:
    return part in _TAGS or part.startswith(("function-", "list[", "union[", "decimal", "lax-"))


_TAGS = frozenset({"str", "int", "bool", "none", "date", "Objective", "task_assignment", "product_list",
                   "product_chains", "budget", "target_matrix", "generic"})


def _unwrap(annotation: Any, data: Any) -> Any:
    """The model class a value of ``annotation`` is validated against."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0], data)
    if origin in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [m for m in (_unwrap(a, data) for a in members) if isinstance(m, type)
                  and issubclass(m, BaseModel)]
        if isinstance(data, dict) and "kind" in data:
            for m in models:
                kind_field = m.model_fields.get("kind")
                if kind_field and data["kind"] in typing.get_args(kind_field.annotation):
                    return m
        return models[0] if models else annotation
    return annotation


def _model_at(root: type[BaseModel], data: Any, loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``."""
    cls: Any = root
    cur = data
    for part in loc:
        if isinstance(part, int):
            if not isinstance(cur, list) or part >= len(cur):
                return None
            cur = cur[part]
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or part not in cls.model_fields:
            return None
        annotation = cls.model_fields[part].annotation
        cur = cur.get(part) if isinstance(cur, dict) else None
        while typing.get_origin(annotation) in (list, Union, types.UnionType, typing.Annotated):
            origin = typing.get_origin(annotation)
            if origin is list:
                annotation = typing.get_args(annotation)[0]
                break
            resolved = _unwrap(annotation, cur)
            if resolved is annotation:
                break
            annotation = resolved
        cls = _unwrap(annotation, cur)
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


def _schema_diagnostics(display: str, root: type[BaseModel], data: Any,
                        exc: ValidationError) -> Iterator[Diagnostic]:
    errors = exc.errors(include_url=False)
    by_loc: dict[Loc, list[Any]] = {}
    for err in errors:
        by_loc.setdefault(_data_loc(data, err["loc"]), []).append(err)
    for loc, errs in by_loc.items():
        # A value that fits neither member of "text or {text, targets}" fails twice;
        # when it is a mapping, the mapping's own error is the one that helps.
        if len(errs) > 1:
            specific = [e for e in errs if e["type"] not in ("string_type", "model_type", "dict_type")]
            errs = specific or errs[:1]
        for err in errs:
            yield _one_schema_diagnostic(display, root, data, loc, err)


def _one_schema_diagnostic(display: str, root: type[BaseModel], data: Any, loc: Loc,
                           err: dict[str, Any]) -> Diagnostic:
    kind = err["type"]
    where = format_loc(loc) or "the file"
    value = err.get("input")
    if kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        model = _model_at(root, data, loc[:-1])
        fields = list(model.model_fields) if model else []
        close = difflib.get_close_matches(str(key), fields, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else (
            "allowed keys here: " + ", ".join(fields) if fields else None)
        where = format_loc(loc[:-1]) or "the file"
        return Diagnostic("OC006", Severity.ERROR, display, f"unknown key {key!r} in {where}",
                          loc=loc, key=True, hint=hint)
    if kind == "missing":
        return Diagnostic("OC005", Severity.ERROR, display, f"missing required field {where!r}",
                          loc=loc[:-1], hint=f"add '{loc[-1]}:' here" if loc else None)
    if kind == "impossible_date":
        return Diagnostic("OC013", Severity.ERROR, display, f"{where}: {err['msg']}", loc=loc,
                          hint="check the day and month; the calendar has no such day")
    hint = None
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(expected)
    elif kind == "string_pattern_mismatch":
        hint = "ids use letters, digits and . _ : / - (no spaces)" if loc and loc[-1] in ("id", "parent") else None
    shown = repr(value) if isinstance(value, (str, int, float)) else type(value).__name__
    return Diagnostic("OC005", Severity.ERROR, display, f"{where}: {err['msg']} (got {shown})", loc=loc, hint=hint)
