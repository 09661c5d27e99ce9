"""Time ``ocopctl validate`` against check-jsonschema on one national-scale repository.

Both tools read the same generated files (see ``generate.py``) in the same run:
ocopctl runs every check; check-jsonschema runs a schema-only pass with the
schemas ``ocopctl schema`` exports. Prints wall time, peak memory and the ratio.

    python benchmarks/bench_validate.py [--repeat 3] [--data benchmarks/data/national]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from peers import need  # noqa: E402

# Runs one command and reports its wall time and the peak RSS of that command alone.
_MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024, "exit": code}))
"""


def measure(command: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def best_of(repeat: int, commands: list[list[str]]) -> dict[str, float]:
    """Best total time over ``repeat`` runs of a sequence of commands; peak memory over all."""
    best = {"seconds": float("inf"), "peak_mib": 0.0, "exit": 0.0}
    for _ in range(repeat):
        runs = [measure(c) for c in commands]
        best["exit"] = max(best["exit"], *(r["exit"] for r in runs))
        best["seconds"] = min(best["seconds"], sum(r["seconds"] for r in runs))
        best["peak_mib"] = max(best["peak_mib"], *(r["peak_mib"] for r in runs))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "national")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.data.is_dir():
        generate(args.data)
    documents = sorted(str(p) for p in args.data.glob("*/2*.yaml"))
    agencies = sorted(str(p) for p in args.data.glob("*/agencies.yaml"))
    progress = sorted(str(p) for p in args.data.glob("*/progress/*/*.yaml"))
    size_mib = sum(Path(p).stat().st_size for p in documents + agencies + progress) / 2**20
    with tempfile.TemporaryDirectory() as schemas:
        subprocess.run([sys.executable, "-m", "ocopctl", "schema", "-o", schemas], check=True,
                       stdout=subprocess.DEVNULL)
        # A fixed date inside the plans' periods: some tasks are overdue, as in a real repository.
        ocop = best_of(args.repeat, [[sys.executable, "-m", "ocopctl", "validate", str(args.data),
                                      "--today", "2020-06-30", "--format", "json"]])
        report = best_of(args.repeat, [[sys.executable, "-m", "ocopctl", "report", str(args.data),
                                        "--quarter", "Q2-2020", "--as-of", "2020-06-30", "--format", "json"]])
        checker = need("check-jsonschema")
        peer = best_of(args.repeat, [
            [*checker, "--schemafile", f"{schemas}/document.schema.json", *documents],
            [*checker, "--schemafile", f"{schemas}/agencies.schema.json", *agencies],
            [*checker, "--schemafile", f"{schemas}/progress.schema.json", *progress],
        ])
    print(f"repository: {len(documents)} plans, {len(agencies)} agency files, {len(progress)} progress files, "
          f"{size_mib:.1f} MiB of YAML")
    print(f"{'tool':<34} {'seconds':>8} {'peak MiB':>9} {'exit':>5}")
    for name, r in (("ocopctl validate (all checks)", ocop), ("ocopctl report --quarter", report),
                    ("check-jsonschema (schema only)", peer)):
        print(f"{name:<34} {r['seconds']:>8.2f} {r['peak_mib']:>9.0f} {int(r['exit']):>5}")
    print(f"ratio ocopctl validate / check-jsonschema: {ocop['seconds'] / peer['seconds']:.2f} (target <= 1.0)")
    print(f"ratio ocopctl report / ocopctl validate: {report['seconds'] / ocop['seconds']:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
