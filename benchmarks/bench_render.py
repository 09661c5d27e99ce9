"""Time ``ocopctl render`` of every encoded document to docx, html and md, against pandoc.

Both run in the same process on the same content: ocopctl renders each document
under plans/ to all three formats (templates compiled afresh, as a command-line
run does); pandoc (pypandoc_binary, if installed) then turns ocopctl's own
Markdown of the same documents into docx and html. Also times the whole command
(``ocopctl render plans/ --to all``, interpreter start included).

    python benchmarks/bench_render.py [--repeat 3] [--plans plans]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ocopctl import render

ROOT = Path(__file__).resolve().parents[1]


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time ocopctl render against pandoc")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plans", type=Path, default=ROOT / "plans")
    args = parser.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    request = render.Request([args.plans], formats=render.FORMATS, output=out)

    def ocopctl_run() -> list[tuple[Path, bytes]]:
        render.environment.cache_clear()  # compile the templates every time, as a fresh command does
        _result, outputs = render.render_outputs(request)
        return outputs

    outputs = ocopctl_run()
    documents = len(outputs) // len(render.FORMATS)
    seconds = best(args.repeat, ocopctl_run)
    print(f"ocopctl render: {documents} documents x {len(render.FORMATS)} formats "
          f"({sum(len(d) for _p, d in outputs) / 1e6:.1f} MB) in {seconds:.2f} s (best of {args.repeat})")
    for fmt in render.FORMATS:
        one = render.Request([args.plans], formats=(fmt,), output=out)

        def run_one(request: render.Request = one) -> object:
            return render.render_outputs(request)

        print(f"  {fmt:<5} {best(args.repeat, run_one):.2f} s")

    start = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "ocopctl", "render", str(args.plans), "--to", "all", "-o",
                           str(out / "cli")], capture_output=True).returncode
    print(f"the command, interpreter start included: {time.perf_counter() - start:.2f} s (exit {code})")

    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        print("pandoc: not installed (pip install pypandoc_binary) - no peer timing")
        return 0
    markdown = [data.decode("utf-8") for path, data in outputs if path.suffix == ".md"]

    def pandoc_run() -> None:
        for text in markdown:
            pypandoc.convert_text(text, "docx", format="gfm", outputfile=str(out / "pandoc.docx"))
            pypandoc.convert_text(text, "html", format="gfm")

    peer = best(args.repeat, pandoc_run)
    print(f"pandoc {pypandoc.get_pandoc_version()}: the same {documents} documents' Markdown to docx and html "
          f"in {peer:.2f} s (best of {args.repeat})")
    print(f"ratio ocopctl / pandoc: {seconds / peer:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
