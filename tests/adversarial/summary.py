"""The corpus's tally: cases, tracebacks, hangs, over-memory, inputs changed, stray writes,
security findings, the slowest and the largest case, per class of the issue.

    python -m tests.adversarial.summary            # run every case, print the tables
    python tests/adversarial/summary.py -k render  # only the cases whose id contains 'render'
    python -m tests.adversarial.summary --class 9 --failures   # class 9, with what failed

Exit code 0 when every case holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "tests.adversarial"

from .cases import CLASSES, Case, all_cases
from .runner import MEMORY_LIMIT, TIME_LIMIT, Outcome

COLUMNS = (("cases", None), ("failed", None), ("tracebacks", "traceback"), ("hangs", "hang"),
           ("over memory", "memory"), ("exit code", "exit"), ("not one line", "message"),
           ("inputs changed", "inputs"), ("stray writes", "stray"), ("security", "security"),
           ("other checks", "check"))


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    row = {"cases": len(outcomes), "failed": sum(not o.ok for o in outcomes)}
    for name, kind in COLUMNS[2:]:
        row[name] = sum(kind in o.failures for o in outcomes)
    return row


def tally_lines(outcomes: list[Outcome]) -> list[str]:
    """The overall tally, then one row per class."""
    total = counts(outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds, default=None)
    largest = max(outcomes, key=lambda o: o.peak_bytes, default=None)
    lines = [", ".join(f"{v} {k}" for k, v in total.items())]
    if slowest and largest:
        lines.append(f"max time {slowest.seconds:.1f} s ({slowest.case.id}); max memory "
                     f"{largest.peak_bytes / 2**20:.0f} MiB ({largest.case.id}); limits {TIME_LIMIT:.0f} s, "
                     f"{MEMORY_LIMIT / 2**20:.0f} MiB")
    head = ["class", *(name for name, _ in COLUMNS)]
    rows = []
    for k, title in CLASSES.items():
        mine = [o for o in outcomes if k in o.case.classes]
        if mine:
            rows.append([f"{k:2} {title}", *(str(v) for v in counts(mine).values())])
    rows.append(["all", *(str(v) for v in total.values())])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                  strict=True))))
    by_command: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_command.setdefault(o.case.command, []).append(o)
    lines.append("per command: " + ", ".join(f"{c} {sum(not o.ok for o in os_)}/{len(os_)}"
                                             for c, os_ in sorted(by_command.items())))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", help="only cases whose id contains this")
    parser.add_argument("--class", dest="cls", type=int, action="append", help="only this class (repeatable)")
    parser.add_argument("--jobs", type=int, default=0, help="cases at a time (default: the cores)")
    parser.add_argument("--failures", action="store_true", help="print each failed case")
    parser.add_argument("--list", action="store_true", help="list the cases, run nothing")
    parser.add_argument("--json", type=Path, help="also write every case's outcome to this file")
    args = parser.parse_args(argv)
    from .runner import run_all

    cases: list[Case] = [c for c in all_cases() if (not args.k or args.k in c.id)
                         and (not args.cls or set(args.cls) & set(c.classes))]
    if args.list:
        for c in cases:
            print(c.id, "|", c.command, "| classes", ",".join(map(str, c.classes)))
        return 0
    start = time.monotonic()
    results = list(run_all(cases, args.jobs or None).values())
    if args.failures:
        for o in results:
            if not o.ok:
                print(o.report(), end="\n\n")
    if args.json:
        import json

        args.json.write_text(json.dumps([{
            "id": o.case.id, "classes": o.case.classes, "command": o.case.command, "exit": o.rc,
            "seconds": round(o.seconds, 2), "peak_mib": round(o.peak_bytes / 2**20), "failures": o.failures,
        } for o in results], ensure_ascii=False, indent=1))
    for line in tally_lines(results):
        print(line)
    print(f"wall clock {time.monotonic() - start:.0f} s for {len(results)} cases")
    return 0 if all(o.ok for o in results) else 1


if __name__ == "__main__":
    sys.exit(main())
