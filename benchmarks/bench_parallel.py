"""Where a pool of worker processes starts to pay: read the first 0.5 to 8 MiB of the
national-scale repository serially and with two workers (``ocopctl.parallel.load_files``),
best of ``--repeat``, and print pool / serial. Run it on an otherwise idle machine.

    python benchmarks/bench_parallel.py [--data benchmarks/data/workspace/plans] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate  # noqa: E402

from ocopctl import parallel  # noqa: E402
from ocopctl.loader import discover  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "workspace" / "plans")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.data.is_dir():
        generate(args.data)
    paths, _ = discover([args.data])
    print(f"{'YAML read':>9} {'files':>6} {'serial s':>9} {'pool s':>7} {'pool/serial':>12} {'load':>5}")
    for mib in (0.5, 1, 1.5, 2, 3, 4, 8):
        chosen: list[Path] = []
        total = 0
        for p in paths:
            if total >= mib * 2**20:
                break
            chosen.append(p)
            total += p.stat().st_size
        best = {0: float("inf"), 2: float("inf")}
        for _ in range(args.repeat):
            for workers in best:
                start = time.perf_counter()
                parallel.load_files(chosen, workers=workers)
                best[workers] = min(best[workers], time.perf_counter() - start)
        print(f"{mib:>5} MiB {len(chosen):>6} {best[0]:>9.3f} {best[2]:>7.3f} {best[2] / best[0]:>12.2f} "
              f"{os.getloadavg()[0]:>5.1f}")


if __name__ == "__main__":
    main()
