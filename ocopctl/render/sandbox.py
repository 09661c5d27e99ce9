"""The sandbox every template runs in: what a template may touch, and the wiring of the bounds.

Jinja's ``SandboxedEnvironment`` blocks underscore attributes and internals. This one lets a
template read a view's fields, the two helpers of ``ocopctl.render.context``, the pure methods
of strings, lists, dicts, tuples and dates listed in ``ATTRIBUTES``, and its own loops,
macros, namespaces and cyclers; nothing else. Its attribute, item, call and operator hooks,
its compiler (loops, ``~`` and buffers) and its filters run the checks of
``ocopctl.render.bounds``. ``render_page`` renders one document and turns any failure,
a limit's or the template's own, into a ``RenderError`` of one line that names the
template and the line.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, partial, update_wrapper
from pathlib import Path
from types import BuiltinMethodType, GeneratorType, MappingProxyType, MethodType
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from markupsafe import Markup

from ocopctl.i18n import _
from ocopctl.ratings import CERTIFICATE_MONTHS
from ocopctl.render.bounds import (
    BUDGET,
    GLOBALS,
    BoundedEscapeFormatter,
    BoundedFormatter,
    Budget,
    Buffer,
    LimitError,
    bounded_split,
    check_made,
    check_operands,
    guarded_filters,
    joined,
    limit_of,
    made,
    over_limit,
    printable,
    take,
    ticking,
)
from ocopctl.render.context import HELPERS, Head, RenderError, View, view_fields, view_kind
from ocopctl.render.filters import AGENCY_NAMES, FILTERS
from ocopctl.resources import template_dir

FORMATS = ("docx", "html", "md")


# --------------------------------------------------------------------------- what a template may touch


_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "format", "format_map", "index", "isalnum", "isalpha",
    "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
    "isupper", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "rfind", "rindex", "rpartition",
    "rsplit", "rstrip", "split", "startswith", "strip", "swapcase", "title", "upper",
})
_DATE_FIELDS = frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"})
# Per type: the only attributes a template may read (methods it may call). Nothing that pads, repeats or
# joins (the filters do that, bounded), nothing that reads the clock or builds types.
ATTRIBUTES: dict[type, frozenset[str]] = {
    str: _STR_METHODS,
    Markup: _STR_METHODS | {"striptags", "unescape"},
    list: frozenset({"append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
                     "sort"}),
    dict: frozenset({"clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"}),
    set: frozenset({"add", "clear", "copy", "difference", "discard", "intersection", "isdisjoint", "issubset",
                    "issuperset", "pop", "remove", "union"}),
    frozenset: frozenset({"difference", "intersection", "isdisjoint", "issubset", "issuperset", "union"}),
    tuple: frozenset({"count", "index"}),
    MappingProxyType: frozenset({"get", "items", "keys", "values"}),
    date: _DATE_FIELDS,
    datetime: _DATE_FIELDS | {"hour", "minute", "second", "date"},
    int: frozenset(), float: frozenset(), bool: frozenset(), Decimal: frozenset(),
    Head: frozenset(f.name for f in fields(Head)) | HELPERS[Head],
    **{kind: names for kind, names in HELPERS.items() if kind is not Head},
}
_GROWING = (list, dict, set)  # a template may grow its own lists, dicts and sets: each within TEMPLATE_RANGE
_NESTING = (Macro, LoopContext, BlockReference)  # calls that nest a template inside itself


def _owner(obj: Any) -> str:
    if isinstance(obj, View):
        return view_kind(obj)
    return "the value" if isinstance(obj, Mapping) else type(obj).__name__


def _finalize(value: Any) -> Any:
    if value is None:
        raise jinja2.UndefinedError("the template prints a value that is empty (None)")
    printable(value)
    return value


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler, with three changes: every loop ticks the budget at each step, ``~`` checks
    what it joins, and every buffer (a macro's, a call block's, a ``{% set %}`` or filter block's)
    counts what is written to it."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.template_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        guard = node.iter
        if not (isinstance(guard, nodes.Call) and isinstance(guard.node, nodes.EnvironmentAttribute)):
            node.iter = nodes.Call(nodes.EnvironmentAttribute("template_loop"), [guard], [], None, None,
                                   lineno=guard.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.template_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Loader(jinja2.FileSystemLoader):
    """Template files, each at most TEMPLATE_FILE_BYTES."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            name = posixpath.join(folder, *pieces)
            if os.path.isfile(name):
                size = os.path.getsize(name)
                if size > limit_of("TEMPLATE_FILE_BYTES"):
                    raise RenderError(f"{_where(name, None)}: a template of {size:,} bytes; the limit is "
                                      f"{limit_of('TEMPLATE_FILE_BYTES'):,} (TEMPLATE_FILE_BYTES)")
                break
        return super().get_source(environment, template)


class _Environment(SandboxedEnvironment):
    """The sandbox, with what a template may touch and make bounded (see the module's docstring), and
    one more rule: a field that is empty in the data (``None``) is undefined, so printing it fails and
    names it, and ``is defined`` tests for it."""

    intercepted_binops = frozenset({"+", "*", "/", "//", "%", "**"})
    code_generator_class = _CodeGenerator

    # ------------------------------------------------------------- attributes and items

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, View):
            return attr in view_fields(obj)
        allowed = ATTRIBUTES.get(type(obj))
        if allowed is not None:
            return attr in allowed
        # The template's own loops, macros, imported templates, namespaces, cyclers and joiners.
        return type(obj).__module__.split(".")[0] == "jinja2"

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is View and attribute in view_fields(obj):  # a field: data, read directly
            value = view_fields(obj)[attribute]
        else:
            value = super().getattr(obj, attribute)
        if value is None:
            return self.undefined(hint=f"{_owner(obj)}.{attribute} is empty in the data", obj=obj, name=attribute)
        if isinstance(value, jinja2.Undefined) and isinstance(obj, View) and not attribute.startswith("_"):
            return self.undefined(hint=f"{view_kind(obj)!r} has no attribute {attribute!r}", obj=obj,
                                  name=attribute)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if value is None:
            return self.undefined(hint=f"{_owner(obj)}[{argument!r}] is empty in the data", obj=obj, name=argument)
        return value

    # ------------------------------------------------------------- calls and operators

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.tick()
            if isinstance(__obj, _NESTING):  # a macro, block or loop: always safe to call, counted
                budget.depth += 1
                try:
                    if budget.depth > budget.recursion:
                        raise over_limit("TEMPLATE_RECURSION", f"macros, blocks or loops nest {budget.depth} deep "
                                                               "(does one call itself without end?)")
                    result = __context.call(__obj, *args, **kwargs)
                finally:
                    budget.depth -= 1
                if isinstance(result, str):
                    if len(result) > budget.output_chars:
                        raise over_limit("TEMPLATE_OUTPUT_CHARS", f"a macro wrote {len(result):,} characters")
                    budget.made += len(result)
                return result
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        kind = type(__obj)
        owner = __obj.__self__ if kind is BuiltinMethodType or kind is MethodType else None
        if owner is None:  # a function of the globals, a filter's or formatter's, a cycler's, a joiner
            result = __context.call(__obj, *args, **kwargs)
        else:  # a method the sandbox let through
            name = __obj.__name__
            if isinstance(owner, str) and name in ("split", "rsplit"):
                __obj = partial(bounded_split, __obj)
            elif isinstance(owner, list | dict | set) and name in ("extend", "update") and args:
                room = limit_of("TEMPLATE_RANGE") - len(owner)
                args = (take(args[0].items() if isinstance(args[0], Mapping) else args[0], room, f"{name}()"),
                        *args[1:])
            result = __context.call(__obj, *args, **kwargs)
            if type(owner) in _GROWING:
                check_made(owner)
        if isinstance(result, str | list | dict | set | int | Decimal):
            made(check_made(result, "TEMPLATE_OUTPUT_CHARS"))  # no method a template may call makes text longer
        return result

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "+" and isinstance(left, list | tuple) and isinstance(right, list | tuple) \
                and type(left) is not type(right):
            left, right = list(left), list(right)  # a template's list and a tuple of the data
        check_operands(operator, left, right)
        result = self.binop_table[operator](left, right)
        made(check_made(result))
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map``, through the bounded formatters."""
        if not isinstance(value, MethodType | BuiltinMethodType) or value.__name__ not in ("format", "format_map"):
            return None
        f_self: Any = value.__self__
        if not isinstance(f_self, str):
            return None
        str_type: type[str] = type(f_self)
        is_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            formatter: SandboxedFormatter = (
                BoundedEscapeFormatter(self, escape=f_self.escape) if isinstance(f_self, Markup)
                else BoundedFormatter(self))
            return str_type(formatter.vformat(f_self, args, kwargs))

        return update_wrapper(wrapper, value)

    # ------------------------------------------------------------- what the compiled templates call

    def template_loop(self, iterable: Any) -> Any:
        budget = BUDGET.get()
        return iterable if budget is None else ticking(iterable, budget)

    def template_concat(self, join: Callable[[Sequence[Any]], str], parts: Sequence[Any]) -> str:
        for part in parts:
            if not isinstance(part, str):
                printable(part)
        result = join(parts)
        made(check_made(result))
        return result

    def template_buffer(self) -> list[str]:
        return Buffer()

    def concat(self, pieces: Iterable[str]) -> str:
        """What every macro, block and ``{% set %}`` wrote, joined within limits."""
        return joined(pieces)


@lru_cache(maxsize=16)
def environment(fmt: str, user_dir: str | None = None) -> jinja2.Environment:
    """The sandboxed environment of one format; a user's folder overrides templates by name."""
    if fmt not in FORMATS:
        raise RenderError(_("unknown format {format}; choose one of {formats}").format(format=repr(fmt),
                                                                                        formats=", ".join(FORMATS)))
    search = [user_dir] if user_dir else []
    search.append(str(template_dir()))
    env = _Environment(
        loader=_Loader(search),
        autoescape=fmt in {"html", "docx"},
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.globals.clear()
    env.globals.update(GLOBALS, fmt=fmt, blocks=f"format.{fmt}.j2", certificate_months=CERTIFICATE_MONTHS)
    every = guarded_filters({**env.filters, **FILTERS})
    env.filters.clear()
    env.filters.update(every)
    return env


# --------------------------------------------------------------------------- rendering


def render_page(templates: Sequence[str], context: Mapping[str, Any], fmt: str, user_dir: Path | None,
                agency_names: Callable[[str], str], source: str) -> str:
    """One document's page in one format: the first of ``templates`` that exists, inside
    ``page.<fmt>.j2``. Any failure is a one-line ``RenderError`` naming the template and line."""
    env = environment(fmt, str(user_dir.resolve()) if user_dir else None)
    budget = Budget()
    rendering = _("rendering {source} as {format}").format(source=source, format=fmt)
    tokens = (BUDGET.set(budget), AGENCY_NAMES.set(agency_names))
    try:
        body = _stream(env.select_template(templates), context, budget, rendering)
        return _stream(env.get_template(f"page.{fmt}.j2"), {**context, "body": Markup(body)}, budget, rendering)
    except RenderError:
        raise
    except jinja2.TemplateNotFound as exc:
        names = " or ".join(repr(n) for n in getattr(exc, "templates", [exc.name]))
        where = _template_frame(exc)  # an include or import names its line; a document's own template, none
        raise RenderError(f"{where + ': ' if where != 'template' else ''}" + _(
            "no template {names} for {source} in the templates folders").format(names=names, source=source)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{_where(exc.filename or exc.name or '?', exc.lineno)}: {_line(exc.message or '')}") \
            from None
    except RecursionError as exc:
        raise RenderError(f"{_template_frame(exc)}: " + _(
            "templates nest too deeply: does an include, import, block or macro call itself without end? "
            "({rendering})").format(rendering=rendering)) from None
    except MemoryError as exc:
        raise RenderError(f"{_template_frame(exc)}: " + _("out of memory ({rendering})").format(
            rendering=rendering)) from None
    except Exception as exc:  # a template is a program: whatever it raises is the template's error
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        message = message or type(exc).__name__
        raise RenderError(f"{_template_frame(exc)}: {_line(message)} ({rendering})") from None
    finally:
        BUDGET.reset(tokens[0])
        AGENCY_NAMES.reset(tokens[1])


def _stream(template: jinja2.Template, context: Mapping[str, Any], budget: Budget, rendering: str) -> str:
    """The template's output, counted as it is made (TEMPLATE_OUTPUT_CHARS, TEMPLATE_SECONDS)."""
    limit = limit_of("TEMPLATE_OUTPUT_CHARS")
    out = Buffer()
    stream = cast(Generator[str, None, None], template.generate(context))
    for piece in stream:
        try:
            out.append(piece)
            budget.tick()
        except LimitError as exc:
            where = _suspended_line(stream) or _where(template.filename or template.name or "template", None)
            stream.close()
            message = exc.message or ""
            if out.chars > limit:
                message = f"the document is longer than {limit:,} characters; the limit is {limit:,} " \
                          "(TEMPLATE_OUTPUT_CHARS)"
            raise RenderError(f"{where}: {message} ({rendering})") from None
    return "".join(out)


def _suspended_line(stream: Any) -> str | None:
    """The template line a suspended template generator stands on (its innermost template frame)."""
    where = None
    while isinstance(stream, GeneratorType):
        frame = stream.gi_frame
        if frame is None:
            break
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            where = _where(template.filename or template.name, template.get_corresponding_lineno(frame.f_lineno))
        stream = stream.gi_yieldfrom
    return where


def _line(message: str) -> str:
    """A message as one line of reasonable length."""
    text = " ".join(message.split())
    return text if len(text) <= 300 else text[:297] + "..."


def _where(filename: str, line: int | None) -> str:
    path = Path(filename)
    try:
        shown = str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        shown = str(path)
    return f"{shown}:{line}" if line else shown


def _template_frame(exc: BaseException) -> str:
    """The innermost template line the error passed through."""
    tb = exc.__traceback__
    where = "template"
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or "/templates/" in name:
            where = _where(name, tb.tb_lineno)
        tb = tb.tb_next
    return where
