"""One plan file of 200,000 tasks against the national repository, in the same run.

The one file is a plan of the national generator (``generate.py``) with 200,000 tasks
instead of 294, so its tasks are the national ones. Both are validated; the script prints
each run's seconds (wall, and CPU of the child), peak memory of the child (``os.wait4``),
the cost per task of the one file over the national one (target <= 1.0: twice the time for
twice the tasks), and the peak memory of report, owners and export of the one file.
Targets: validate within 1 GB; report, owners and export within 500 MB.

    python benchmarks/bench_onefile.py [--tasks 200000] [--data benchmarks/data]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

NATIONAL_TASKS = generate.PROVINCES * generate.PLANS_PER_PROVINCE * generate.TASKS_PER_PLAN


def one_file(target: Path, tasks: int, seed: int = 2018) -> Path:
    """A province folder with its agencies and one plan of ``tasks`` tasks (Phụ lục 01)."""
    plan = target / "2018-100-kh-ubnd.yaml"
    if plan.is_file():
        return plan
    target.mkdir(parents=True, exist_ok=True)
    districts = [f"Huyện 1-{d + 1}" for d in range(8)]
    (target / "agencies.yaml").write_text(generate.agencies_yaml("t00", "Tỉnh Số 1", districts), encoding="utf-8")
    saved, generate.TASKS_PER_PLAN = generate.TASKS_PER_PLAN, tasks
    try:
        text = generate.plan_yaml(random.Random(seed), "t00", "Tỉnh Số 1", 100, 2018, 0, districts)
    finally:
        generate.TASKS_PER_PLAN = saved
    plan.write_text(text, encoding="utf-8")
    return plan


def measure(args: list[str]) -> dict[str, float]:
    """Wall and CPU seconds and peak RSS (MiB) of one ``ocopctl`` run, from its own rusage."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "ocopctl", *args],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "mib": usage.ru_maxrss / 1024, "exit": child.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    args = parser.parse_args()
    national = args.data / "national"
    if not national.is_dir():
        generate.generate(national)
    folder = args.data / f"onefile-{args.tasks}"
    plan = one_file(folder, args.tasks)
    day = ["--today", "2020-06-30"]
    with tempfile.TemporaryDirectory() as tmp:
        runs = {
            "validate national": (measure(["validate", str(national), *day, "-f", "json"]), NATIONAL_TASKS),
            "validate one file": (measure(["validate", str(folder), *day, "-f", "json"]), args.tasks),
            "report one file": (measure(["report", str(folder), "--quarter", "Q2-2020", "--as-of", "2020-06-30",
                                         "-f", "json"]), args.tasks),
            "owners one file": (measure(["owners", str(folder), "--as-of", "2020-06-30"]), args.tasks),
            "export one file (xlsx)": (measure(["export", str(plan), "--annex", "1", "-o", f"{tmp}/t.xlsx"]),
                                       args.tasks),
        }
    size = plan.stat().st_size / 2**20
    print(f"one file: {args.tasks:,} tasks, {size:.1f} MiB; national: {NATIONAL_TASKS:,} tasks in "
          f"{generate.PROVINCES * generate.PLANS_PER_PROVINCE} plans")
    print(f"{'run':<24} {'wall s':>7} {'cpu s':>7} {'µs/task':>8} {'peak MiB':>9} {'exit':>5}")
    for name, (r, tasks) in runs.items():
        print(f"{name:<24} {r['wall']:>7.1f} {r['cpu']:>7.1f} {r['cpu'] / tasks * 1e6:>8.0f} {r['mib']:>9.0f} "
              f"{int(r['exit']):>5}")
    one, nat = runs["validate one file"][0], runs["validate national"][0]
    per_task = (one["cpu"] / args.tasks) / (nat["cpu"] / NATIONAL_TASKS)
    wall = (one["wall"] / args.tasks) / (nat["wall"] / NATIONAL_TASKS)
    print(f"validate per task, one file / national: {per_task:.2f} CPU, {wall:.2f} wall (target <= 1.0)")
    print(f"peak MiB: validate {one['mib']:.0f} (target <= 1024); "
          + ", ".join(f"{n.split()[0]} {runs[n][0]['mib']:.0f}" for n in list(runs)[2:]) + " (target <= 500)")


if __name__ == "__main__":
    main()
