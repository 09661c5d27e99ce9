"""Every row of the speed table in docs/reference.md, against the same peers, in one run.

Rows: ``ocopctl --help``; one plan file and the seeds under plans/ against check-jsonschema;
the national-scale repository cold (empty cache) and with ``--no-cache`` against
check-jsonschema, yamllint and the orjson floor (the same data as JSON, read by orjson); one
core; today's date (findings in every plan); warm (cache kept, nothing changed) and after
editing one plan; twice the national scale, cold: time and memory. Prints the table in
Markdown, ratios included, to paste into docs/reference.md.

Peers are found next to the interpreter that runs this script (the venv's bin/), then on
PATH: the script runs with or without an activated venv. Memory is the peak of the summed
proportional set size (PSS) of the command's process tree, so that worker processes count
and pages they share with their parent count once.

    python benchmarks/bench_all.py [--repeat 3] [--data benchmarks/data]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import PROVINCES, generate  # noqa: E402
from peers import tool  # noqa: E402

TODAY = "2020-06-30"


OCOPCTL = tool("ocopctl") or [sys.executable, "-m", "ocopctl"]


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    pids += _tree(int(child))
    except OSError:
        pass
    return pids


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(commands: list[list[str]], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds of a sequence of commands and the largest peak memory (MiB) among them."""
    seconds = peak = 0.0
    for command in commands:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, **(env or {})})
        top = 0
        while proc.poll() is None:
            top = max(top, sum(_pss_kib(p) for p in _tree(proc.pid)))
            time.sleep(0.1)  # reading /proc costs CPU too: not so often that it slows the run
        seconds += time.perf_counter() - start
        peak = max(peak, top / 1024)
    return seconds, peak


def best(repeat: int, commands: list[list[str]], env: dict[str, str] | None = None) -> tuple[float, float]:
    runs = [run(commands, env) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def schema_runs(schemas: Path, files: list[Path]) -> list[list[str]]:
    """check-jsonschema, once per kind of file, with the schema ``ocopctl schema`` exports for it."""
    peer = tool("check-jsonschema")
    if peer is None:
        return []
    by_kind: dict[str, list[str]] = {}
    for f in files:
        kind = re.search(r"^kind:\s*(\w+)", f.read_text(encoding="utf-8"), re.M)
        if kind and (schemas / f"{kind[1]}.schema.json").is_file():
            by_kind.setdefault(kind[1], []).append(str(f))
    return [[*peer, "--schemafile", str(schemas / f"{k}.schema.json"), *fs] for k, fs in sorted(by_kind.items())]


_ORJSON_FLOOR = r"""
import orjson, sys
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob("*.json")):
    orjson.loads(p.read_bytes())
"""


def json_copy(national: Path, target: Path) -> None:
    """The national repository's data as JSON files (what the orjson floor reads)."""
    from ocopctl.loader import _parse, read_text

    for path in sorted(national.rglob("*.yaml")):
        out = target / path.relative_to(national).with_suffix(".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(_parse(read_text(path))[0], ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data", help="where the repositories are made")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each small case (the best is kept)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs of each national-scale case")
    args = parser.parse_args()
    # The national repository is the plans/ folder of a workspace, so that validating one of
    # its files loads that file's context (agencies, progress) as a pre-commit hook does.
    national, double = args.data / "workspace" / "plans", args.data / "national-x2"
    for folder, provinces in ((national, PROVINCES), (double, 2 * PROVINCES)):
        if not folder.is_dir():
            generate(folder, provinces=provinces)
    (national.parent / ".git").mkdir(exist_ok=True)
    size = {f: sum(p.stat().st_size for p in f.rglob("*.yaml")) / 2**20 for f in (national, double)}
    seeds = sorted((ROOT / "plans").rglob("*.yaml"))
    plan = sorted((national / "t17").glob("2*.yaml"))[0]
    rows: list[tuple[str, float, float, str, float | None]] = []  # case, s, MiB, peer, peer s

    with tempfile.TemporaryDirectory() as tmp:
        schemas = Path(tmp) / "schemas"
        subprocess.run([*OCOPCTL, "schema", "-o", str(schemas)], check=True, stdout=subprocess.DEVNULL)
        s, m = best(args.repeat, [[*OCOPCTL, "--help"]])
        rows.append(("`ocopctl --help`", s, m, "", None))
        # One plan file, as a pre-commit hook runs it: its agencies and progress files load as context.
        s, m = best(args.repeat, [[*OCOPCTL, "validate", "--today", TODAY, str(plan)]])
        p = best(args.repeat, schema_runs(schemas, [plan]))[0]
        rows.append(("one plan file (300 tasks)", s, m, "check-jsonschema", p))
        s, m = best(args.repeat, [[*OCOPCTL, "validate", "--today", TODAY, str(ROOT / "plans")]])
        p = best(args.repeat, schema_runs(schemas, seeds))[0]
        rows.append((f"the seeds (plans/, {len(seeds)} files)", s, m, "check-jsonschema", p))

        # The cache lives in a folder of its own; a cold run starts with it empty, as a first run does.
        store = Path(tmp) / "cache"
        cached = {"OCOPCTL_CACHE_DIR": str(store), "CI": ""}

        def cold(repeat: int, commands: list[list[str]], env: dict[str, str] | None = None) -> tuple[float, float]:
            runs = []
            for _ in range(repeat):
                shutil.rmtree(store, ignore_errors=True)
                runs.append(run(commands, {**cached, **(env or {})}))
            return min(r[0] for r in runs), max(r[1] for r in runs)

        validate = [[*OCOPCTL, "validate", str(national), "--today", TODAY, "--format", "json"]]
        first, first_mib = cold(args.repeat_large, validate)
        all_files = sorted(national.rglob("*.yaml"))
        peer = best(args.repeat_large, schema_runs(schemas, all_files))[0]
        rows.append((f"national, cold, empty cache ({size[national]:.1f} MiB)", first, first_mib, "check-jsonschema",
                     peer))
        plain, plain_mib = best(args.repeat_large, [[*validate[0], "--no-cache"]])
        rows.append(("national, `--no-cache`", plain, plain_mib, "check-jsonschema", peer))
        yamllint = tool("yamllint")
        if yamllint:
            lint = best(args.repeat_large, [[*yamllint, "-d", "relaxed", str(national)]])[0]
            rows.append(("", plain, plain_mib, "yamllint (relaxed)", lint))
        with_json = Path(tmp) / "json"
        json_copy(national, with_json)
        floor = best(args.repeat_large, [[sys.executable, "-c", _ORJSON_FLOOR, str(with_json)]])[0]
        rows.append(("", plain, plain_mib, "orjson floor (same data as JSON)", floor))
        serial = best(args.repeat_large, [[*validate[0], "--no-cache"]], env={"OCOPCTL_JOBS": "1"})
        rows.append(("national, `--no-cache`, one core (`OCOPCTL_JOBS=1`)", *serial, "ocopctl on both cores", plain))
        # Today's date: every plan has overdue tasks, so every plan file is located again.
        real = best(args.repeat_large, [[*OCOPCTL, "validate", str(national), "--format", "json", "--no-cache"]])
        rows.append(("national, `--no-cache`, today's date (findings in every plan)", *real, "ocopctl `--no-cache`",
                     plain))
        cold(1, validate)  # fills the cache
        warm = best(args.repeat_large, validate, env=cached)
        rows.append(("national, warm (unchanged files, cache kept)", *warm, "ocopctl cold", first))
        plan_text = plan.read_text(encoding="utf-8")
        edits = []
        try:
            for n in range(args.repeat_large):
                plan.write_text(plan_text + f"# edited {n}\n", encoding="utf-8")
                edits.append(run(validate, cached))
        finally:
            plan.write_text(plan_text, encoding="utf-8")
        edited = (min(e[0] for e in edits), max(e[1] for e in edits))
        rows.append(("national, one plan edited (cache kept)", *edited, "ocopctl cold", first))
        twice = cold(args.repeat_large, [[*OCOPCTL, "validate", str(double), "--today", TODAY, "--format", "json"]])
        rows.append((f"twice national, cold ({size[double]:.1f} MiB)", *twice, "ocopctl national cold", first))

    print(f"ocopctl: {' '.join(OCOPCTL)}; {os.cpu_count()} cores; best of {args.repeat} (small) "
          f"and {args.repeat_large} (national scale)\n")
    print("| case | ocopctl s | peak MiB | peer | peer s | ocopctl / peer |")
    print("|---|---|---|---|---|---|")
    for case, s, m, peer_name, peer_s in rows:
        ratio = f"{s / peer_s:.2f}" if peer_s else ""
        print(f"| {case} | {s:.2f} | {m:.0f} | {peer_name} | {'' if peer_s is None else f'{peer_s:.2f}'} | {ratio} |")


if __name__ == "__main__":
    main()
