"""Time ``ocopctl validate`` of the national repository cold, warm and after one edit (issue 13 item 2).

Cold: an empty cache (every file parsed, validated and stored, and the whole result). Warm: the
same files again (the whole result from the cache). One edit: one plan file changed by a comment
line (that file parsed again, the others from the cache, every check run again). Also
``--no-cache`` (no cache read or written), before and after the edit: the outputs of the cached
runs must be byte-identical to those. Prints medians, ratios and the peak memory of each kind of run.

    python benchmarks/bench_cache.py [--repeat 3] [--data benchmarks/data/national] [--today 2020-06-30]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

# Runs one command; prints its output's length, wall time and the peak RSS of that command alone.
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
open(sys.argv[1], "wb").write(done.stdout)
print(json.dumps({"seconds": elapsed, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
PEAK: dict[str, float] = {}


def run(command: list[str], cache: Path, name: str) -> tuple[float, bytes]:
    env = {**os.environ, "OCOPCTL_CACHE_DIR": str(cache)}
    env.pop("CI", None)
    with tempfile.NamedTemporaryFile() as out:
        done = subprocess.run([sys.executable, "-c", _MEASURE, out.name, *command], capture_output=True,
                              text=True, check=True, env=env)
        measured = json.loads(done.stdout)
        PEAK[name] = max(PEAK.get(name, 0.0), measured["peak_mib"])
        return measured["seconds"], Path(out.name).read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "national")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--today", default="2020-06-30", help="the date checked against (default: inside the plans)")
    args = parser.parse_args()
    if not args.data.is_dir():
        generate(args.data)
    plans = sorted(args.data.glob("*/2*.yaml"))
    edited = plans[len(plans) // 2]
    original = edited.read_bytes()
    command = [sys.executable, "-m", "ocopctl", "validate", str(args.data), "--today", args.today, "--format", "json"]
    times: dict[str, list[float]] = {"no cache": [], "cold": [], "warm": [], "one edit": []}
    outputs: set[bytes] = set()
    edited_outputs: set[bytes] = set()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        try:
            for n in range(args.repeat):
                seconds, out = run([*command, "--no-cache"], cache, "no cache")
                times["no cache"].append(seconds)
                outputs.add(out)
                shutil.rmtree(cache, ignore_errors=True)
                for name in ("cold", "warm"):
                    seconds, out = run(command, cache, name)
                    times[name].append(seconds)
                    outputs.add(out)
                edited.write_bytes(original + f"# edit {n}\n".encode())
                seconds, out = run(command, cache, "one edit")
                times["one edit"].append(seconds)
                edited_outputs.add(out)
                edited_outputs.add(run([*command, "--no-cache"], cache, "no cache")[1])
                edited.write_bytes(original)
        finally:
            edited.write_bytes(original)
        size = sum(p.stat().st_size for p in (cache / "files").iterdir()) / 2**20 if cache.is_dir() else 0.0
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"repository: {args.data} ({len(plans)} plans), --today {args.today}, median of {args.repeat}")
    for name, seconds in median.items():
        print(f"{name:<10} {seconds:>7.2f} s   cold / this {median['cold'] / seconds:>5.2f}x   "
              f"peak {PEAK[name]:>6.0f} MiB")
    print(f"cache size: {size:.0f} MiB; outputs identical to --no-cache: {len(outputs) == 1} (unchanged), "
          f"{len(edited_outputs) == 1} (after the edit)")
    print(f"warm speed-up {median['cold'] / median['warm']:.2f}x (goal >= 10x); "
          f"one edit {median['cold'] / median['one edit']:.2f}x (goal >= 5x)")


if __name__ == "__main__":
    main()
