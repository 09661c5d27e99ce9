"""Startup: what each quick command costs, and which imports the time goes to.

    python benchmarks/bench_startup.py [--repeat 5] [--top 12]

Times ``ocopctl --help``, ``ocopctl period`` and ``ocopctl validate`` of one seed plan (the
pre-commit case) against ``check-jsonschema --help`` in the same run (best of ``--repeat``), then
prints the modules ``python -X importtime`` finds slowest (cumulative) when ``validate`` runs.
Peers are found next to the interpreter (benchmarks/peers.py), with or without a venv.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from peers import tool  # noqa: E402

OCOPCTL = tool("ocopctl") or [sys.executable, "-m", "ocopctl"]
PLAN = ROOT / "plans" / "hai-phong" / "2018-192-kh-ubnd.yaml"
GOALS = {"--help": 0.15, "period": 0.15, "validate one plan": 0.25}


def best(repeat: int, command: list[str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def importtime(command: list[str], top: int) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest imports of ``command`` run with -X importtime."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "ocopctl", *command[1:]], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    rows = []
    for line in run.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    cases = {
        "--help": [*OCOPCTL, "--help"],
        "period": [*OCOPCTL, "period", "Quý III/2018"],
        "validate one plan": [*OCOPCTL, "validate", "--no-cache", str(PLAN.relative_to(ROOT))],
    }
    peer = tool("check-jsonschema")
    peer_s = best(args.repeat, [*peer, "--help"]) if peer else None
    print("| command | seconds | goal | / check-jsonschema --help |")
    print("|---|---|---|---|")
    for name, command in cases.items():
        s = best(args.repeat, command)
        ratio = f"{s / peer_s:.2f}" if peer_s else ""
        print(f"| `ocopctl {' '.join(command[len(OCOPCTL):])}` | {s:.2f} | ≤ {GOALS[name]} | {ratio} |")
    if peer_s is not None:
        print(f"| `check-jsonschema --help` (peer) | {peer_s:.2f} | | 1.00 |")
    print(f"\nslowest imports of `ocopctl validate {PLAN.relative_to(ROOT)}` (cumulative ms):")
    for micros, module in importtime(cases["validate one plan"], args.top):
        print(f"  {micros / 1000:8.1f}  {module}")


if __name__ == "__main__":
    main()
