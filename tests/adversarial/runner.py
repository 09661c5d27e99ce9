"""Run one case: lay it out in a fresh folder, run ``python -m ocopctl`` on it in a subprocess
under a wall-clock limit and an address-space limit, and judge what happened.

Layout of one case (``root`` is a fresh temporary folder)::

    root/case/      the command's working directory: the inputs, and the named output
    root/canary/    files the command must never read, change or delete
    root/home/, root/tmp/   HOME and TMPDIR of the command: must stay empty
    root/io/        the command's stdout and stderr (the runner's)

Every file under ``root`` except ``io`` is hashed before and after: an input that changed,
a file created anywhere but the case's named output, a changed canary, or the canary's
secret (or /etc/passwd) in any output is a finding.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .cases import Case
from .checks import Run

TIME_LIMIT = 20.0  # seconds per case, wall clock
MEMORY_LIMIT = 500 * 1024 * 1024  # peak resident memory, bytes
ADDRESS_SPACE = 2 * 1024 * 1024 * 1024  # RLIMIT_AS: a safety net so a bomb cannot take the machine down
FILE_SIZE = 1024 * 1024 * 1024  # RLIMIT_FSIZE: no single file past 1 GiB
READ_CAP = 64 * 1024 * 1024  # bytes of one output the runner reads back to look for leaks

REPO = Path(__file__).resolve().parents[2]
KINDS = ("traceback", "hang", "memory", "exit", "message", "inputs", "stray", "security", "check")


@dataclass
class Outcome:
    case: Case
    rc: int | None = None  # None: killed at the time limit
    seconds: float = 0.0
    peak_bytes: int = 0
    stdout: str = ""
    stderr: str = ""
    failures: dict[str, list[str]] = field(default_factory=dict)  # kind -> what

    def fail(self, kind: str, what: str) -> None:
        self.failures.setdefault(kind, []).append(what)

    @property
    def ok(self) -> bool:
        return not self.failures

    def report(self) -> str:
        lines = [f"{self.case.id}: ocopctl {' '.join(_show(a) for a in self.case.argv)}",
                 f"  classes {', '.join(map(str, self.case.classes))}; exit {self.rc}; {self.seconds:.1f} s; "
                 f"{self.peak_bytes / 2**20:.0f} MiB"]
        for kind, whats in self.failures.items():
            lines.extend(f"  {kind}: {w}" for w in whats)
        for name, text in (("stdout", self.stdout), ("stderr", self.stderr)):
            if text.strip():
                tail = text if len(text) < 3000 else "...\n" + text[-3000:]
                lines.append(f"  --- {name}:\n" + "\n".join("    " + x for x in tail.splitlines()))
        return "\n".join(lines)


def _show(arg: str) -> str:
    return arg if len(arg) < 60 and arg.isprintable() and " " not in arg else repr(arg[:60])


# --------------------------------------------------------------------------- snapshots


def snapshot(top: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[str, str]]:
    """relative path -> (type, sha256 or link target or mode). FIFOs and devices are never opened."""
    out: dict[str, tuple[str, str]] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in [*dirnames, *filenames]:
            p = here / name
            rel = str(p.relative_to(top))
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", "")
            elif stat.S_ISREG(st.st_mode):
                out[rel] = ("file", f"{_sha256(p)} {stat.S_IMODE(st.st_mode):o}")
            else:
                out[rel] = ("special", oct(stat.S_IFMT(st.st_mode)))
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _under(rel: str, outputs: tuple[str, ...]) -> bool:
    parts = Path(rel).parts
    return any(parts[:len(Path(o).parts)] == Path(o).parts for o in outputs)


def _ancestor_of_output(rel: str, outputs: tuple[str, ...]) -> bool:
    parts = Path(rel).parts
    return any(Path(o).parts[:len(parts)] == parts for o in outputs)


# --------------------------------------------------------------------------- running


def _environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "PYTHONSTARTUP"}}
    env.update(HOME=str(root / "home"), TMPDIR=str(root / "tmp"), PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]),
               LC_ALL="C.UTF-8", LANG="C.UTF-8", NO_COLOR="1")
    return env


def _launch(argv: list[str], cwd: Path, env: dict[str, str], out: Path, err: Path) -> tuple[int | None, float, int]:
    """Run ``argv`` with umask 022 and the limits; (exit code or None if killed at the time
    limit, seconds, peak resident bytes). ``sh`` sets the limits and then execs Python, so the
    process whose rusage ``wait4`` returns is ocopctl itself."""
    script = (f"umask 022; ulimit -v {ADDRESS_SPACE // 1024}; ulimit -f {FILE_SIZE // 512}; "
              'exec "$@"')
    with out.open("wb") as fo, err.open("wb") as fe:
        start = time.monotonic()
        proc = subprocess.Popen(["/bin/sh", "-c", script, "sh", *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=fo, stderr=fe, start_new_session=True)
    deadline = start + TIME_LIMIT
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline and not killed:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.02)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    with contextlib.suppress(ProcessLookupError):  # anything the command left running in its group
        os.killpg(proc.pid, signal.SIGKILL)
    return (None if killed else proc.returncode), seconds, usage.ru_maxrss * 1024


def run_case(case: Case, base: Path | None = None) -> Outcome:
    root = Path(tempfile.mkdtemp(prefix=case.id[:40] + ".", dir=base))
    try:
        return _run_in(case, root)
    finally:
        _rmtree(root)


def _rmtree(root: Path) -> None:
    for dirpath, _dirs, _files in os.walk(root):  # a command may have left a folder unreadable
        os.chmod(dirpath, 0o700)
    shutil.rmtree(root, ignore_errors=True)


def _run_in(case: Case, root: Path) -> Outcome:
    outcome = Outcome(case)
    work, canary, io_dir = root / "case", root / "canary", root / "io"
    for d in (work, canary, root / "home", root / "tmp", io_dir):
        d.mkdir()
    token, name_token = secrets.token_hex(16), secrets.token_hex(16)
    (canary / "secret.txt").write_text(f"CANARY {token}\n")
    (canary / f"name-{name_token}.txt").write_text("a file whose name is the secret\n")
    (canary / "keep.yaml").write_text("kind: agencies\nagencies: []\n")
    case.setup(work)
    before = snapshot(work)
    outside_before = snapshot(root, skip=(work, io_dir))
    out, err = io_dir / "stdout", io_dir / "stderr"
    rc, outcome.seconds, outcome.peak_bytes = _launch(
        [sys.executable, "-m", "ocopctl", *case.argv], work, _environment(root), out, err)
    outcome.rc = rc
    outcome.stdout = out.read_bytes()[:READ_CAP].decode("utf-8", "replace")
    outcome.stderr = err.read_bytes()[:READ_CAP].decode("utf-8", "replace")
    after = snapshot(work)
    outside_after = snapshot(root, skip=(work, io_dir))
    _judge_process(case, outcome)
    written = _judge_files(case, outcome, before, after)
    if rc not in (0, None) and written:
        outcome.fail("check", f"exit {rc} but wrote {', '.join(map(repr, written[:3]))}: a failure leaves no output")
    _judge_outside(outcome, outside_before, outside_after, killed=rc is None)
    if 1 in case.classes:  # a template that changed the inputs or wrote beside the output escaped the sandbox
        for kind in ("inputs", "stray"):
            for what in outcome.failures.get(kind, []):
                outcome.fail("security", f"template reached the file system: {what}")
    _judge_leaks(outcome, [work / w for w in written], token, name_token)
    if rc is not None:
        run = Run(rc, outcome.stdout, outcome.stderr, work, tuple(written))
        for check in case.checks:
            try:
                problem = check(run)
            except Exception as exc:  # a check that cannot read the output: the output is bad
                problem = f"{getattr(check, '__name__', 'check')}: {type(exc).__name__}: {exc}"
            if problem:
                outcome.fail("check", problem)
    return outcome


TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^  File \"", re.M)
LOCATED = re.compile(r"^\s*\S.*?:(\d+|[^:\s]*![A-Z]+\d+)(:\d+)?\b|\bOC\d{3}\b")


def _judge_process(case: Case, o: Outcome) -> None:
    if TRACEBACK.search(o.stdout) or TRACEBACK.search(o.stderr) or "Traceback" in o.stderr:
        last = [x for x in o.stderr.strip().splitlines() if x.strip()][-1:] or ["?"]
        o.fail("traceback", last[0][:300])
    if o.rc is None:
        o.fail("hang", f"still running after {TIME_LIMIT:.0f} s (killed)")
        return
    if o.peak_bytes > MEMORY_LIMIT:
        o.fail("memory", f"peak {o.peak_bytes / 2**20:.0f} MiB > {MEMORY_LIMIT / 2**20:.0f} MiB")
    if o.rc not in case.exits:
        o.fail("exit", f"exit {o.rc}, expected one of {sorted(case.exits)}")
    if o.rc == 2:
        problem = error_shape(o.stdout, o.stderr)
        if problem:
            o.fail("message", problem)


def error_shape(stdout: str, stderr: str) -> str | None:
    """At exit 2 the error is one line 'ocopctl: ...', or findings each located by file and line
    (on stderr, or validate's report on stdout), or click's usage block for a malformed option."""
    lines = [x for x in stderr.splitlines() if x.strip()]
    if not lines:
        return None if LOCATED.search(stdout) else "exit 2 with no message"
    if lines[0].startswith("Usage: ") and any(x.startswith("Error: ") for x in lines):
        extra = [x for x in lines if not x.startswith(("Usage: ", "Try '", "Error: "))]
        return f"usage error with extra lines: {extra[0][:200]!r}" if extra else None
    located = False
    for x in lines:
        if x.startswith("ocopctl: "):
            continue
        if LOCATED.search(x) and not x.startswith(" "):
            located = True
            continue
        if x.startswith((" ", "\t")) and located:
            continue  # a hint under a located finding
        return f"not one line: {x[:200]!r}"
    return None


def _judge_files(case: Case, o: Outcome, before: dict[str, tuple[str, str]],
                 after: dict[str, tuple[str, str]]) -> list[str]:
    """Inputs unchanged; new or changed entries only at or under the named outputs."""
    written: list[str] = []
    for rel, entry in before.items():
        now = after.get(rel)
        if now == entry:
            continue
        if _under(rel, case.outputs):
            if now is not None and now[0] == "file":
                written.append(rel)
            continue
        o.fail("inputs", f"{rel!r} {'deleted' if now is None else 'changed'}")
    for rel, entry in after.items():
        if rel in before:
            continue
        if _under(rel, case.outputs):
            if entry[0] == "file":
                written.append(rel)
        elif not (entry[0] == "dir" and _ancestor_of_output(rel, case.outputs)):
            o.fail("stray", f"{rel!r} created")
    return written


def _judge_outside(o: Outcome, before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]],
                   killed: bool) -> None:
    for rel in sorted(set(before) | set(after)):
        if before.get(rel) == after.get(rel) or (killed and rel.startswith("tmp")):
            continue  # a process killed at the time limit could not clean up its temporary files
        what = "created" if rel not in before else "deleted" if rel not in after else "changed"
        # the canary, or HOME: a write that escaped the case folder; TMPDIR: a temporary file left behind
        kind = "stray" if rel.startswith("tmp") else "security"
        o.fail(kind, f"{rel!r} outside the case folder {what}")


def _passwd_line() -> str | None:
    try:
        first = Path("/etc/passwd").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return first if len(first) > 10 else None


PASSWD = _passwd_line()


def _judge_leaks(o: Outcome, written: list[Path], token: str, name_token: str) -> None:
    texts = [("stdout", o.stdout), ("stderr", o.stderr)]
    for p in written:
        texts.append((p.name, _read_all(p)))
    secrets_ = [(token, "the canary's content"), (name_token, "a canary file name")]
    if PASSWD:
        secrets_.append((PASSWD, "/etc/passwd"))
    for where, text in texts:
        for secret, what in secrets_:
            if secret in text:
                o.fail("security", f"{what} appears in {where}")


def _read_all(path: Path) -> str:
    """A file's text, and for a zip (docx, xlsx) the text of its members, up to READ_CAP."""
    try:
        if zipfile.is_zipfile(path):
            parts = []
            with zipfile.ZipFile(path) as z:
                budget = READ_CAP
                for info in z.infolist():
                    if info.file_size > budget:
                        continue
                    budget -= info.file_size
                    parts.append(z.read(info).decode("utf-8", "replace"))
            return "\n".join(parts)
        with path.open("rb") as fh:
            return fh.read(READ_CAP).decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, ValueError, NotImplementedError):
        return ""


def run_all(cases: list[Case], jobs: int | None = None) -> dict[str, Outcome]:
    """Every case, ``jobs`` at a time (default: the number of cores); case id -> outcome."""
    import warnings

    jobs = jobs or int(os.environ.get("OCOP_ADVERSARIAL_JOBS", "0")) or os.cpu_count() or 2
    base = Path(tempfile.mkdtemp(prefix="ocopctl-adversarial."))
    try:
        with warnings.catch_warnings():  # openpyxl reading outputs in threads: warnings are not failures here
            warnings.simplefilter("ignore")
            with ThreadPoolExecutor(jobs) as pool:
                # the slowest first, so they do not all land at the end
                order = sorted(cases, key=lambda c: -c.weight)
                results = dict(zip([c.id for c in order], pool.map(lambda c: run_case(c, base), order),
                                   strict=True))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {c.id: results[c.id] for c in cases}
