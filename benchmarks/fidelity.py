"""Fidelity of the renderer: how much of each published seed text a rendering reproduces.

    python benchmarks/fidelity.py [--missing] [--seeds tests/data/seeds]

Renders each encoded seed document (ocopctl.fidelity.SEEDS) to docx, html and md
in memory and prints the share of the seed's non-empty lines found in the
rendered text (normalisation and the rule for seed 003 in ocopctl/fidelity.py).
``--missing`` lists the seed lines a rendering lacks. Exit 1 below 95%.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ocopctl import fidelity
from ocopctl.render import FORMATS, RenderError

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fidelity of rendered seed documents")
    parser.add_argument("--missing", action="store_true", help="list the seed lines not found")
    parser.add_argument("--seeds", type=Path, default=ROOT / "tests" / "data" / "seeds")
    args = parser.parse_args(argv)
    ok = True
    print(f"{'seed':<6}{'document':<40}" + "".join(f"{f:>9}" for f in FORMATS) + "   lines")
    for prefix in fidelity.SEEDS:
        try:
            scores = fidelity.measure(prefix, args.seeds, ROOT)
        except (FileNotFoundError, ValueError, RenderError) as exc:
            print(f"{prefix:<6}{exc}")
            ok = False
            continue
        cells = "".join(f"{scores[f].share * 100:8.1f}%" for f in FORMATS)
        first = scores[FORMATS[0]]
        print(f"{prefix:<6}{fidelity.SEEDS[prefix].removeprefix('plans/'):<40}{cells}   {first.found}/{first.total}")
        ok = ok and all(s.share >= fidelity.THRESHOLD for s in scores.values())
        if args.missing:
            for fmt in FORMATS:
                for line in scores[fmt].missing:
                    print(f"      {fmt:<5} missing: {line[:160]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
