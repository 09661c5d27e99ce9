"""What a template is given is plain data: every object reachable from the render context of
every built-in job, and every global, is checked here through the sandbox's own eyes."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePath
from types import MappingProxyType, ModuleType
from typing import Any

import jinja2
import pytest
from pydantic import BaseModel

from ocopctl.loader import LoadedFile
from ocopctl.render import FORMATS, Request, environment, freeze, load, plan_jobs
from ocopctl.render.context import Head, Sections, View, view_fields
from ocopctl.reports import SECTIONS
from ocopctl.repository import Repository

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data" / "render"

FORBIDDEN = (PurePath, io.IOBase, ModuleType, type, Repository, LoadedFile, BaseModel)
PLAIN = (str, int, float, bool, Decimal, date, type(None), tuple, frozenset, MappingProxyType, View, Head, Sections)
# The only methods a template may call on what it is given, written out here apart from the sandbox's own
# table, so that widening that table fails this test: each reads its own object and touches nothing else.
PURE_METHODS: dict[type, set[str]] = {
    str: {"capitalize", "casefold", "count", "endswith", "find", "format", "format_map", "index", "isalnum",
          "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable",
          "isspace", "istitle", "isupper", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "rfind",
          "rindex", "rpartition", "rsplit", "rstrip", "split", "startswith", "strip", "swapcase", "title", "upper"},
    tuple: {"count", "index"},
    frozenset: {"difference", "intersection", "isdisjoint", "issubset", "issuperset", "union"},
    MappingProxyType: {"get", "items", "keys", "values"},
    date: {"weekday", "isoweekday", "isoformat"},
    Head: {"reference"},
}
SCALARS = (str, int, float, Decimal, date, type(None))
PURE_GLOBALS = {"range", "dict", "cycler", "joiner", "namespace"}


def every_job(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """Each built-in job: every encoded plan, and the fixtures' approval, recognition and report."""
    fixtures = tmp_path / "plans" / "mau"
    shutil.copytree(DATA, fixtures)
    requests = [
        Request([ROOT / "plans"]),
        Request([ROOT / "plans"], report="H2-2018"),
        Request([fixtures.parent]),
        Request([fixtures / "plan.yaml"], as_="approval"),
        Request([fixtures.parent], recognitions=["123/QĐ-UBND"]),
        Request([fixtures.parent], report="H2-2018"),
    ]
    for request in requests:
        repo, targets, result = load(request)
        assert not result.problems
        for job in plan_jobs(repo, targets, request):
            yield job.source, job


def reachable(env: jinja2.Environment, roots: list[Any]) -> Iterator[tuple[Any, Any, str]]:
    """(object, its owner, the attribute or item that reaches it) for everything a template can reach
    from ``roots``: items of tuples and mappings, fields of views, what ``report.section`` returns, and
    every attribute the sandbox lets a template read."""
    seen: set[int] = set()
    scalars: set[type] = set()  # a string's or number's attributes are its type's: looked at once a type
    keep: list[Any] = []  # objects made while walking (bound methods) stay alive, so ids are not reused
    stack: list[tuple[Any, Any, str]] = [(root, None, "context") for root in roots]
    while stack:
        obj, owner, how = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        keep.append(obj)
        yield obj, owner, how
        if callable(obj) and not isinstance(obj, Sections):
            continue  # a method: what it is allowed to be is checked by its name below
        if isinstance(obj, SCALARS):
            if type(obj) in scalars:
                continue
            scalars.add(type(obj))
        if isinstance(obj, tuple | frozenset):
            stack.extend((x, obj, "item") for x in obj)
        elif isinstance(obj, MappingProxyType):
            stack.extend((x, obj, "key") for x in obj)
            stack.extend((x, obj, "value") for x in obj.values())
        elif isinstance(obj, Sections):
            stack.extend((obj(name), obj, f"({name!r})") for name in SECTIONS)
        names = set(dir(obj)) | (set(view_fields(obj)) if isinstance(obj, View) else set())
        for name in sorted(names):
            value = env.getattr(obj, name)
            if not isinstance(value, jinja2.Undefined):
                stack.append((value, obj, name))


def check_reachable(env: jinja2.Environment, roots: list[Any]) -> int:
    count = 0
    for obj, owner, how in reachable(env, roots):
        count += 1
        where = f"{type(owner).__name__}.{how}"
        assert not isinstance(obj, FORBIDDEN), f"{where} is a {type(obj).__name__}"
        if callable(obj) and not isinstance(obj, Sections):
            assert how in PURE_METHODS.get(type(owner), set()), f"{where} is callable"
        else:
            assert type(obj) in PLAIN, f"{where} is a {type(obj).__name__}"
    return count


def test_every_object_reachable_from_a_built_in_context_is_plain_data(tmp_path: Path) -> None:
    env = environment("md")
    jobs = dict(every_job(tmp_path))
    kinds = {job.context["kind"] for job in jobs.values()}
    assert kinds == {"document", "approval", "recognition", "progress_report"}
    total = sum(check_reachable(env, list(job.context.values())) for job in jobs.values())
    assert total > 5_000  # the walk saw the documents, not an empty shell


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_globals_are_plain_values_and_pure_functions(fmt: str) -> None:
    env = environment(fmt)
    for name, value in env.globals.items():
        if callable(value):
            assert name in PURE_GLOBALS and not isinstance(value, type), name
            assert all(isinstance(env.getattr(value, a), jinja2.Undefined) for a in dir(value)), name
        else:
            check_reachable(env, [value])


def test_freeze_refuses_anything_that_is_not_data() -> None:
    for thing in (Path("plans"), io.StringIO(), print, Repository([]), shutil):
        with pytest.raises(TypeError, match="cannot be shown to a template"):
            freeze({"x": [thing]})


def test_a_view_is_read_only() -> None:
    view = freeze({"a": [1, {"b": "c"}]})
    assert view["a"] == (1, MappingProxyType({"b": "c"}))
    record = View("Task", {"title": "x"})
    with pytest.raises(AttributeError, match="read-only"):
        record.title = "y"
    with pytest.raises(AttributeError, match="'Task' has no attribute 'path'"):
        _ = record.path
