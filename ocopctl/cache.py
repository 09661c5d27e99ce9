"""A content-keyed cache of validate's work, as ruff and mypy keep one. Two layers:

* **Whole runs.** The result of a run (every finding, located, after the policy and the inline
  suppressions; the files' names and kinds) is kept under the digest of all its inputs: the
  code stamp, the language, every limit, the context (``today``), the policy (the
  configuration), what discovery found, and the name and SHA-256 of every file read, in order.
  A run with the same inputs reads the files only to hash them and returns the kept result.
* **Files.** What ``load_file`` produced for one file: its plain data, kind, file-local
  diagnostics (with their positions), omitted counts and whether it holds directives. Another
  holds the positions ``LoadedFile.locate`` found in that file for a set of findings, so that a
  re-run with the same findings does not parse the file again to place them. The key is the
  SHA-256 of the file's bytes, the name the file is shown by, the language and the code
  stamp. The model is built again from the cached data with ``model_validate``, as the loader
  builds it; every check runs again whenever the whole run is not kept (one file edited: only
  that file is parsed again). No setting of the configuration changes what the loader makes of a file (the
  policy and the date apply after it), so none is in a file's key.

The code stamp is ocopctl's version and the contents of every module of the package, Python's
and pydantic's versions, so that any change to ocopctl makes a new key: an entry is never
stale, only unused. Messages are kept as their msgid and parameters (``encode``), so a kept
finding is told in Vietnamese or English as a fresh one is.

Entries are written through a temporary file and renamed into place, so concurrent runs never
see half an entry; each carries a checksum of its contents and its own key, and one that does
not match (cut short, corrupted, of another version, under another name) is ignored and written
again. A run during which a file changed keeps no whole result. Past ``CACHE_BYTES`` the least
recently used entries are removed. The folder, ``.ocopctl_cache`` at the repository root,
holds a ``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocopctl import i18n, limits
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Msg, _
from ocopctl.limits import CACHE_BYTES
from ocopctl.loader import LoadedFile, PositionIndex, YamlProblem, load_file, read_bytes
from ocopctl.loader import _positions as loader_positions
from ocopctl.models import FILE_KINDS

if TYPE_CHECKING:
    from ocopctl.checks import Context
    from ocopctl.policy import Policy

FOLDER = ".ocopctl_cache"
ENV_FOLDER = "OCOPCTL_CACHE_DIR"
_MAGIC = b"ocopctl-cache 2\n"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# ocopctl's cache of parsed plan files (ocopctl cache clean)\n"
_ENTRIES = "files"


@functools.cache
def code_stamp() -> bytes:
    """A digest of the code that decides what validate makes of a file or a run: the contents of
    every module of ocopctl (a version string alone misses edits made during development),
    ocopctl's version, Python's and pydantic's. Computed once per process (about 2 ms)."""
    import pydantic

    digest = hashlib.sha256()
    try:
        from importlib.metadata import version

        digest.update(version("ocopctl").encode())
    except Exception:  # not installed: the sources below still decide
        digest.update(b"unknown")
    digest.update(f"\0{sys.version}\0{pydantic.VERSION}\0{marshal.version}\0".encode())
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        digest.update(str(module.relative_to(package)).encode("utf-8", "surrogateescape") + b"\0")
        with contextlib.suppress(OSError):
            digest.update(hashlib.sha256(module.read_bytes()).digest())
    return digest.digest()


def location(paths: Sequence[Path], root: Path | None = None, *, in_ci: bool = True) -> Path | None:
    """Where the cache of a run over ``paths`` lives: ``$OCOPCTL_CACHE_DIR``, else ``.ocopctl_cache``
    at the repository root (else in the first path's folder). None in CI without ``$OCOPCTL_CACHE_DIR``,
    so that a CI run never writes into the repository it checks."""
    chosen = os.environ.get(ENV_FOLDER)
    if chosen:
        return Path(chosen)
    if in_ci and os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        return None
    if root is None and paths:
        from ocopctl.workspace import find_root

        root = find_root(paths[0])
    if root is None:
        first = Path(paths[0]) if paths else Path(".")
        root = first if first.is_dir() else first.parent
    return root / FOLDER


def encode(value: Any) -> Any:
    """A message, hint or message parameter as plain data ``marshal`` stores: a ``Msg`` keeps its
    msgid and parameters (so that it can still be told in Vietnamese); a parameter of
    ``ocopctl.i18n`` (``Number``, ``Count``, ``Joined``...: classes with ``__slots__``) keeps its
    class name and slots; a date its ordinal. Raises ``ValueError`` for anything else (the entry
    is not written, so nothing is kept that would not come back as it was)."""
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is Msg:
        return ("M", str.__str__(value), value.msgid, tuple((k, encode(v)) for k, v in value.params.items()))
    if kind.__module__ == i18n.__name__ and getattr(i18n, kind.__name__, None) is kind \
            and not hasattr(value, "__dict__"):
        slots = [name for cls in kind.__mro__ for name in getattr(cls, "__slots__", ())]
        return ("O", kind.__name__, str(value), tuple((name, encode(getattr(value, name))) for name in slots))
    if kind is list:
        return ("L", tuple(encode(v) for v in value))
    if kind is Decimal:
        return ("d", str(value))
    if kind is date:
        return ("D", value.toordinal())
    if kind is tuple:
        return ("T", tuple(encode(v) for v in value))
    raise ValueError(f"cannot keep a {kind.__name__} in the cache")


def decode(value: Any) -> Any:
    """The value ``encode`` kept."""
    if not isinstance(value, tuple):
        return value
    tag = value[0]
    if tag == "M":
        text, msgid, params = value[1:]
        rebuilt = Msg(msgid, **{k: decode(v) for k, v in params})
        if str.__str__(rebuilt) != text:
            raise ValueError("a message that does not rebuild to its text")
        return rebuilt
    if tag == "O":
        name, text, slots = value[1:]
        cls = getattr(i18n, name, None)
        if not isinstance(cls, type) or cls.__module__ != i18n.__name__ or cls is Msg:
            raise ValueError(f"no parameter class {name!r}")
        rebuilt = object.__new__(cls)
        for slot, slot_value in slots:
            object.__setattr__(rebuilt, slot, decode(slot_value))
        if str(rebuilt) != text:
            raise ValueError("a parameter that does not rebuild to its text")
        return rebuilt
    if tag == "L":
        return [decode(v) for v in value[1]]
    if tag == "d":
        return Decimal(value[1])
    if tag == "D":
        return date.fromordinal(value[1])
    if tag == "T":
        return tuple(decode(v) for v in value[1])
    raise ValueError(f"unknown tag {tag!r}")


def encode_diagnostics(found: Iterable[Diagnostic]) -> tuple[Any, ...]:
    return tuple((d.code, int(d.severity), d.path, encode(d.message), tuple(d.loc), encode(d.hint), d.line,
                  d.column, d.key) for d in found)


def decode_diagnostics(stored: Iterable[Any]) -> list[Diagnostic]:
    return [Diagnostic(code, Severity(severity), path, decode(message), tuple(loc), decode(hint), line, column,
                       is_key)
            for code, severity, path, message, loc, hint, line, column, is_key in stored]


class Cache:
    """The cache in one folder; ``load`` stands in for ``loader.load_file``."""

    def __init__(self, folder: Path, *, whole_runs: bool = True) -> None:
        self.folder = folder
        self.whole_runs = whole_runs  # False: files alone are kept (for tests of that layer)
        self.entries = folder / _ENTRIES
        self.hits = self.misses = 0  # files loaded from an entry, and parsed
        self.runs = 0  # whole results served from an entry
        self._digests: dict[str, bytes] = {}  # SHA-256 of the files read for the run's key
        self._unsettled = False  # a file changed during the run: its result is not kept
        self.located = 0  # files whose findings were placed from the cache, not a second parse
        self._writable = True
        self._wrote = False

    def load_all(self, paths: Sequence[Path], progress: Callable[[int, int], None] | None = None) -> list[LoadedFile]:
        """``load`` of every path, in order: hits from their entries, then the misses parsed together by
        ``parallel.load_files`` (on both cores when that pays, as without the cache), then kept."""
        from ocopctl.parallel import load_files

        total = len(paths)
        out: list[LoadedFile | None] = []
        pending: dict[int, bytes] = {}  # index of a miss -> digest of the bytes its key was made of
        for i, path in enumerate(paths):
            hit, content = self._lookup(path)
            out.append(hit)
            if hit is None and content is not None:
                pending[i] = content
            elif progress is not None:
                progress(len(out) - len(pending), total)
        done = total - len(pending)
        step = None if progress is None else (lambda n, _all: progress(done + n, total))
        fresh = load_files([paths[i] for i in pending], step)
        for (i, content), loaded in zip(pending.items(), fresh, strict=True):
            out[i] = self._keep(paths[i], loaded, content)
        return [one for one in out if one is not None]

    def _lookup(self, path: Path) -> tuple[LoadedFile | None, bytes | None]:
        """The file from its entry, or (None, the digest of its bytes) for a miss; a file that cannot be
        read comes back loaded, with the finding that says why."""
        display = str(path)
        content = self._digests.get(display)
        if content is None:
            try:
                content = hashlib.sha256(read_bytes(path)).digest()
            except (YamlProblem, OSError):
                return load_file(path, display), None
        key = self._key(display, content)
        found = self._loaded(key, path, display)
        if found is None:
            self.misses += 1
            return None, content
        self.hits += 1
        found.positions = functools.partial(self._positions, key, content)
        return found, None

    def _keep(self, path: Path, loaded: LoadedFile, content: bytes) -> LoadedFile:
        """A missed file, parsed elsewhere, kept under its key unless its bytes changed since they were
        hashed (then the run's result is not kept either)."""
        display = str(path)
        try:
            now = hashlib.sha256(read_bytes(path)).digest()
        except (YamlProblem, OSError):
            now = None
        if now != content:
            self._unsettled = True
            return loaded
        key = self._key(display, content)
        self._write(key, (loaded.kind, loaded.model is not None, loaded.data, encode_diagnostics(loaded.diagnostics),
                          dict(loaded.omitted), loaded.directives))
        loaded.positions = functools.partial(self._positions, key, content)
        return loaded

    def load(self, path: Path) -> LoadedFile:
        """``loader.load_file`` of one path, through the cache."""
        return self.load_all([path])[0]

    @staticmethod
    def _key(display: str, content: bytes) -> str:
        """A file's key: the code stamp, the language (in case a message is ever told as the file
        loads), the name the file is shown by and its bytes' digest."""
        head = f"{i18n.language()}\0{display}\0".encode("utf-8", "surrogatepass")
        return hashlib.sha256(code_stamp() + head + content).hexdigest()

    def run_key(self, asked: Sequence[Path], others: Sequence[Path], found: Sequence[Diagnostic],
                context: Context | None, policy: Policy | None) -> str | None:
        """The key of a whole run of validate: the code stamp, the language, every limit, the
        context (today's date), the policy (the configuration), what discovery found, and the name
        and bytes of every file read, in order. None when a file cannot be read (no whole-run entry)."""
        if not self.whole_runs:
            return None
        digest = hashlib.sha256(code_stamp())
        try:
            parts = (i18n.language(), sorted((k, v.value) for k, v in vars(limits).items()
                                              if isinstance(v, limits.Limit)),
                     repr(context), repr(policy), encode_diagnostics(found), len(asked), len(others))
            digest.update(marshal.dumps(repr(parts)))
            for one in (*asked, *others):
                digest.update(str(one).encode("utf-8", "surrogateescape") + b"\0")
                content = self._digests[str(one)] = hashlib.sha256(read_bytes(one)).digest()
                digest.update(content)
        except (YamlProblem, OSError, ValueError):
            return None
        return digest.hexdigest()

    def result(self, key: str) -> tuple[list[LoadedFile], list[Diagnostic], dict[Severity, int],
                                        list[Diagnostic]] | None:
        """The parts of a ``ValidationResult`` kept under a run key, or None. Its files carry
        their name and kind, not their model."""
        stored = self._read(key, ".run")
        if stored is None:
            return None
        try:
            files, found, unlisted, suppressed = stored
            rebuilt = ([LoadedFile(Path(path), display, kind) for path, display, kind in files],
                    decode_diagnostics(found), {Severity(k): n for k, n in unlisted},
                    decode_diagnostics(suppressed))
        except Exception:  # an entry that does not rebuild is ignored like a corrupt one
            return None
        self.runs += 1
        return rebuilt

    def keep(self, key: str, files: Sequence[LoadedFile], found: Sequence[Diagnostic],
             unlisted: dict[Severity, int], suppressed: Sequence[Diagnostic]) -> None:
        """Keep the result of a whole run under its key (see ``run_key``), unless a file changed
        while the run read it (the result would not be that of the bytes in the key)."""
        if self._unsettled:
            return
        try:
            value = (tuple((str(f.path), f.display, f.kind) for f in files), encode_diagnostics(found),
                     tuple((int(k), n) for k, n in unlisted.items()), encode_diagnostics(suppressed))
        except ValueError:
            return
        self._write(key, value, ".run")
        self.finish()

    def _loaded(self, key: str, path: Path, display: str) -> LoadedFile | None:
        stored = self._read(key)
        if stored is None:
            return None
        try:
            kind, has_model, data, diags, omitted, directives = stored
            loaded = LoadedFile(path, display, kind, None, data, decode_diagnostics(diags),
                                dict(omitted), bool(directives))
            if has_model:
                loaded.model = FILE_KINDS[kind].model_validate(data)
        except Exception:  # an entry that does not rebuild is ignored like a corrupt one
            return None
        return loaded

    def _positions(self, key: str, content: bytes, path: Path, wanted: set[Loc]) -> PositionIndex:
        """``loader._positions``, kept by the file's key and the paths wanted: a run that finds
        the same findings in an unchanged file does not parse it a second time."""
        wanted_key = hashlib.sha256(key.encode() + repr(sorted(wanted, key=repr)).encode("utf-8", "surrogatepass")
                                    ).hexdigest()
        stored = self._read(wanted_key, ".pos")
        if stored is not None:
            with contextlib.suppress(Exception):
                values, keys = stored
                found = PositionIndex(dict(values), dict(keys))
                self.located += 1
                return found
        try:
            raw = read_bytes(path)
        except (YamlProblem, OSError):
            return loader_positions(path, wanted)
        index = loader_positions(path, wanted, raw)
        if hashlib.sha256(raw).digest() == content:  # else the file changed since it loaded: not kept
            self._write(wanted_key, (index.values, index.keys), ".pos")
        else:
            self._unsettled = True
        return index

    def _read(self, key: str, suffix: str = ".bin") -> Any:
        """What is stored under ``key``, or None for no entry or one that fails its checksum."""
        entry = self.entries / f"{key}{suffix}"
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC) + 32
        if blob[:len(_MAGIC)] != _MAGIC or hashlib.sha256(blob[head:]).digest() != blob[len(_MAGIC):head]:
            return None  # cut short, corrupted or of another format: never trusted
        try:
            stored, value = marshal.loads(blob[head:])
        except Exception:
            return None
        if stored != key:
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: pruned last
        return value

    def _write(self, key: str, value: Any, suffix: str = ".bin") -> None:
        if not self._writable:
            return
        tmp = None
        try:
            payload = marshal.dumps((key, value))
            self._prepare()
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.entries)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, self.entries / f"{key}{suffix}")
            self._wrote = True
        except (OSError, ValueError):
            self._writable = False  # a read-only folder, a full disk: the run goes on without
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _prepare(self) -> None:
        if self.entries.is_dir():
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# Created by ocopctl automatically.\n*\n"), ("CACHEDIR.TAG", _TAG)):
            with contextlib.suppress(FileExistsError), open(self.folder / name, "x", encoding="utf-8") as handle:
                handle.write(text)

    def finish(self, limit: int | None = None) -> None:
        """After a run that wrote entries: the least recently used go past ``limit`` bytes."""
        if not self._wrote:
            return
        limit = CACHE_BYTES.value if limit is None else limit
        found: list[tuple[float, int, str]] = []
        with contextlib.suppress(OSError), os.scandir(self.entries) as listing:
            for one in listing:
                with contextlib.suppress(OSError):
                    info = one.stat()
                    found.append((info.st_mtime, info.st_size, one.path))
        total = sum(size for _mtime, size, _name in found)
        for _mtime, size, name in sorted(found):
            if total <= limit:
                break
            with contextlib.suppress(OSError):
                os.unlink(name)
            total -= size


def clean(folder: Path) -> bool:
    """Remove the cache folder; False when there is none. Raises ``ValueError`` for a folder that
    is not an ocopctl cache, ``OSError`` when it cannot be removed."""
    if not folder.is_dir():
        return False
    tag = folder / "CACHEDIR.TAG"
    if not (tag.is_file() and "ocopctl" in tag.read_text(encoding="utf-8", errors="replace")):
        raise ValueError(_("{folder} is not an ocopctl cache (it has no ocopctl CACHEDIR.TAG); left as it is").format(
            folder=repr(str(folder))))
    shutil.rmtree(folder)
    return True
