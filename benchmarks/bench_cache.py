"""Time ``ocopctl validate`` of the national repository cold, warm and after one edit (issue 13 item 2).

Cold: an empty cache (every file parsed, validated and stored). Warm: the same files again
(every file from the cache; the checks across files run again, as they always do). One edit:
one plan file changed by a comment line. Also ``--no-cache`` (no cache read or written). The
outputs of all runs must be byte-identical, the edited file aside. Prints medians and ratios.

    python benchmarks/bench_cache.py [--repeat 3] [--data benchmarks/data/national] [--today 2020-06-30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def run(command: list[str], cache: Path) -> tuple[float, bytes]:
    env = {**os.environ, "OCOPCTL_CACHE_DIR": str(cache)}
    env.pop("CI", None)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, done.stdout


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
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        try:
            for n in range(args.repeat):
                seconds, out = run([*command, "--no-cache"], cache)
                times["no cache"].append(seconds)
                outputs.add(out)
                shutil.rmtree(cache, ignore_errors=True)
                for name in ("cold", "warm"):
                    seconds, out = run(command, cache)
                    times[name].append(seconds)
                    outputs.add(out)
                edited.write_bytes(original + f"# edit {n}\n".encode())
                seconds, _ = run(command, cache)
                times["one edit"].append(seconds)
                edited.write_bytes(original)
        finally:
            edited.write_bytes(original)
        size = sum(p.stat().st_size for p in (cache / "files").iterdir()) / 2**20 if cache.is_dir() else 0.0
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"repository: {args.data} ({len(plans)} plans), --today {args.today}, median of {args.repeat}")
    for name, seconds in median.items():
        print(f"{name:<10} {seconds:>7.2f} s   cold / this {median['cold'] / seconds:>5.2f}x")
    print(f"cache size: {size:.0f} MiB; outputs identical across runs: {len(outputs) == 1}")
    print(f"warm speed-up {median['cold'] / median['warm']:.2f}x (goal >= 10x); "
          f"one edit {median['cold'] / median['one edit']:.2f}x (goal >= 5x)")


if __name__ == "__main__":
    main()
