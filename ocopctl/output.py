"""Writing outputs: one way for every command.

A file is written through a temporary file in its folder and renamed over the
target, so a failure leaves the old file or none; it is created as ``open()``
would create it (the umask decides its mode) or keeps the mode of the file it
replaces. An output that is a folder, a FIFO or a device, whose folder is a
file, or that is one of the command's inputs (or lies in an input folder) is
refused with one line: ``OutputError``, which the command line prints and
exits 2 with.

Every text cell of a CSV or .xlsx goes through ``sheet_text``, so that no
spreadsheet program takes it for a formula; ``from_sheet`` undoes it when a
sheet is imported.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import stat
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocopctl.i18n import _
from ocopctl.limits import XLSX_CELL_CHARS

if TYPE_CHECKING:  # openpyxl is imported where a sheet is written, not by every command that writes a file
    from openpyxl.styles import Font


class OutputError(Exception):
    """An output that cannot or must not be written: one line for the user (exit 2), in the
    language in force."""


def _cannot(path: Path, reason: str) -> OutputError:
    return OutputError(_("cannot write {path}: {reason}").format(path=repr(str(path)), reason=reason))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("it is a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("it is a device")
    if stat.S_ISSOCK(mode):
        return _("it is a socket")
    return _("it is not a regular file")


def check_target(path: Path) -> None:
    """Refuse a path that cannot take a file: a folder, FIFO, device or socket, or one below a file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        st = None  # a parent is a file: said below
    except OSError as exc:
        raise _cannot(path, str(exc.strerror)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _cannot(path, _("it is a directory; name a file in it"))
        if not stat.S_ISREG(st.st_mode):
            raise _cannot(path, _("{kind}; name a regular file (or leave out the output option to print to the "
                                  "terminal)").format(kind=_kind(st.st_mode)))
        return
    for folder in path.absolute().parents:
        if folder.exists():
            if not folder.is_dir():
                raise _cannot(path, _("{folder} is a file, not a directory").format(folder=repr(str(folder))))
            return
        if folder.is_symlink():
            raise _cannot(path, _("{folder} is a broken symbolic link").format(folder=repr(str(folder))))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(path: Path, inputs: Sequence[Path] = (), *, allow_in_inputs: bool = False,
                 replace: bool = True) -> None:
    """Refuse an output that cannot be written (``check_target``), that is one of ``inputs`` (symbolic
    and hard links included), that lies inside an input folder or ./plans unless ``allow_in_inputs``,
    or that exists when ``replace`` is false. Call it before the work, so nothing is computed in vain."""
    check_target(path)
    target = _identity(path)
    resolved = path.resolve()
    folders = [p.resolve() for p in inputs if p.is_dir()]
    if Path("plans").is_dir():
        folders.append(Path("plans").resolve())
    for source in inputs:
        if (target is not None and _identity(source) == target) or source.resolve() == resolved:
            raise _cannot(path, _("it is {source}, an input of this command; ocopctl never overwrites its inputs, "
                                  "name another file").format(source=repr(str(source))))
    if not allow_in_inputs:
        for folder in folders:
            if _under(resolved, folder):
                raise _cannot(path, _("it is inside the input folder {folder}; name a file elsewhere (or pass "
                                      "--allow-output-in-inputs)").format(folder=repr(str(folder))))
    if not replace and (path.exists() or path.is_symlink()):
        raise OutputError(_("{path} exists; ocopctl does not overwrite it without --force").format(
            path=repr(str(path))))


def _temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file next to the target, created with mode 0o666 so that the kernel applies the
    umask (and a default ACL) exactly as for ``open()``; ``mkstemp`` would make it 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = folder / f".{name[:64]}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {str(folder)!r}")


def write_atomic(path: Path, data: str | bytes | Iterable[str]) -> None:
    """Write through a temporary file in the same folder, then rename over the target. The new
    file honours the umask, or keeps the mode of the file it replaces. Raises ``OutputError``.
    ``data`` may be text made piece by piece, which is then never held whole."""
    check_target(path)
    pieces: Iterable[bytes] = ((data.encode("utf-8"),) if isinstance(data, str) else (data,)
                               if isinstance(data, bytes) else (piece.encode("utf-8") for piece in data))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot(path, _("cannot create its folder: {reason}").format(reason=exc.strerror)) from None
    try:
        old = path.stat()
    except OSError:
        old = None
    try:
        fd, tmp = _temporary(path.parent, path.name)
    except OSError as exc:
        raise _cannot(path, str(exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if old is not None and stat.S_ISREG(old.st_mode):
                os.chmod(fh.fileno(), stat.S_IMODE(old.st_mode))
            for piece in pieces:
                fh.write(piece)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot(path, str(exc.strerror or exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_output(path: Path, data: str | bytes | Iterable[str], inputs: Sequence[Path] = (), *,
                 allow_in_inputs: bool = False, replace: bool = True) -> None:
    """The write every command uses: ``check_output``, then ``write_atomic``."""
    check_output(path, inputs, allow_in_inputs=allow_in_inputs, replace=replace)
    write_atomic(path, data)


# --------------------------------------------------------------------------- spreadsheet cells

# A cell beginning with one of these is a formula (or a DDE call) to Excel, LibreOffice or Google
# Sheets (OWASP "CSV injection", plus the full-width forms an IME types).
FORMULA_STARTS = frozenset("=+-@|%\t\r\n＝＋－＠")
# defusedcsv's exception: "-5" and "-1.234,5" are numbers, not formulas, and stay as they are.
_NUMBER = re.compile(r"-?[0-9][0-9.,]*")


def _formula_like(text: str) -> bool:
    return text[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(text)


def sheet_text(text: str) -> str:
    """Text that no spreadsheet program runs: a ``'`` before text that would start a formula.

    Text that already begins with ``'`` before such a start gets one more, so that ``from_sheet``
    undoes exactly this: ``from_sheet(sheet_text(s)) == s`` for every ``s``."""
    return "'" + text if _formula_like(text.lstrip("'")) else text


def from_sheet(text: str) -> str:
    """The text ``sheet_text`` was given (a sheet cell as import reads it)."""
    return text[1:] if text[:1] == "'" and _formula_like(text.lstrip("'")) else text


def _control_picture(m: re.Match[str]) -> str:
    return chr(0x2400 + ord(m[0]))  # U+2400 CONTROL PICTURES: "␀" for NUL, "␇" for BEL


def xlsx_text(text: str) -> tuple[str, bool]:
    """``sheet_text`` for an .xlsx cell, which cannot hold control characters other than tab, newline
    and CR (each becomes its visible symbol, ␀ to ␟) nor more than 32,767 characters (cut).
    The flag says whether the text was changed so."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    fitted = ILLEGAL_CHARACTERS_RE.sub(_control_picture, text)
    if len(fitted) > XLSX_CELL_CHARS.value:
        fitted = fitted[:XLSX_CELL_CHARS.value]
    return sheet_text(fitted), fitted != text


def _plain(value: Any) -> Any:
    """Numbers and dates stay what they are; anything else is text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | date):
        return value
    return str(value)


def csv_text(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    """CSV with every text cell through ``sheet_text``; numbers as they are, None as an empty cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    # With "\n" ending the lines, the csv module leaves a lone CR unquoted, and a reader splits the row there.
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in (header, *rows):
        cells = []
        for v in row:
            p = _plain(v)
            cells.append("" if p is None else sheet_text(p) if isinstance(p, str) else p)
        (quoted if any(isinstance(c, str) and "\r" in c for c in cells) else writer).writerow(cells)
    return buf.getvalue()


def xlsx_bytes(sheet: str, header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> tuple[bytes, int]:
    """One sheet in openpyxl's write-only mode: a bold frozen header, columns sized to their text,
    text as string cells (never a formula or an error value) through ``xlsx_text``, numbers and
    dates as numbers and dates. Returns the file and how many cells ``xlsx_text`` had to change."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    widths = [len(str(h)) for h in header]
    for row in rows:
        for i, v in enumerate(row[:len(widths)]):
            if v is not None:
                widths[i] = max(widths[i], min(len(str(v)), 60))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    changed = 0
    bold = Font(bold=True)

    def cell(value: Any, font: Font | None = None) -> Any:
        nonlocal changed
        p = _plain(value)
        if not isinstance(p, str):
            return p
        text, was_changed = xlsx_text(p)
        changed += was_changed
        if font is None and text[:1] != "=" and text not in ERROR_CODES:
            return text  # openpyxl stores it as a string cell; a cell object per value would double the time
        c = WriteOnlyCell(ws, text)
        c.data_type = "s"  # "#N/A" stays text, as would "=..." (which sheet_text never leaves)
        if font is not None:
            c.font = font
        return c

    ws.append([cell(h, bold) for h in header])
    for row in rows:
        ws.append([cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), changed
