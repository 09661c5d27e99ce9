"""Time the pre-commit case: ``ocopctl validate`` of one plan file in a national-scale
repository (its context loaded), and ``ocopctl --help`` in English and in Vietnamese (the
catalog loaded), next to a peer's ``check-jsonschema --help`` when it is installed.

Targets: 0.5 s and 0.25 s, whole commands with interpreter start (best of ``--repeat``).

    python benchmarks/bench_precommit.py [--repeat 5] [--data /tmp/ocopctl-national] [--help-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from peers import tool  # noqa: E402

OCOPCTL = [sys.executable, "-m", "ocopctl"]


def best(repeat: int, command: list[str], cwd: Path) -> tuple[float, int]:
    times = []
    code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        code = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        times.append(time.perf_counter() - start)
    return min(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a repository folder to reuse (made when missing)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--help-only", action="store_true", help="time --help only (no repository made)")
    args = parser.parse_args()
    if args.help_only:
        print_helps(args.repeat, Path.cwd())
        return
    root = args.data or Path(tempfile.mkdtemp(prefix="ocopctl-national-"))
    if not (root / "plans").is_dir():
        generate(root / "plans")
        (root / ".git").mkdir(exist_ok=True)
    files = sorted((root / "plans").rglob("*.yaml"))
    plan = sorted((root / "plans" / "t17").glob("2*.yaml"))[0].relative_to(root)
    one, code = best(args.repeat, [*OCOPCTL, "validate", "--today", "2020-06-30", str(plan)], root)
    progress = next((root / "plans" / "t17" / "progress").rglob("*.yaml")).relative_to(root)
    two, code2 = best(args.repeat, [*OCOPCTL, "validate", "--today", "2020-06-30", str(progress)], root)
    print(f"repository: {len(files):,} files, {sum(f.stat().st_size for f in files) / 2**20:.1f} MiB")
    print(f"validate {plan} (exit {code}): {one:.2f} s (target <= 0.5)")
    print(f"validate {progress} (exit {code2}): {two:.2f} s (target <= 0.5)")
    print_helps(args.repeat, root)
    if args.data is None:
        shutil.rmtree(root)


def timed(repeat: int, command: list[str], cwd: Path, lang: str = "en") -> str:
    """Best wall time and best CPU time (user + system) of ``command``: on a loaded machine the
    CPU time says what the program costs, the wall time what a user waits."""
    env = {**os.environ, "OCOPCTL_LANG": lang}
    walls, cpus = [], []
    for _ in range(repeat):
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(time.perf_counter() - start)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return f"{min(walls):.2f} s (cpu {min(cpus):.2f} s)"


def print_helps(repeat: int, root: Path) -> None:
    """``--help`` in English and Vietnamese (its catalog loaded), through ``python -m`` and the
    installed script, next to a peer's (check-jsonschema, when installed)."""
    # A valid --lang is taken before typer parses (ocopctl.cli.main._take_lang), so it costs what
    # OCOPCTL_LANG=vi costs: loading the catalog.
    cases = [("python -m ocopctl --help", [*OCOPCTL, "--help"], "en"),
             ("OCOPCTL_LANG=vi python -m ocopctl --help", [*OCOPCTL, "--help"], "vi"),
             ("python -m ocopctl --lang vi --help", [*OCOPCTL, "--lang", "vi", "--help"], "vi")]
    found = tool("ocopctl")
    if found:
        script = found[0]
        cases += [("ocopctl --help", [script, "--help"], "en"),
                  ("OCOPCTL_LANG=vi ocopctl --help", [script, "--help"], "vi"),
                  ("ocopctl --lang vi --help", [script, "--lang", "vi", "--help"], "vi")]
    for label, command, lang in cases:
        print(f"{label}: {timed(repeat, command, root, lang)} (target <= 0.25)")
    peer = tool("check-jsonschema")
    print(f"check-jsonschema --help (peer): {timed(repeat, [*peer, '--help'], root) if peer else 'not installed'}")


if __name__ == "__main__":
    main()
