"""What a template sees: plain, frozen data and nothing that reaches the system.

A template gets strings, numbers, dates, tuples, read-only mappings and ``View``s:
one frozen record per model or report row, whose fields read as ``doc.title`` or
``doc["title"]`` and which has no methods. ``freeze`` turns the models, the report
dataclasses and the dicts a job builds into that; anything else (a path, a
repository, a loaded file, a function) is refused, so nothing that can read, write
or delete a file can be handed to a template by mistake. The only callables in a
context are two pure formatting helpers: ``head.reference(...)`` and
``report.section(name)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any, NoReturn, cast

from pydantic import BaseModel

from ocopctl import vn
from ocopctl.i18n import _

BLANK = "\u2002" * 6  # the gap a draft leaves for the number and the day, filled in by hand


class RenderError(Exception):
    """A problem the user can fix (data, template or options): one line, exit code 2."""


class View:
    """One record of the data, frozen: its fields read as attributes or keys, nothing else.

    A field that is ``None`` stays ``None`` here; the sandbox turns it into an undefined
    value that names the field (``Document.district is empty in the data``).
    """

    __slots__ = ("_fields", "_kind")
    _kind: str
    _fields: Mapping[str, Any]

    def __init__(self, kind: str, fields: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_fields", MappingProxyType(dict(fields)))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(f"{self._kind!r} has no attribute {name!r}") from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{self._kind} is read-only")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{self._kind} is read-only")

    def __iter__(self) -> Iterator[Any]:
        raise TypeError(f"{self._kind} is a record, not a list")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, View) and (self._kind, self._fields) == (other._kind, other._fields)

    def __hash__(self) -> int:
        return hash(self._kind)

    def __repr__(self) -> str:
        return f"<{self._kind}>"


def view_kind(value: View) -> str:
    """The model or record a view shows (``Document``, ``Task`` ...)."""
    return value._kind


def view_fields(value: View) -> Mapping[str, Any]:
    return value._fields


@dataclass(frozen=True)
class Head:
    """What the header and the back-references of a document print."""

    type: str
    number: str
    date_line: str
    issuer_lines: tuple[str, ...]
    issuer_name: str
    authority: str
    date: date | None
    # The lines are, read together, the issuing body's own registered name ("ỦY BAN NHÂN DÂN" /
    # "TỈNH HẢI DƯƠNG"): all of them are printed bold. Otherwise the first line names the body above
    # it (cơ quan chủ quản), printed upright, and the rest the issuing body, bold (Nghị định 30/2020).
    issuer_is_whole: bool = False

    def reference(self, kind: str = "Kèm theo") -> str:
        """"(Kèm theo Kế hoạch số 192/KH-UBND ngày 17 tháng 8 năm 2018 của Ủy ban nhân dân thành phố Hải Phòng)"."""
        if not self.issuer_name:
            raise RenderError(_("the issuer of {type} {number} names no agency; a generated back-reference needs its "
                                "name: add it to the province's agencies.yaml").format(type=self.type,
                                                                                      number=self.number))
        when = vn.format_date_long(self.date) if self.date else f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
        return f"({kind} {self.type} số {self.number} {when} của {self.issuer_name})"


class Sections:
    """``report.section(name)``: the rows of one section of a progress report, looked up."""

    __slots__ = ("_rows",)
    _rows: Mapping[str, tuple[View, ...]]

    def __init__(self, rows: Mapping[str, tuple[View, ...]]) -> None:
        object.__setattr__(self, "_rows", MappingProxyType(dict(rows)))

    def __call__(self, name: str) -> tuple[View, ...]:
        return self._rows.get(name, ())

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("read-only")

    def __repr__(self) -> str:
        return "<section>"


# The helpers a template may call on context objects, by type: nothing else of theirs is callable.
HELPERS: dict[type, frozenset[str]] = {Head: frozenset({"reference"}), Sections: frozenset()}
# The values a context holds besides views, helpers, tuples, frozensets and read-only mappings.
PLAIN: tuple[type, ...] = (str, int, float, bool, Decimal, date, type(None))


def freeze(value: Any) -> Any:
    """``value`` as a template may see it: models and dataclasses as ``View``s, lists as tuples,
    dicts as read-only mappings; a value of any other kind is a programming error."""
    return _Freezer().freeze(value)


def frozen_view(kind: str, **fields: Any) -> View:
    return View(kind, {name: freeze(value) for name, value in fields.items()})


class _Freezer:
    def __init__(self) -> None:
        # id -> (original, frozen): a record met twice is frozen once; the original is kept
        # alive so that its id is not reused while freezing.
        self.memo: dict[int, tuple[Any, Any]] = {}

    def freeze(self, value: Any) -> Any:
        if type(value) in PLAIN or isinstance(value, View | Head | Sections):
            return value
        if isinstance(value, str):  # a StrEnum member (or any str subclass) becomes its plain text
            return str.__str__(value)
        if isinstance(value, bool | int):
            return bool(value) if isinstance(value, bool) else int(value)
        if isinstance(value, date):  # a datetime
            return value
        key = id(value)
        if key not in self.memo:
            self.memo[key] = (value, self._container(value))
        return self.memo[key][1]

    def _container(self, value: Any) -> Any:
        if isinstance(value, BaseModel) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            return View(type(value).__name__, {n: self.freeze(getattr(value, n)) for n in _record_fields(type(value))})
        if isinstance(value, list | tuple):
            return tuple(self.freeze(x) for x in value)
        if isinstance(value, set | frozenset):
            return frozenset(self.freeze(x) for x in value)
        if isinstance(value, Mapping):
            return MappingProxyType({self.freeze(k): self.freeze(v) for k, v in value.items()})
        raise TypeError(f"a {type(value).__name__} cannot be shown to a template; freeze only hands them data")


@cache
def _record_fields(kind: type) -> tuple[str, ...]:
    """A model's or dataclass's fields, then the public properties its own classes define (``Window.label``)."""
    base: type = object
    if issubclass(kind, BaseModel):
        names, base = list(kind.model_fields), BaseModel
    else:
        names = [f.name for f in dataclasses.fields(cast(Any, kind))]
    for klass in kind.__mro__:
        if klass is base or klass is object:
            break
        names.extend(name for name, attr in vars(klass).items()
                     if isinstance(attr, property) and not name.startswith("_") and name not in names)
    return tuple(names)
