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
import sys
import types
import typing
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, TypeAdapter, ValidationError
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

from ocopctl import models, schema_messages
from ocopctl.diagnostics import Diagnostic, Loc, Severity, format_loc
from ocopctl.i18n import Msg, Number
from ocopctl.inputs import NotRegularFile, TooLarge, read_regular
from ocopctl.limits import DIAGNOSTICS_PER_CODE, YAML_ALIAS_NODES, YAML_DEPTH, YAML_FILE_BYTES
from ocopctl.models import FILE_KINDS, Model

YAML_SUFFIXES = (".yaml", ".yml")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlProblem(Exception):
    """A YAML file that cannot be read as one mapping of plain data."""

    def __init__(self, message: Msg, line: int | None = None, column: int | None = None,
                 code: str = "OC001", hint: Msg | None = None) -> None:
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


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong in a file that parsed: a duplicate key, a control character."""

    code: str
    message: Msg
    hint: Msg
    loc: Loc
    key: bool = False
    line: int | None = None
    column: int | None = None


class Tally:
    """Counts findings by code, so that each file keeps only the first ``DIAGNOSTICS_PER_CODE`` of each."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def room(self, code: str) -> bool:
        """Count one finding of ``code``; whether it is one of the first that are kept."""
        self.seen[code] += 1
        return self.seen[code] <= DIAGNOSTICS_PER_CODE.value

    def omitted(self) -> dict[str, int]:
        return {code: n - DIAGNOSTICS_PER_CODE.value for code, n in self.seen.items()
                if n > DIAGNOSTICS_PER_CODE.value}


def _parse(text: str, index: PositionIndex | None = None,
           tally: Tally | None = None) -> tuple[Any, list[Finding]]:
    """Build plain data from YAML text. Returns the data and what is wrong in it.

    Nesting deeper than ``YAML_DEPTH`` and aliases that would expand to more than
    ``YAML_ALIAS_NODES`` values stop the parse at the event that crosses the limit, before
    anything large is built: libyaml's parser itself keeps explicit stacks and does not recurse.
    """
    parser = CParser(text)
    findings: list[Finding] = []
    tally = tally or Tally()
    anchors: dict[str, Any] = {}
    # Values in the subtree of each finished anchor, counting what its own aliases expand to.
    sizes: dict[str, int] = {}
    nodes = expanded = 0
    # Each frame: [container, loc, pending_key, flow, last plain scalar event, nodes before it, anchor]
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
                elif len(value) <= _INTERNED_CHARS:
                    value = sys.intern(value)  # agency ids, timeframes, units: one copy however often written
                nodes += 1
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if len(stack) >= YAML_DEPTH.value:
                    mark = event.start_mark
                    raise YamlProblem(
                        Msg("mappings and lists nest deeper than {limit} levels here", limit=YAML_DEPTH.value),
                        mark.line + 1, mark.column + 1, code="OC017",
                        hint=Msg("no plan needs this depth; check for unclosed {square} or {curly}, or flatten the "
                                 "data", square="'['", curly="'{'"))
                value = {} if cls is MappingStartEvent else []
                nodes += 1
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                if frame[6]:
                    sizes[frame[6]] = nodes - frame[5]
                continue
            elif cls is AliasEvent:
                value = _alias(event, anchors, sizes)
                expanded += sizes[event.anchor]
                nodes += sizes[event.anchor]
                if expanded > YAML_ALIAS_NODES.value:
                    mark = event.start_mark
                    raise YamlProblem(
                        Msg("aliases expand to more than {limit} values by *{anchor} here",
                            limit=Number(YAML_ALIAS_NODES.value), anchor=event.anchor),
                        mark.line + 1, mark.column + 1, code="OC018",
                        hint=Msg("write the repeated data out, or use fewer aliases of large values"))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlProblem(
                        Msg("the file holds more than one YAML document"),
                        mark.line + 1, mark.column + 1,
                        hint=Msg("keep one document per file: remove the '---' separator and split the file"),
                    )
                continue
            else:
                continue
            anchor = getattr(event, "anchor", None) if cls is not AliasEvent else None
            if anchor:
                anchors[anchor] = value
                if cls is ScalarEvent:
                    sizes[anchor] = 1
                else:
                    sizes.pop(anchor, None)  # unfinished: an alias to it inside it would be endless
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
                        raise YamlProblem(Msg("a mapping key must be plain text"), mark.line + 1, mark.column + 1)
                    frame[2] = value if value is not None else ""
                    if index is not None:
                        mark = event.start_mark
                        index.keys[frame[1] + (frame[2],)] = (mark.line + 1, mark.column + 1)
                    if cls is ScalarEvent and event.style == '"':
                        _check_controls(event, frame[1] + (frame[2],), True, findings, tally)
                    continue
                else:
                    key = frame[2]
                    frame[2] = _NO_KEY
                    loc = frame[1] + (key,)
                    if key in container and tally.room("OC008"):
                        findings.append(Finding(
                            "OC008", Msg("key {key} appears twice in the same mapping; YAML keeps only the last value",
                                         key=repr(key)),
                            Msg("remove or rename one of the two keys"), loc, key=True))
                    container[key] = value
            if cls is ScalarEvent and event.style == '"':
                _check_controls(event, loc, False, findings, tally)
            if index is not None:
                mark = event.start_mark
                index.values[loc] = (mark.line + 1, mark.column + 1)
            if cls is MappingStartEvent:
                stack.append([value, loc, _NO_KEY, False, None, nodes - 1, anchor])
            elif cls is SequenceStartEvent:
                stack.append([value, loc, None, bool(event.flow_style), None, nodes - 1, anchor])
    except ReaderError as exc:
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")  # libyaml counts bytes
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        code_point = f"U+{char:04X}"
        raise YamlProblem(
            Msg("the file contains the control character {char}, which YAML does not allow", char=code_point),
            before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1, code="OC019",
            hint=_CONTROL_HINT,
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _yaml_phrase(exc.problem or exc.context or "YAML syntax error")
        started = exc.context_mark
        if started is not None and mark is not None and (started.line, started.column) != (mark.line, mark.column):
            message = Msg("YAML syntax error: {problem} ({context} at line {line}, column {column})", problem=problem,
                          context=_yaml_phrase(str(exc.context)), line=started.line + 1, column=started.column + 1)
        else:
            message = Msg("YAML syntax error: {problem}", problem=problem)
        raise YamlProblem(
            message,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            hint=Msg("check indentation, quoting and brackets around this point"),
        ) from None
    if not have_root:
        root = None
    return root, findings


# What libyaml says, told in either language; a phrase not listed is shown as libyaml wrote it.
_YAML_PHRASES: dict[str, Msg] = {
    "did not find expected key": Msg("did not find expected key"),
    "did not find expected ',' or ']'": Msg("did not find expected ',' or {closing}", closing="']'"),
    "did not find expected ',' or '}'": Msg("did not find expected ',' or {closing}", closing="'}'"),
    "did not find expected '-' indicator": Msg("did not find expected '-' indicator"),
    "did not find expected node content": Msg("did not find expected node content"),
    "could not find expected ':'": Msg("could not find expected ':'"),
    "mapping values are not allowed in this context": Msg("mapping values are not allowed in this context"),
    "block sequence entries are not allowed in this context":
        Msg("block sequence entries are not allowed in this context"),
    "found character that cannot start any token": Msg("found character that cannot start any token"),
    "found unexpected end of stream": Msg("found unexpected end of stream"),
    "found unknown escape character": Msg("found unknown escape character"),
    "found a tab character that violates indentation": Msg("found a tab character that violates indentation"),
    "found undefined tag handle": Msg("found undefined tag handle"),
    "found duplicate %YAML directive": Msg("found duplicate %YAML directive"),
    "while parsing a block mapping": Msg("while parsing a block mapping"),
    "while parsing a block collection": Msg("while parsing a block collection"),
    "while parsing a flow sequence": Msg("while parsing a flow sequence"),
    "while parsing a flow mapping": Msg("while parsing a flow mapping"),
    "while parsing a block node": Msg("while parsing a block node"),
    "while parsing a flow node": Msg("while parsing a flow node"),
    "while parsing a quoted scalar": Msg("while parsing a quoted scalar"),
    "while scanning a quoted scalar": Msg("while scanning a quoted scalar"),
    "while scanning a simple key": Msg("while scanning a simple key"),
    "while scanning a plain scalar": Msg("while scanning a plain scalar"),
    "while scanning a block scalar": Msg("while scanning a block scalar"),
    "while scanning for the next token": Msg("while scanning for the next token"),
    "while scanning an anchor": Msg("while scanning an anchor"),
    "while scanning an alias": Msg("while scanning an alias"),
    "while scanning a tag": Msg("while scanning a tag"),
    "YAML syntax error": Msg("YAML syntax error"),
}


# What the operating system says (``strerror``), told in either language; others as it wrote them.
_OS_REASONS: dict[str, Msg] = {
    "No such file or directory": Msg("No such file or directory"),
    "Permission denied": Msg("Permission denied"),
    "Is a directory": Msg("Is a directory"),
    "Not a directory": Msg("Not a directory"),
    "Too many levels of symbolic links": Msg("Too many levels of symbolic links"),
    "File name too long": Msg("File name too long"),
    "Input/output error": Msg("Input/output error"),
    "No such device or address": Msg("No such device or address"),
    "Operation not permitted": Msg("Operation not permitted"),
}


def _os_reason(exc: OSError) -> str:
    text = exc.strerror or str(exc)
    return _OS_REASONS.get(text, text)


def _yaml_phrase(text: str) -> str:
    return _YAML_PHRASES.get(text, text)


def _alias(event: Any, anchors: dict[str, Any], sizes: dict[str, int]) -> Any:
    mark = event.start_mark
    if event.anchor not in anchors:
        raise YamlProblem(Msg("unknown alias *{anchor}", anchor=event.anchor), mark.line + 1, mark.column + 1)
    if event.anchor not in sizes:
        raise YamlProblem(
            Msg("alias *{anchor} is used inside the value &{anchor} names, which would make it endless",
                anchor=event.anchor),
            mark.line + 1, mark.column + 1, code="OC018", hint=Msg("an alias may only repeat a value that is complete"))
    return anchors[event.anchor]


# C0 controls but tab, line feed and carriage return; DEL and C1; line and paragraph separators;
# lone surrogates and the noncharacters U+FFFE, U+FFFF. YAML's reader refuses them written as
# they are; only the escapes of double-quoted text ("\x01", "\u2028") can let them through,
# and spreadsheet, Word and XML writers cannot store them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_HINT = Msg("remove it; such characters usually come from text copied out of a PDF")


def _check_controls(event: Any, loc: Loc, key: bool, findings: list[Finding], tally: Tally) -> None:
    found = _CONTROL.search(event.value)
    if found and tally.room("OC019"):
        mark = event.start_mark
        # The field path is shown too: escape what it holds of such characters.
        shown = tuple(_CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", p) if isinstance(p, str) else p for p in loc)
        text, code_point = repr(_shorten(event.value)), f"U+{ord(found[0]):04X}"
        findings.append(Finding(
            "OC019", (Msg("the key {text} holds the control character {char}", text=text, char=code_point) if key
                      else Msg("the text {text} holds the control character {char}", text=text, char=code_point)),
            _CONTROL_HINT, shown, key, mark.line + 1, mark.column + 1))


def _shorten(text: str, limit: int = 60) -> str:
    """Long values are cut in messages, so that one finding stays one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NO_KEY = object()
_INTERNED_CHARS = 32
_DIGITS = re.compile(r"^[0-9.]+$")


def _check_decimal_comma(previous: Any, event: Any) -> None:
    """In a flow list ``[1.330, 75,4]`` YAML splits 75,4 into 75 and 4; refuse to guess."""
    if previous is None:
        return
    end, start = previous.end_mark, event.start_mark
    if (end.line == start.line and start.column == end.column + 1
            and _DIGITS.match(previous.value) and _DIGITS.match(event.value)):
        raise YamlProblem(
            Msg("'{first},{second}' in a [...] list is read by YAML as two values, {first} and {second}",
                first=previous.value, second=event.value),
            code="OC009", line=end.line + 1, column=end.column - len(previous.value) + 1,
            hint=Msg("quote it ('{first},{second}') or write the list one item per line", first=previous.value,
                     second=event.value),
        )


def read_text(path: Path) -> str:
    """Read a regular file of at most ``YAML_FILE_BYTES`` as UTF-8 (a BOM is allowed), normalised to NFC."""
    return decode_text(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most ``YAML_FILE_BYTES``; raises ``YamlProblem`` or ``OSError``."""
    return _read_regular(path, YAML_FILE_BYTES.value)


def decode_text(raw: bytes) -> str:
    """A file's bytes as UTF-8 text (a BOM is allowed), normalised to NFC; raises ``YamlProblem``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = f"0x{raw[exc.start]:02x}"
        raise YamlProblem(
            Msg("the file is not UTF-8 (byte {byte} cannot be decoded)", byte=byte),
            line, column, code="OC002",
            hint=Msg("save the file as UTF-8; Windows-1258 or TCVN3 files must be converted first"),
        ) from None
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_FILE_KINDS_TOLD = {"a folder": Msg("a folder"), "a FIFO": Msg("a FIFO"), "a device": Msg("a device"),
                    "a socket": Msg("a socket")}


def _file_kind(kind: str) -> str:
    return _FILE_KINDS_TOLD.get(kind, kind)


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (``ocopctl.inputs``); a FIFO, a device or a file over ``limit``
    bytes is a ``YamlProblem``, unread."""
    try:
        return read_regular(path, limit)
    except NotRegularFile as exc:
        raise YamlProblem(Msg("the file is {kind}, not a regular file", kind=_file_kind(exc.kind)), code="OC002",
                          hint=Msg("give ocopctl YAML files, or folders of them")) from None
    except TooLarge:
        raise YamlProblem(
            Msg("the file is larger than the limit of {limit} bytes (YAML_FILE_BYTES)", limit=Number(limit)),
            code="OC002",
            hint=Msg("split it into several files; a 200,000-task plan is about 40 MB")) from None


def read_yaml(path: Path) -> Any:
    """Plain data (text scalars) from a small YAML file such as a rule; raises ``YamlProblem``.

    What would be a finding in a plan file (a duplicate key, a control character) is refused.
    """
    try:
        data, findings = _parse(read_text(path))
    except OSError as exc:
        raise YamlProblem(Msg("cannot read {path}: {reason}", path=repr(str(path)), reason=_os_reason(exc))) from None
    if findings:
        first = findings[0]
        where = format_loc(first.loc)
        raise YamlProblem(Msg("{where}: {message}", where=where, message=first.message) if where else first.message,
                          first.line, first.column, first.code, first.hint)
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
    # Findings past the first DIAGNOSTICS_PER_CODE of a code, counted but not built.
    omitted: dict[str, int] = field(default_factory=dict)
    directives: bool = False  # the text holds "ocopctl:", perhaps a suppression comment
    # What finds positions for ``locate`` (``_positions``, or the cache's stand-in for it).
    positions: Callable[[Path, set[Loc]], PositionIndex] | None = field(default=None, repr=False, compare=False)

    def locate(self, *diags: Diagnostic, index: PositionIndex | None = None) -> None:
        """Fill ``line`` and ``column`` of diagnostics from their field paths: one more pass over
        the file for all of them, keeping the positions of their paths only (an index of every
        value of a 200,000-task file took 1 GB). ``index``: that pass, made elsewhere (``positions``)."""
        pending = [d for d in diags if d.line is None]
        if not pending:
            return
        if index is None:
            wanted = {d.loc[:i] for d in pending for i in range(len(d.loc) + 1)}
            index = (self.positions or _positions)(self.path, wanted)
        for diag in pending:
            loc = diag.loc
            while True:
                table = index.keys if diag.key and loc == diag.loc else index.values
                pos = table.get(loc) or index.values.get(loc)
                if pos or not loc:
                    break
                loc = loc[:-1]
            diag.line, diag.column = pos or (1, 1)


def positions(path: Path, locs: Iterable[Loc]) -> PositionIndex:
    """The positions ``LoadedFile.locate`` needs to place findings at ``locs``, in one pass over ``path``."""
    return _positions(path, {loc[:i] for loc in locs for i in range(len(loc) + 1)})


class _NfcLines:
    """A file's text for the C parser, a few lines at a time, in NFC as ``read_text`` gives it
    whole (a combining mark never crosses a line), so that positions agree with the first parse."""

    def __init__(self, raw: typing.BinaryIO) -> None:
        self._text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")

    def read(self, size: int = -1) -> str:
        return unicodedata.normalize("NFC", "".join(self._text.readlines(max(size, 1 << 16))))


def _positions(path: Path, wanted: set[Loc], raw: bytes | None = None) -> PositionIndex:
    """Line and column of the wanted keys and values of a file (or of its bytes ``raw``), from its
    events alone: no data is built and the file is streamed. Best effort: a file that changed since
    it loaded gives fewer."""
    index = PositionIndex()
    anchors: dict[str, Any] = {}
    stack: list[list[Any]] = []  # [loc, next list index or pending key, is a mapping]
    with contextlib.suppress(OSError, UnicodeError, MarkedYAMLError, ReaderError, IndexError), \
            (path.open("rb") if raw is None else io.BytesIO(raw)) as stream:
        parser = CParser(_NfcLines(stream))
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
    """Every YAML file under the given paths, in a stable order.

    Anything named *.yaml that is not a folder is a plan file, so that a FIFO, a device, a
    broken or looping symbolic link is reported by ``load_file`` (one line each), never skipped.
    """
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError as exc:  # a parent folder that cannot be searched
            problems.append(Diagnostic(
                "OC004", Severity.ERROR, str(path), Msg("cannot reach {path}: {reason}", path=repr(str(path)),
                                                        reason=_os_reason(exc)),
                hint=Msg("check the path and the permissions of its folders"), line=0, column=0))
            continue
        if is_dir:
            try:
                files = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and not _is_folder(p)
                               and not any(part.startswith(".") for part in p.relative_to(path).parts))
            except OSError as exc:
                problems.append(Diagnostic(
                    "OC004", Severity.ERROR, str(path), Msg("cannot read the folder {path}: {reason}",
                                                            path=repr(str(path)), reason=_os_reason(exc)),
                    hint=Msg("check the permissions of the folder and the folders in it"), line=0, column=0))
                continue
            if not files:
                problems.append(Diagnostic(
                    "OC004", Severity.ERROR, str(path), Msg("no plan files (*.yaml, *.yml) under {path}",
                                                            path=repr(str(path))),
                    hint=Msg("point ocopctl at the folder that holds your plans, e.g. 'ocopctl validate plans/'"),
                    line=0, column=0))
            found.extend(files)
        elif exists:
            found.append(path)
        else:
            problems.append(Diagnostic(
                "OC004", Severity.ERROR, str(path), Msg("{path} does not exist", path=repr(str(path))),
                hint=Msg("check the path; ocopctl reads YAML files and folders of them"), line=0, column=0))
    unique = list(dict.fromkeys(found))
    return unique, problems


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False  # load_file says why it cannot be read


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read, parse and validate one file. Never raises for bad input."""
    return build_model(parse_file(path, display))


@dataclass
class ParsedFile:
    """A file read and parsed into plain data, its model not yet built: what a worker process
    of ``ocopctl.parallel`` sends back (plain data crosses a process boundary ten times faster
    than a model). ``done`` when the file failed before it had data to validate."""

    loaded: LoadedFile
    size: int = 0
    tally: Tally = field(default_factory=Tally)
    done: bool = True


def parse_file(path: Path, display: str | None = None) -> ParsedFile:
    """The first half of ``load_file``: read and parse, find the YAML-level problems."""
    loaded = LoadedFile(path, display or str(path))

    def problem(code: str, message: Msg, line: int | None = 1, column: int | None = 1,
                hint: Msg | None = None) -> ParsedFile:
        loaded.diagnostics.append(Diagnostic(code, Severity.ERROR, loaded.display, message,
                                             hint=hint, line=line or 1, column=column or 1))
        return ParsedFile(loaded)

    tally = Tally()
    try:
        text = read_text(path)
        loaded.directives = "ocopctl:" in text
        data, findings = _parse(text, tally=tally)
    except YamlProblem as exc:
        return problem(exc.code, exc.message, exc.line, exc.column, exc.hint)
    except OSError as exc:
        return problem("OC002", Msg("cannot read the file: {reason}", reason=_os_reason(exc)),
                       hint=Msg("check that the file exists, that links lead to it and that you may read it"))
    size = len(text)
    del text  # as large as the file, twice over in Vietnamese: not kept while the model is built
    if data is None:
        return problem("OC003", Msg("the file is empty"),
                       hint=Msg("add 'kind: document' (or agencies, annex, products) and its fields, or delete the "
                                "file"))
    if not isinstance(data, dict):
        return problem("OC003", Msg("the file holds a {type}, not a mapping of fields",
                                    type=_TYPE_NAMES.get(type(data).__name__, type(data).__name__)),
                       hint=Msg("a plan file is a mapping that starts with 'kind: ...'"))
    loaded.diagnostics.extend(
        Diagnostic(f.code, Severity.ERROR, loaded.display, f.message, loc=f.loc, hint=f.hint, line=f.line,
                   column=f.column, key=f.key) for f in findings)
    loaded.omitted = tally.omitted()
    if any(f.code == "OC019" for f in findings):
        return ParsedFile(loaded)  # refused whole, so that no writer ever meets the character
    loaded.data = data
    return ParsedFile(loaded, size, tally, done=False)


def build_model(parsed: ParsedFile) -> LoadedFile:
    """The second half of ``load_file``: the model of a parsed file, and its schema findings."""
    loaded, size, tally = parsed.loaded, parsed.size, parsed.tally
    if parsed.done:
        return loaded
    data = loaded.data
    kind = data.get("kind")
    model_cls = FILE_KINDS.get(kind) if isinstance(kind, str) else None
    if model_cls is None:
        close = difflib.get_close_matches(str(kind), FILE_KINDS, n=1) if kind else []
        loaded.diagnostics.append(Diagnostic(
            "OC007", Severity.ERROR, loaded.display,
            Msg("unknown file kind {kind}", kind=repr(kind)) if kind else Msg("the file has no 'kind'"),
            loc=("kind",) if kind else (),
            hint=Msg("did you mean {suggestion}? kind is one of: {kinds}", suggestion=repr(close[0]),
                     kinds=", ".join(FILE_KINDS)) if close else
            Msg("kind is one of: {kinds}", kinds=", ".join(FILE_KINDS))))
        return loaded
    loaded.kind = kind
    if size <= _DIRECT_CHARS:
        # Most files are small: one call, whose errors the file's size bounds. A file with
        # errors is validated again below, where they are found and located.
        with contextlib.suppress(ValidationError):
            loaded.model = model_cls.model_validate(data)
            return loaded
    schema = _Schema(loaded.display, tally)
    prepared, _weight = schema.prepare(data, model_cls, ())
    try:
        model = model_cls.model_validate(prepared)
    except ValidationError as exc:
        schema.report(exc, data, ())
    else:
        if not schema.diagnostics:
            loaded.model = model
    loaded.diagnostics.extend(schema.diagnostics)
    loaded.omitted = tally.omitted()
    return loaded


# --------------------------------------------------------------------------- schema errors

# Files up to this size are validated in one call first (a 300-task plan has about 140,000).
_DIRECT_CHARS = 256 * 1024
# Raw values pydantic may see in one call. Its errors cost about 400 bytes each and a mapping
# can fail several times, so a file of a million '- {}' would need gigabytes in one call.
_PIECE_NODES = 1000


class _Schema:
    """Validates one file's data against its model, in calls whose errors stay small.

    Unknown keys are found here, before pydantic sees them, and a list that holds more than
    ``_PIECE_NODES`` values is validated in pieces; past ``DIAGNOSTICS_PER_CODE`` findings of a
    code, findings are counted and not built (no did-you-mean lookup, no message).
    """

    def __init__(self, display: str, tally: Tally) -> None:
        self.display = display
        self.tally = tally
        self.diagnostics: list[Diagnostic] = []

    def prepare(self, value: Any, annotation: Any, loc: Loc) -> tuple[Any, int]:
        """``value`` without unknown keys and with long lists validated, and how many raw values it holds."""
        model, item = _shape(annotation, value)
        if model is not None:
            out, weight = {}, 1
            fields = model.model_fields
            for key, v in value.items():
                if key not in fields:
                    if self.tally.room("OC006"):
                        self.diagnostics.append(_unknown_key(self.display, model, (*loc, key)))
                elif type(v) is dict or type(v) is list:
                    out[key], w = self.prepare(v, fields[key].annotation, (*loc, key))
                    weight += w
                else:
                    out[key] = v
                    weight += 1
            return out, weight
        if item is None:
            return value, 1  # a scalar, or a value pydantic refuses with one error
        items: list[Any] = []
        validated: list[Any] = []
        weight, start, failed = 1, 0, False
        last = len(value) - 1
        for i, v in enumerate(value):
            if type(v) is dict or type(v) is list:
                v, w = self.prepare(v, item, (*loc, i))
                weight += w
            else:
                weight += 1
            items.append(v)
            if weight > _PIECE_NODES or ((validated or failed) and i == last):
                try:
                    validated.extend(_list_adapter(item).validate_python(items))
                except ValidationError as exc:
                    self.report(exc, value, loc, start)
                    failed = True
                items, weight, start = [], 1, i + 1
        if validated or failed:
            return ([] if failed else validated), 1  # what failed is reported; validated values cannot fail
        return items, weight

    def report(self, exc: ValidationError, data: Any, loc: Loc, offset: int = 0) -> None:
        """Findings for pydantic's errors on ``data`` at ``loc`` (from item ``offset`` of a list)."""
        errors = exc.errors(include_url=False)
        if all(self.tally.seen[code] >= DIAGNOSTICS_PER_CODE.value
               for code in {_CODES.get(err["type"], "OC005") for err in errors}):
            self._count(errors)
            return
        by_loc: dict[Loc, list[Any]] = {}
        for err in errors:
            where = err["loc"]
            if offset and where and isinstance(where[0], int):
                where = (where[0] + offset, *where[1:])
            by_loc.setdefault((*loc, *_data_loc(data, where)), []).append(err)
        # A value that fits neither member of "text or {text, targets}" fails twice; when it is
        # a mapping, the mapping's own errors (at or below its place) are the ones that help.
        below = {where[:i] for where in by_loc for i in range(len(where))}
        for where, errs in by_loc.items():
            specific = [e for e in errs if e["type"] not in _MEMBER_TYPES]
            if len(errs) > 1 or where in below:
                errs = specific or ([] if where in below else errs[:1])
            for err in errs:
                if self.tally.room(_CODES.get(err["type"], "OC005")):
                    self.diagnostics.append(_one_schema_diagnostic(self.display, where, err))

    def _count(self, errors: list[Any]) -> None:
        """Count what ``report`` would keep, on pydantic's own locations: past the limit of every
        code, no finding is built, so nothing needs its place in the data."""
        unions: set[tuple[Any, ...]] = set()
        found: list[tuple[Any, ...]] = []
        for err in errors:
            where = err["loc"]
            if err["type"] in _MEMBER_TYPES and where and isinstance(where[-1], str) and _is_tag(where[-1]):
                unions.add(where[:-1])  # a union member that does not fit: one finding per union at most
            else:
                self.tally.seen[_CODES.get(err["type"], "OC005")] += 1
                found.append(where)
        if unions:  # none if another error is at or below the union
            unions -= {where[:i] for where in found for i in range(len(where) + 1)}
            self.tally.seen["OC005"] += len(unions)


_CODES = {"extra_forbidden": "OC006", "impossible_date": "OC013"}
_MEMBER_TYPES = frozenset({"string_type", "model_type", "dict_type"})
_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _list_adapter(item: Any) -> TypeAdapter[Any]:
    """A validator of ``list[item]``, built once per annotation."""
    found = _ADAPTERS.get(id(item))
    if found is None:
        found = _ADAPTERS[id(item)] = (item, TypeAdapter(list[item]))
    return found[1]


def _shape(annotation: Any, value: Any) -> tuple[type[BaseModel] | None, Any]:
    """What pydantic validates ``value`` with: ``(model, None)`` for a mapping, ``(None, item annotation)``
    for a list, ``(None, None)`` for a scalar or where the choice between union members is not certain."""
    kind = value.get("kind") if type(value) is dict else None
    key = (id(annotation), type(value), kind if kind in _KINDS else None)  # other kinds fit no member
    found = _SHAPES.get(key)
    if found is None:
        found = _SHAPES[key] = (annotation, _resolve(annotation, value))
    return found[1]


_SHAPES: dict[tuple[int, type, str | None], tuple[Any, tuple[type[BaseModel] | None, Any]]] = {}
_KINDS = frozenset(kind for cls in vars(models).values()
                   if isinstance(cls, type) and issubclass(cls, BaseModel) and "kind" in cls.model_fields
                   for kind in typing.get_args(cls.model_fields["kind"].annotation) if isinstance(kind, str))


def _resolve(annotation: Any, value: Any) -> tuple[type[BaseModel] | None, Any]:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            fits = [a for a in typing.get_args(annotation) if _fits(a, value)]
            if len(fits) != 1:
                return None, None
            annotation = fits[0]
        else:
            break
    if isinstance(value, dict) and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, None
    if isinstance(value, list) and origin is list:
        return None, typing.get_args(annotation)[0]
    return None, None


def _fits(annotation: Any, value: Any) -> bool:
    """Whether a union member takes ``value``: a model (of the value's kind) a mapping, a list a list."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(value, dict):
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return False
        kind = annotation.model_fields.get("kind")
        return kind is None or value.get("kind") in typing.get_args(kind.annotation)
    return isinstance(value, list) and typing.get_origin(annotation) is list


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


_TAGS = frozenset({"str", "int", "bool", "none", "date", "Objective", "HeaderCell", "task_assignment", "product_list",
                   "product_chains", "budget", "target_matrix", "generic"})


def _unknown_key(display: str, model: type[BaseModel], loc: Loc) -> Diagnostic:
    key = str(loc[-1])
    fields = list(model.model_fields)
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    hint = Msg("did you mean {suggestion}?", suggestion=repr(close[0])) if close \
        else Msg("allowed keys here: {keys}", keys=", ".join(fields))
    return Diagnostic("OC006", Severity.ERROR, display, _unknown_key_message(loc), loc=loc, key=True, hint=hint)


def _unknown_key_message(loc: Loc) -> Msg:
    key = repr(_shorten(str(loc[-1])))
    where = format_loc(loc[:-1])
    return Msg("unknown key {key} in {where}", key=key, where=where) if where \
        else Msg("unknown key {key} in the file", key=key)


def _one_schema_diagnostic(display: str, loc: Loc, err: dict[str, Any]) -> Diagnostic:
    kind = err["type"]
    where = format_loc(loc) or "the file"
    value = err.get("input")
    if kind == "extra_forbidden":  # where ``_shape`` could not tell the model; pydantic could
        return Diagnostic("OC006", Severity.ERROR, display, _unknown_key_message(loc), loc=loc, key=True)
    if kind == "missing":
        return Diagnostic("OC005", Severity.ERROR, display, Msg("missing required field {field}", field=repr(where)),
                          loc=loc[:-1], hint=Msg("add '{key}:' here", key=loc[-1]) if loc else None)
    said = schema_messages.message(err)
    at = Msg("{where}: {message}", where=where, message=said) if format_loc(loc) \
        else Msg("the file: {message}", message=said)
    if kind == "impossible_date":
        return Diagnostic("OC013", Severity.ERROR, display, at, loc=loc,
                          hint=Msg("check the day and month; the calendar has no such day"))
    if kind == "date_out_of_range":
        return Diagnostic("OC016", Severity.ERROR, display, at, loc=loc, hint=Msg("check the year"))
    hint: Msg | None = None
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        suggest = err.get("ctx", {}).get("suggest")  # a known other spelling (models._status_spelling)
        close = [suggest] if suggest else difflib.get_close_matches(_shorten(str(value)), expected, n=1, cutoff=0.5)
        hint = Msg("did you mean {suggestion}?", suggestion=repr(close[0])) if close \
            else Msg("allowed: {values}", values=", ".join(expected))
    elif kind == "string_pattern_mismatch":
        hint = Msg("ids use letters, digits and . _ : / - (no spaces)") if loc and loc[-1] in ("id", "parent") \
            else None
    if kind == "vn_number":  # the message quotes the value already
        return Diagnostic("OC005", Severity.ERROR, display, at, loc=loc)
    shown = repr(_shorten(value) if isinstance(value, str) else value) if isinstance(value, (str, int, float)) \
        else _TYPE_NAMES.get(type(value).__name__, type(value).__name__)
    message = Msg("{where}: {message} (got {shown})", where=where, message=said, shown=shown) if format_loc(loc) \
        else Msg("the file: {message} (got {shown})", message=said, shown=shown)
    return Diagnostic("OC005", Severity.ERROR, display, message, loc=loc, hint=hint)


# What a YAML value is, as "(got a list)" says it (``type(value).__name__``).
_TYPE_NAMES = {"list": Msg("list"), "dict": Msg("dict"), "NoneType": Msg("NoneType"), "bool": Msg("bool"),
               "date": Msg("date"), "datetime": Msg("datetime"), "Decimal": Msg("Decimal")}
