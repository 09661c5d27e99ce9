"""Measure YAML parsers that could be ocopctl's one door, on the national-scale repository.

For each parser that is installed: MB/s over every file of the repository (best of
``--repeat``, each file parsed from text already in memory), the peak memory of a process
that holds every file's result, and on the test corpus (tests/cases and plans/) how many
files give exactly the data ocopctl's loader gives (strings as written, nothing typed).
The guarantees each parser can keep are noted by hand in docs/reference.md.

    python benchmarks/bench_yaml.py [--data benchmarks/data/national] [--repeat 3]

Optional peers (pip install): pyyaml, rapidyaml, yaml-rs, ryaml, libfyaml, orjson.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def _ruamel_events(text: str) -> Any:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]

    parser = CParser(text)
    while parser.check_event():
        parser.get_event()


def _ocopctl(text: str) -> Any:
    from ocopctl.loader import _parse

    return _parse(text)[0]


def _pyyaml_events(text: str) -> Any:
    from yaml._yaml import CParser  # type: ignore[import-not-found]

    parser = CParser(text)
    while parser.check_event():
        parser.get_event()


def _pyyaml_nodes(text: str) -> Any:
    import yaml

    return yaml.CBaseLoader(text).get_single_node()


def _libyaml_floor(text: str) -> Any:
    from yaml._yaml import CParser

    return CParser(text).raw_parse()  # libyaml alone: events counted in C, no Python object


def _pyyaml_base(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=yaml.CBaseLoader)  # every scalar a string


def _rapidyaml(text: str) -> Any:
    import ryml  # type: ignore[import-not-found]

    return ryml.parse_in_arena(text.encode("utf-8"))


def _yaml_rs(text: str) -> Any:
    import yaml_rs  # type: ignore[import-not-found]

    return yaml_rs.loads(text, parse_datetime=False)


def _ryaml(text: str) -> Any:
    import ryaml  # type: ignore[import-not-found]

    return ryaml.loads(text)


def _libfyaml(text: str) -> Any:
    import libfyaml  # type: ignore[import-not-found]

    return libfyaml.loads(text)


def _orjson(text: str) -> Any:  # the floor: the same data as JSON
    import orjson

    return orjson.loads(text)


PARSERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "ocopctl loader (ruamel CParser events -> data)": ("ruamel.yaml", _ocopctl),
    "ruamel CParser, events only": ("ruamel.yaml", _ruamel_events),
    "libyaml alone (PyYAML raw_parse: no Python objects)": ("yaml", _libyaml_floor),
    "PyYAML CParser, events only": ("yaml", _pyyaml_events),
    "PyYAML CParser, nodes composed in C": ("yaml", _pyyaml_nodes),
    "PyYAML CBaseLoader (all strings)": ("yaml", _pyyaml_base),
    "rapidyaml parse_in_arena (tree only)": ("ryml", _rapidyaml),
    "yaml-rs loads (typed)": ("yaml_rs", _yaml_rs),
    "ryaml loads (typed)": ("ryaml", _ryaml),
    "libfyaml loads (typed)": ("libfyaml", _libfyaml),
    "orjson loads of the same data as JSON": ("orjson", _orjson),
}


def _texts(folder: Path, as_json: bool) -> list[str]:
    from ocopctl.loader import _parse, read_text

    texts = [read_text(p) for p in sorted(folder.rglob("*.yaml"))]
    return [json.dumps(_parse(t)[0], ensure_ascii=False) for t in texts] if as_json else texts


def _comparable(value: Any) -> Any:
    """Plain data from a parser's result, for comparing with the loader's."""
    if hasattr(value, "keys") and not isinstance(value, dict):
        value = dict(value.items())
    if isinstance(value, dict):
        return {str(k): _comparable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_comparable(v) for v in value]
    return value


def one(name: str, folder: Path, repeat: int) -> dict[str, Any]:
    """In a process of its own: speed, memory, correctness of one parser."""
    import resource

    module, parse = PARSERS[name]
    __import__(module)
    texts = _texts(folder, as_json=parse is _orjson)
    size = sum(len(t.encode("utf-8")) for t in texts)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        held = [parse(t) for t in texts]
        best = min(best, time.perf_counter() - start)
        if _ < repeat - 1:
            del held
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    del held
    same = total = 0
    if parse not in (_orjson, _ruamel_events, _pyyaml_events, _pyyaml_nodes, _rapidyaml, _libyaml_floor):
        from ocopctl.loader import YamlProblem, _parse, read_text

        for path in sorted([*(ROOT / "tests" / "cases").rglob("*.yaml"), *(ROOT / "plans").rglob("*.yaml")]):
            try:
                text = read_text(path)
                expected = _parse(text)[0]
            except YamlProblem:
                continue
            total += 1
            with contextlib.suppress(Exception):  # a parser that refuses a file ocopctl reads
                same += _comparable(parse(text)) == expected
    return {"name": name, "mb_s": size / 1e6 / best, "seconds": best, "mib": peak, "same": same, "total": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "national")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.data, args.repeat)))
        return
    if not args.data.is_dir():
        from generate import generate

        generate(args.data)
    print(f"{'parser':<52} {'MB/s':>6} {'seconds':>8} {'MiB held':>9} {'same data':>10}")
    for name in PARSERS:
        run = subprocess.run([sys.executable, __file__, "--one", name, "--data", str(args.data),
                              "--repeat", str(args.repeat)], capture_output=True, text=True)
        if run.returncode:
            print(f"{name:<52} not measured: {(run.stderr.strip().splitlines() or ['?'])[-1][:60]}")
            continue
        r = json.loads(run.stdout)
        same = f"{r['same']}/{r['total']}" if r["total"] else "-"
        print(f"{name:<52} {r['mb_s']:>6.1f} {r['seconds']:>8.2f} {r['mib']:>9.0f} {same:>10}")


if __name__ == "__main__":
    main()
