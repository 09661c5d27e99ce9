"""How much a template may make and spend: the checks the sandbox runs before and after each step.

Every operator that can make a big value in one step is checked before it runs (``'x' * n``,
``[..] * n``, ``a ** b``, ``'%0999d' % x``, ``'{:>999}'.format(x)``, ``range(n)``, ``center``,
``indent``, ``wordwrap``, ``join``, ``replace``, ``batch`` ...); a list or mapping printed as
text is bounded like a string; every buffer a template writes (a macro's, a block's, a
``{% set %}``'s, the document's) is counted as it is written. Every loop step, call, filter
and piece of output ticks the ``Budget`` of the document being rendered: its clock
(TEMPLATE_SECONDS), the depth of nested macro calls (TEMPLATE_RECURSION) and how much the
process has grown (TEMPLATE_MEMORY_BYTES).

A breach raises ``LimitError`` naming the limit. The limits are read from ``ocopctl.limits``
when they are checked, so that a test can lower them.
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from decimal import Decimal
from functools import update_wrapper
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from jinja2.filters import make_attrgetter
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import escape

from ocopctl import limits
from ocopctl.i18n import _, format_number
from ocopctl.render.filters import number_digits

try:
    import resource
except ImportError:  # pragma: no cover - Windows has no resident size to read; the other limits hold
    resource = None  # type: ignore[assignment]


class LimitError(jinja2.TemplateRuntimeError):
    """A template went past one of ``ocopctl.limits``."""


def limit_of(name: str) -> int:
    value: int = getattr(limits, name).value
    return value


def over_limit(name: str, what: str) -> LimitError:
    return LimitError(_("{what}; the limit is {limit} ({name})").format(what=what, limit=format_number(limit_of(name)),
                                                                      name=name))


# --------------------------------------------------------------------------- the budget of one document


_CLOCK_EVERY_TICKS = 16  # a tick is one small step: the clock is read every few
_MEMORY_EVERY_TICKS = 1024  # how often the resident size is read (a read costs a few microseconds) ...
_MEMORY_EVERY_UNITS = 4_000_000  # ... or after this many characters or items were made since the last read


def _resident_bytes() -> int:
    """The process's resident size now (Linux), else its peak so far; 0 where neither is known."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        if resource is None:
            return 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Budget:
    """What rendering one document may still spend: seconds, nested calls, memory. Every loop step, call
    and filter ticks it; straight-line template code between two ticks is as long as the template."""

    def __init__(self) -> None:
        self.seconds = limit_of("TEMPLATE_SECONDS")
        self.recursion = limit_of("TEMPLATE_RECURSION")
        self.output_chars = limit_of("TEMPLATE_OUTPUT_CHARS")
        self.deadline = time.monotonic() + self.seconds
        self.memory = limit_of("TEMPLATE_MEMORY_BYTES")
        self.start_bytes = _resident_bytes()
        self.depth = 0
        self.ticks = 0
        self.left = _CLOCK_EVERY_TICKS  # ticks until the clock is read
        self.made = 0  # characters and items made since memory was last read

    def tick(self) -> None:
        self.left -= 1
        if self.left <= 0 or self.made > _MEMORY_EVERY_UNITS:
            self._look()

    def _look(self) -> None:
        self.left = _CLOCK_EVERY_TICKS
        self.ticks += _CLOCK_EVERY_TICKS
        if time.monotonic() > self.deadline:
            raise over_limit("TEMPLATE_SECONDS", f"the document has taken more than {self.seconds} s to render")
        if self.made > _MEMORY_EVERY_UNITS or self.ticks % _MEMORY_EVERY_TICKS == 0:
            self.made = 0
            grown = _resident_bytes() - self.start_bytes
            if grown > self.memory:
                raise over_limit("TEMPLATE_MEMORY_BYTES", f"rendering the document took {grown:,} more bytes of memory")


BUDGET: ContextVar[Budget | None] = ContextVar("budget", default=None)


def tick() -> None:
    budget = BUDGET.get()
    if budget is not None:
        budget.tick()


def made(units: int) -> None:
    """Characters or items just made: they bring the budget's next look at memory closer."""
    budget = BUDGET.get()
    if budget is not None:
        budget.made += units


# --------------------------------------------------------------------------- sizes


def _number_bits() -> int:
    return math.ceil(limit_of("NUMBER_DIGITS") * math.log2(10))


def _weight(value: Any, limit: int, path: set[int] | None = None) -> int:
    """About how many characters ``str(value)`` has; counting stops past ``limit``."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, TemplateModule):  # an imported template prints its whole output
        return sum(len(x) for x in value._body_stream)
    if isinstance(value, Namespace):
        value = value._Namespace__attrs
    if not isinstance(value, list | tuple | set | frozenset | dict | MappingProxyType):
        return 64  # a number, date, view, macro or loop prints in a few characters
    path = path if path is not None else set()
    if id(value) in path:
        return 5  # [...]
    path.add(id(value))
    items: Iterable[Any] = (x for kv in value.items() for x in kv) if isinstance(value, Mapping) else value
    total = 2
    for item in items:
        total += _weight(item, limit - total, path) + 2
        if total > limit:
            break
    path.discard(id(value))
    return total


def printable(value: Any) -> None:
    """A value about to become text: a list or mapping may print as long as a string a template builds."""
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset | Mapping | Namespace
                                                  | TemplateModule):
        return
    limit = limit_of("TEMPLATE_STRING_CHARS")
    if isinstance(value, TemplateModule):
        limit = limit_of("TEMPLATE_OUTPUT_CHARS")
    weight = _weight(value, limit)
    if weight > limit:
        name = "TEMPLATE_OUTPUT_CHARS" if isinstance(value, TemplateModule) else "TEMPLATE_STRING_CHARS"
        raise over_limit(name, f"a {type(value).__name__} printed as text would have more than {limit:,} characters")


def check_made(value: Any, limit_name: str = "TEMPLATE_STRING_CHARS") -> int:
    """A value an operator or call made: strings, lists and numbers within their limits. Returns how
    many characters or items it holds (for the budget's look at memory)."""
    if isinstance(value, str):
        if len(value) > limit_of(limit_name):
            raise over_limit(limit_name, f"a string of {len(value):,} characters")
        return len(value)
    if isinstance(value, list | dict | set):  # a template's own (a tuple is the data's, or checked before)
        if len(value) > limit_of("TEMPLATE_RANGE"):
            raise over_limit("TEMPLATE_RANGE", f"a {type(value).__name__} of {len(value):,} items")
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _number_bits():
            raise over_limit("NUMBER_DIGITS", "a number of more digits")
    elif isinstance(value, Decimal) and value.is_finite() and number_digits(value) > limit_of("NUMBER_DIGITS"):
        raise over_limit("NUMBER_DIGITS", f"a number of {number_digits(value):,} digits")
    return 0


_UNITS = {"TEMPLATE_RANGE": "items"}


def _check_count(what: str, count: int, limit_name: str) -> None:
    if count > limit_of(limit_name):
        raise over_limit(limit_name, f"{what} would make {count:,} {_UNITS.get(limit_name, 'characters')}")


def take(items: Iterable[Any], room: int, what: str) -> list[Any]:
    """``items`` as a list of at most ``room`` items (counted while taken, so that nothing endless is)."""
    if isinstance(items, str | list | tuple | dict | set | frozenset | MappingProxyType | range):
        if len(items) > room:
            raise over_limit("TEMPLATE_RANGE", f"{what} would hold more than {room:,} items")
        return list(items)
    out: list[Any] = []
    for item in items:
        if len(out) >= room:
            raise over_limit("TEMPLATE_RANGE", f"{what} would hold more than {room:,} items")
        out.append(item)
        if len(out) % 1024 == 0:
            made(1024)
            tick()
    return out


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


def _check_printf(fmt: str, args: Any) -> None:
    """``fmt % args`` within TEMPLATE_STRING_CHARS: its widths and precisions and what it prints."""
    values = list(args.values()) if isinstance(args, Mapping) else list(args) if isinstance(args, tuple) else [args]
    sizes: list[int] = []
    for m in _PRINTF.finditer(fmt):
        for part in m.group(1, 2):
            if part == "*":
                sizes.extend(abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool))
            elif part:
                sizes.append(_spec_number(part))
    limit = limit_of("TEMPLATE_STRING_CHARS")
    for v in values:
        printable(v)
    estimate = len(fmt) + sum(sizes) + sum(_weight(v, limit) for v in values)
    if estimate > limit:
        raise over_limit("TEMPLATE_STRING_CHARS", f"the format {_short(fmt)} would make about {estimate:,} characters")


def _spec_number(digits: str) -> int:
    limit = limit_of("TEMPLATE_STRING_CHARS")
    if len(digits) > len(str(limit)) or int(digits) > limit:
        raise over_limit("TEMPLATE_STRING_CHARS", f"a width or precision of {_short(digits)}")
    return int(digits)


def _check_spec(spec: str) -> None:
    """A ``str.format`` field's spec (``>999``, ``.5f``, ``0999d``): every width within limits."""
    for digits in re.findall(r"\d+", spec):
        _spec_number(digits)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, each field and the whole result within TEMPLATE_STRING_CHARS."""

    made = 0

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        printable(value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(format_spec)
        printable(value)
        out = super().format_field(value, format_spec)
        self.made += len(out)
        _check_count("str.format", self.made, "TEMPLATE_STRING_CHARS")
        return out


class BoundedEscapeFormatter(BoundedFormatter, SandboxedEscapeFormatter):
    """``Markup.format`` likewise (the bounds above, then the escaping formatter's own steps)."""


_PIECES = 4096  # pieces of output kept apart before they are joined


class Buffer(list[str]):
    """Output as it is written (the document's, a block's), within TEMPLATE_OUTPUT_CHARS; many small
    pieces are joined as they come, so that memory follows the characters written."""

    __slots__ = ("chars", "limit")

    def __init__(self) -> None:
        super().__init__()
        self.chars = 0
        self.limit = limit_of("TEMPLATE_OUTPUT_CHARS")

    def append(self, item: str) -> None:
        self.chars += len(item)
        if self.chars > self.limit:
            raise over_limit("TEMPLATE_OUTPUT_CHARS", f"the output would be longer than {self.limit:,} characters")
        super().append(item)
        if len(self) >= _PIECES:
            tail = "".join(self[-_PIECES:])
            del self[-_PIECES:]
            super().append(tail)

    def extend(self, items: Iterable[str]) -> None:
        for item in items:
            self.append(item)


def joined(pieces: Iterable[str]) -> str:
    """What a macro, ``{% call %}``, ``{% set %}`` or filter block wrote (a ``Buffer``, counted as it
    was written), or a block's output (``self.name()``, ``super()``: counted as it is made)."""
    if isinstance(pieces, Buffer):
        made(pieces.chars)
        return "".join(pieces)
    if isinstance(pieces, list):
        size = sum(map(len, pieces))
        limit = limit_of("TEMPLATE_OUTPUT_CHARS")
        if size > limit:
            raise over_limit("TEMPLATE_OUTPUT_CHARS", f"a macro or block wrote {size:,} characters")
        made(size)
        return "".join(pieces)
    buffer = Buffer()
    buffer.extend(pieces)
    return "".join(buffer)


def ticking(iterable: Iterable[Any], budget: Budget) -> Iterator[Any]:
    for item in iterable:
        budget.tick()
        yield item


def bounded_split(method: Callable[..., list[str]], sep: Any = None, maxsplit: Any = -1) -> list[str]:
    """``str.split`` and ``rsplit`` into at most TEMPLATE_RANGE pieces."""
    limit = limit_of("TEMPLATE_RANGE")
    bound = limit if not isinstance(maxsplit, int) or maxsplit < 0 else min(maxsplit, limit)
    pieces = method(sep, bound)
    if len(pieces) > limit:
        raise over_limit("TEMPLATE_RANGE", f"{method.__name__}() would make more than {limit:,} pieces")
    return pieces


def check_operands(operator: str, left: Any, right: Any) -> None:
    """What ``left <operator> right`` would make, checked before it is made."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(n, int):
                name = "TEMPLATE_STRING_CHARS" if isinstance(seq, str) else "TEMPLATE_RANGE"
                if len(seq) * n > limit_of(name):
                    _check_count(f"{type(seq).__name__} * {n}", len(seq) * n, name)
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1 \
                and (left.bit_length() - 1) * right > _number_bits():
            raise over_limit("NUMBER_DIGITS", f"{_short(left)} ** {_short(right)} would have more digits")
    elif operator == "+":
        if isinstance(left, str) and isinstance(right, str):
            _check_count("'+'", len(left) + len(right), "TEMPLATE_STRING_CHARS")
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            _check_count("'+'", len(left) + len(right), "TEMPLATE_RANGE")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


# --------------------------------------------------------------------------- globals and filters


def _range(*args: int) -> range:
    """``range()``, of at most TEMPLATE_RANGE items."""
    r = range(*args)
    try:
        n = len(r)
    except OverflowError:
        n = sys.maxsize
    if n > limit_of("TEMPLATE_RANGE"):
        _check_count(f"range({', '.join(map(str, args))})", n, "TEMPLATE_RANGE")
    return r


def _dict(*args: Any, **kwargs: Any) -> dict[Any, Any]:
    return dict(*args, **kwargs)


def _cycler(*items: Any) -> Cycler:
    return Cycler(*items)


def _joiner(sep: str = ", ") -> Joiner:
    return Joiner(sep)


def _namespace(*args: Any, **kwargs: Any) -> Namespace:
    return Namespace(*args, **kwargs)


GLOBALS: dict[str, Callable[..., Any]] = {
    "range": _range, "dict": _dict, "cycler": _cycler, "joiner": _joiner, "namespace": _namespace,
}


# Filters that make text of their value: a list or mapping given to them prints within limits.
_PRINTING = frozenset({
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "pprint", "replace", "safe",
    "string", "striptags", "title", "trim", "truncate", "upper", "urlencode", "wordcount", "wordwrap", "xmlattr",
    "text", "vnnum", "lcfirst", "md", "mdcell", "column_field",
})
# Filters a document never needs and that print JSON or links of any size: not offered.
_LEFT_OUT = frozenset({"tojson", "urlize"})


def _line_breaks(s: str) -> int:
    return sum(s.count(c) for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029") + 1


def _check_center(lead: Any, value: Any, /, width: int = 80) -> None:
    if isinstance(width, int):
        _check_count("center()", width, "TEMPLATE_STRING_CHARS")


def _check_indent(lead: Any, value: Any, /, width: int | str = 4, first: bool = False, blank: bool = False) -> None:
    if isinstance(width, int):
        _check_count("indent()", width, "TEMPLATE_STRING_CHARS")
    text = str(value)
    size = width if isinstance(width, int) else len(width)
    _check_count("indent()", len(text) + _line_breaks(text) * size, "TEMPLATE_OUTPUT_CHARS")


def _check_wordwrap(lead: Any, value: Any, /, width: int = 79, break_long_words: bool = True,
                    wrapstring: str | None = None, break_on_hyphens: bool = True) -> None:
    text = str(value)
    _check_count("wordwrap() of a text", len(text), "TEMPLATE_STRING_CHARS")
    joint = 1 if wrapstring is None else len(str(wrapstring))
    _check_count("wordwrap()", len(text) + (len(text) + _line_breaks(text)) * joint, "TEMPLATE_OUTPUT_CHARS")


def _check_format(lead: Any, value: Any, /, *args: Any, **kwargs: Any) -> None:
    _check_printf(str(value), kwargs or args)


def _check_replace(lead: Any, value: Any, /, old: Any, new: Any, count: int | None = None) -> None:
    autoescape = bool(getattr(lead, "autoescape", False))
    text, old_text = str(value), str(old)
    new_size = len(escape(new)) if autoescape else len(str(new))
    n = text.count(old_text) if old_text else len(text) + 1
    if count is not None and count >= 0:
        n = min(n, count)
    grown = len(text) * (6 if autoescape else 1) + n * max(new_size - len(old_text), 0)
    _check_count("replace()", grown, "TEMPLATE_OUTPUT_CHARS")


def _check_batch(lead: Any, value: Any, /, linecount: int, fill_with: Any = None) -> None:
    _check_count("batch()", linecount, "TEMPLATE_RANGE")


def _check_slice(lead: Any, value: Any, /, slices: int, fill_with: Any = None) -> None:
    _check_count("slice()", slices, "TEMPLATE_RANGE")


def _check_sum(lead: Any, value: Any, /, attribute: Any = None, start: Any = 0) -> None:
    if not isinstance(start, int | float | Decimal):
        raise TypeError("sum() adds numbers; its start must be a number")


def _check_join(lead: Any, value: Sequence[Any], /, d: Any = "", attribute: Any = None) -> None:
    limit = limit_of("TEMPLATE_OUTPUT_CHARS")
    grow = 6 if getattr(lead, "autoescape", False) else 1  # escaping makes a character at most six ('&#34;')
    total = max(len(value) - 1, 0) * len(str(d)) * grow
    for item in value:
        printable(item)
        total += _weight(item, limit) * grow
        if total > limit:
            raise over_limit("TEMPLATE_OUTPUT_CHARS", f"join() would make more than {limit:,} characters")


# Per filter, what its arguments would make, checked before it runs: each is given the filter's first
# argument if Jinja passes one (its environment or evaluation context; else None), its value and the rest.
_CHECKS: dict[str, Callable[..., None]] = {
    "center": _check_center, "indent": _check_indent, "wordwrap": _check_wordwrap, "format": _check_format,
    "replace": _check_replace, "join": _check_join, "batch": _check_batch, "slice": _check_slice, "sum": _check_sum,
}
# Filters that hold their whole value in a list: given it as a list of at most TEMPLATE_RANGE items.
_MATERIALISING = frozenset({"list", "sort", "unique", "groupby", "slice", "join", "reverse"})


def guarded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Every filter, checked before and after it runs; those a document never needs left out."""
    return {name: _guard(name, func) for name, func in filters.items() if name not in _LEFT_OUT}


def _guard(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    lead = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    check = _CHECKS.get(name)
    printing = name in _PRINTING
    materialising = name in _MATERIALISING

    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        if len(args) > lead:
            value = args[lead]
            if materialising and not isinstance(value, Mapping) and not (name == "reverse" and isinstance(value, str)):
                if name == "join" and (len(args) > lead + 2 or "attribute" in kwargs):
                    attribute = args[lead + 2] if len(args) > lead + 2 else kwargs.pop("attribute")
                    value = map(make_attrgetter(args[0].environment, attribute), value)
                    args = args[:lead + 2]
                value = take(value, limit_of("TEMPLATE_RANGE"), f"{name}()")
                args = (*args[:lead], value, *args[lead + 1:])
            if printing:
                printable(value)
            if check is not None:
                check(args[0] if lead else None, *args[lead:], **kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, str):
            made(check_made(result, "TEMPLATE_OUTPUT_CHARS"))
        return result

    return update_wrapper(guarded, func)
