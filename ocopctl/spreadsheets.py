"""Reading spreadsheets: calamine and openpyxl, behind one guard (``ocopctl.output`` writes them).

Import takes files from anywhere (a colleague's e-mail, a portal's export), so each
file is checked before a parser sees it, and whatever a parser raises becomes one
line that names the file, never a traceback:

* the file must be a regular file of at most ``SHEET_FILE_BYTES``, read once;
* an .xlsx is a zip: its directory may list at most ``SHEET_PARTS`` parts and
  ``SHEET_BYTES`` once inflated, and every part is inflated once, streaming, to see
  that it holds what the directory says, before calamine or openpyxl inflate it;
* both readers allocate a sheet as the whole rectangle from A1 to its last cell, and
  calamine copies a shared string into every cell that shows it: the cells a part
  addresses (merged ranges included) may be at most ``SHEET_CELLS`` in ``SHEET_ROWS``
  rows, and the text the shared strings expand to counts towards ``SHEET_BYTES``;
* a CSV is UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything else is read
  as Windows-1258 with a note, or refused naming the encoding; it may hold ``SHEET_BYTES``,
  ``SHEET_CELLS`` and ``SHEET_ROWS``, and a field at most ``CSV_FIELD_CHARS`` characters.

The import of a file at these limits stays under 500 MB; each row costs it about 2 KB
and each byte of text about 8.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from ocopctl import i18n, limits
from ocopctl.i18n import N_, _
from ocopctl.inputs import NotRegularFile, TooLarge, read_regular


def cell_name(row: int, column: int) -> str:
    """``B7`` for row 7, column 2; ``R7C20000`` past the last column a letter can name (ZZZ, 18,278),
    which a CSV can still have."""
    return f"{get_column_letter(column)}{row}" if 1 <= column <= 18_278 else f"R{row}C{column}"


class UnreadableSheet(Exception):
    """A spreadsheet or CSV file that cannot be read: one line naming the file (and the part,
    sheet, row or column where it applies) and saying what to do."""


class NoSuchSheet(KeyError):
    """The workbook has no sheet of the name asked for."""


SAVE_AGAIN = N_("open it in Excel or LibreOffice and save it again as .xlsx")
SAVE_CSV = N_("save it again as 'CSV UTF-8 (Comma delimited)'")


def read_input(path: Path) -> bytes:
    """The bytes of a regular file of at most ``SHEET_FILE_BYTES``: never blocks on a FIFO or device."""
    limit = limits.SHEET_FILE_BYTES.value
    try:
        return read_regular(path, limit)
    except NotRegularFile as exc:
        raise UnreadableSheet(f"{path}: " + _("{kind}, not a regular file; give ocopctl a saved .xlsx or .csv "
                                              "file").format(kind=i18n.localized(exc.kind))) from None
    except TooLarge:
        raise UnreadableSheet(f"{path}: " + _("larger than the {limit} bytes ocopctl reads (SHEET_FILE_BYTES); "
                                              "split the table into smaller files").format(
            limit=i18n.format_number(limit))) from None
    except OSError as exc:
        raise UnreadableSheet(f"{path}: " + _("cannot be read: {reason}").format(reason=exc.strerror or exc)) from None


# --------------------------------------------------------------------------- CSV

# Byte-order marks, longest first: a UTF-32 LE mark begins like a UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
LEGACY = "cp1258"  # Windows-1258, what Vietnamese Windows saves "CSV (Comma delimited)" in


def _line_col(data: bytes, offset: int) -> str:
    line, start = data.count(b"\n", 0, offset) + 1, data.rfind(b"\n", 0, offset)
    return _("line {line}, column {column}").format(line=line, column=offset - start)


def decode_csv(path: Path, data: bytes) -> tuple[str, str | None]:
    """The text of a CSV file in NFC, and a note when it was read in a legacy encoding."""
    bom = next(((enc, name) for mark, enc, name in _BOMS if data.startswith(mark)), None)
    note = None
    try:
        text = data.decode(bom[0] if bom else "utf-8")
    except UnicodeDecodeError as exc:
        if bom:
            raise UnreadableSheet(f"{path}: " + _("starts with a {encoding} byte-order mark but is not {encoding} "
                                                  "(byte {byte}); {advice}").format(
                encoding=bom[1], byte=i18n.format_number(exc.start), advice=_(SAVE_CSV))) from None
        where = _("byte 0x{byte} at {place}").format(byte=f"{data[exc.start]:02x}", place=_line_col(data, exc.start))
        try:
            text = data.decode(LEGACY)
        except UnicodeDecodeError:
            raise UnreadableSheet(f"{path}: " + _("neither UTF-8 ({where}) nor Windows-1258; {advice}").format(
                where=where, advice=_(SAVE_CSV))) from None
        note = _("the file is not UTF-8 ({where}); it was read as Windows-1258 (cp1258), the legacy Vietnamese "
                 "Windows encoding: check the Vietnamese letters, or {advice} and import it again").format(
            where=where, advice=_(SAVE_CSV))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UnreadableSheet(f"{path}: " + _("line {line} holds a NUL character: the file is not text, or UTF-16 "
                                              "without a byte-order mark; {advice}").format(
            line=line, advice=_(SAVE_CSV)))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, note


def read_csv(path: Path) -> tuple[list[list[str]], str | None]:
    """Rows of a CSV file, and a note on its encoding when it is not UTF-8."""
    data = read_input(path)
    if len(data) > limits.SHEET_BYTES.value:
        raise UnreadableSheet(f"{path}: " + _("more than the {limit} bytes of text ocopctl reads (SHEET_BYTES); "
                                              "split the table into smaller files").format(
            limit=i18n.format_number(limits.SHEET_BYTES.value)))
    text, note = decode_csv(path, data)
    cells_limit, rows_limit = limits.SHEET_CELLS.value, limits.SHEET_ROWS.value
    rows: list[list[str]] = []
    cells = 0
    saved = csv.field_size_limit(limits.CSV_FIELD_CHARS.value)  # process-wide: restored below
    try:
        reader = csv.reader(io.StringIO(text))
        try:
            for row in reader:
                rows.append(row)
                cells += max(len(row), 1)
                if cells > cells_limit or len(rows) > rows_limit:
                    raise UnreadableSheet(f"{path}: more than {cells_limit:,} cells or {rows_limit:,} rows by row "
                                          f"{len(rows):,} (SHEET_CELLS, SHEET_ROWS); split the table into files")
        except csv.Error as exc:
            raise UnreadableSheet(_csv_error(path, text, len(rows), reader.line_num, exc)) from None
    finally:
        csv.field_size_limit(saved)
    return rows, note


def _csv_error(path: Path, text: str, good_rows: int, line: int, exc: csv.Error) -> str:
    if "field larger than field limit" not in str(exc):
        return f"{path}: " + _("row {row} (line {line}): {reason}; check the quotes around it, or {advice}").format(
            row=good_rows + 1, line=line, reason=exc, advice=_(SAVE_CSV))
    limit = limits.CSV_FIELD_CHARS.value
    csv.field_size_limit(len(text) + 1)  # once more, unbounded, to name the cell (the file is bounded)
    for r, row in enumerate(csv.reader(io.StringIO(text))):
        if r == good_rows:
            column = next((c for c, v in enumerate(row, start=1) if len(v) > limit), None)
            cell = cell_name(r + 1, column) if column else f"row {r + 1}"
            return (f"{path}:{path.name}!{cell}: a field of more than {limit:,} characters (CSV_FIELD_CHARS); "
                    "a quote may be missing its closing quote, or the cell holds more than a table cell should")
    return f"{path}: row {good_rows + 1}: a field of more than {limit:,} characters (CSV_FIELD_CHARS)"


# --------------------------------------------------------------------------- xlsx: the guard

# Tags that decide how much a reader allocates, with or without a namespace prefix (calamine
# matches local names). Attribute values never hold '<' in XML, so a tag ends before the next '<'.
_PREFIX = rb"""(?:[^\s<>/:!?="']+:)?"""
_START = re.compile(rb"<" + _PREFIX + rb"(row|c|v|f|si|sst|mergeCell)(?=[\s/>])")
_REST = re.compile(rb"""(?:[^<>"']|"[^<"]*"|'[^<']*')*>""")
_ATTR = re.compile(rb"""(?:[^\s<>/:="']+:)?([^\s<>/:="']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]{1,8})([0-9]{1,10})")
_TAG_BYTES = 4096  # longest tag (with its attributes) the scan accepts
_CHUNK = 1 << 20
# The layout Excel, LibreOffice, openpyxl and most writers use: no prefix on these tags, every
# cell numbered first thing in double quotes. A chunk in this layout is summed up by a few regex
# passes at C speed; any other layout is scanned tag by tag, the same bounds, about 20 times slower.
_PREFIXED = re.compile(rb":(?:row|c|v|f|si|sst|mergeCell)[\s/>]")  # or text that looks like it
_NAMES = re.compile(rb"<(c|f|si|sst|mergeCell)(?=[\s/>])")
_FAST_ATTR = rb"""(?: (?!r=|t=)[A-Za-z][\w:.-]*="[^"<>]*")*"""
_FAST_CELL = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"(?:' + _FAST_ATTR + rb'(?: t="[^"<>]*")?' + _FAST_ATTR
                        + rb") ?/?>")
_FAST_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_FAST_SHARED = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"' + _FAST_ATTR + rb' t="s"' + _FAST_ATTR
                          + rb" ?><v>([0-9]{1,10})</v>")
_FAST_OTHER = re.compile(rb"<(mergeCell|si|sst)(?=[\s/>])")


class _Slow(Exception):
    """A part not in the common layout: scan it again, tag by tag."""


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


@dataclass
class _PartScan:
    """What one zip part asks of a reader, from a streaming scan of its tags: an upper bound
    on the rectangle of cells it addresses, its formulas, its shared strings and their use."""

    name: str
    slow: bool = False
    row: int = 0  # current row (explicit r or counted)
    col: int = 0  # last column in the current row
    rows: int = 0  # rows seen: cells without references are placed by counting
    cells_in_row: int = 0
    max_row: int = 0
    max_col: int = 0
    formulas: bool = False
    shared: Counter[int] = field(default_factory=Counter)  # shared-string index -> cells showing it
    pending_shared: bool = False
    si_starts: list[int] = field(default_factory=list)
    size: int = 0
    carry: bytes = b""
    offset: int = 0

    def problem(self, what: str) -> UnreadableSheet:
        return UnreadableSheet(f"{self.name}: {what}")

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buf = self.carry + chunk
        cut = buf.rfind(b"<")
        if final or cut < 0 or len(buf) - cut > _TAG_BYTES:
            cut = len(buf)  # the last tag, if any, is complete or too long
        if self.slow:
            self._scan_tags(buf, cut)
        else:
            self._scan_fast(buf[:cut])
        self.carry = buf[cut:]
        self.offset += cut

    def _scan_fast(self, view: bytes) -> None:
        if _PREFIXED.search(view):
            raise _Slow
        names = Counter(_NAMES.findall(view))
        rows = _FAST_CELL.findall(view)
        if len(rows) != names[b"c"]:
            raise _Slow
        if rows:
            self.max_row = max(self.max_row, *map(int, rows))
            self.max_col = max(self.max_col, *map(_column_number, set(_FAST_COLUMN.findall(view))))
        shared = view.count(b' t="s"')
        if shared:
            indices = _FAST_SHARED.findall(view)
            if len(indices) != shared:
                raise _Slow
            self.shared.update(map(int, indices))
        if names[b"f"] and self.name.startswith("xl/worksheets/"):
            self.formulas = True
        if names[b"mergeCell"] or names[b"si"] or names[b"sst"]:
            for m in _FAST_OTHER.finditer(view):
                end = _REST.match(view, m.end(), min(len(view), m.end() + _TAG_BYTES))
                if end is None:
                    raise _Slow
                self._tag(m.group(1), view[m.end():end.end()], view, end.end(), len(view), m.start())

    def _scan_tags(self, buf: bytes, cut: int) -> None:
        for m in _START.finditer(buf, 0, cut):
            end = _REST.match(buf, m.end(), min(cut, m.end() + _TAG_BYTES))
            if end is None:
                raise self.problem(f"a <{m.group(1).decode()}> tag that does not end within {_TAG_BYTES} bytes")
            self._tag(m.group(1), buf[m.end():end.end()], buf, end.end(), cut, m.start())

    def _attrs(self, text: bytes) -> Iterator[tuple[bytes, bytes]]:
        for a in _ATTR.finditer(text):
            yield a.group(1), a.group(2) if a.group(2) is not None else a.group(3)

    def _ref(self, value: bytes) -> tuple[int, int]:
        m = _REF.fullmatch(value)
        if m is None:
            raise self.problem(f"cell reference {value.decode(errors='replace')!r} is not understood")
        return int(m.group(2)), _column_number(m.group(1))

    def _tag(self, tag: bytes, attrs: bytes, buf: bytes, after: int, cut: int, start: int) -> None:
        if tag == b"c":
            refs = [self._ref(v) for k, v in self._attrs(attrs) if k == b"r"]
            self.cells_in_row += 1
            if refs:
                row, self.col = max(r for r, _ in refs), max(c for _, c in refs)
            else:
                row, self.col = max(self.row, 1), self.col + 1
            self.max_row = max(self.max_row, row, self.rows)
            self.max_col = max(self.max_col, self.col, self.cells_in_row)
            self.pending_shared = any(k == b"t" and v == b"s" for k, v in self._attrs(attrs))
        elif tag == b"v":
            if self.pending_shared:
                stop = buf.find(b"<", after, cut)
                text = buf[after:stop if stop >= 0 else cut].strip()
                self.shared[int(text) if text.isdigit() and len(text) < 12 else -1] += 1
            self.pending_shared = False
        elif tag == b"row":
            rs = [v for k, v in self._attrs(attrs) if k == b"r"]
            if any(not v.isdigit() or len(v) > 10 for v in rs):
                raise self.problem(f"row number {rs[0].decode(errors='replace')!r} is not understood")
            self.row = max(int(v) for v in rs) if rs else self.row + 1
            self.rows += 1
            self.col = self.cells_in_row = 0
        elif tag == b"mergeCell":
            for k, v in self._attrs(attrs):
                if k == b"ref":
                    for corner in v.split(b":"):
                        row, col = self._ref(corner)
                        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
        elif tag == b"f" and self.name.startswith("xl/worksheets/"):
            self.formulas = True
        elif tag == b"si":
            self.si_starts.append(self.offset + start)
        elif tag == b"sst":
            for k, v in self._attrs(attrs):
                if k == b"uniqueCount" and v.strip().isdigit() and int(v) > limits.SHEET_CELLS.value:
                    raise self.problem(f"declares {int(v):,} shared strings, more than the "
                                       f"{limits.SHEET_CELLS.value:,} cells ocopctl reads (SHEET_CELLS)")

    def string_lengths(self) -> list[int]:
        """Upper bounds on the bytes of each shared string: the distance to the next one."""
        ends = [*self.si_starts[1:], self.size]
        return [b - a for a, b in zip(self.si_starts, ends, strict=False)]

    @property
    def corner(self) -> str:
        return f"{get_column_letter(min(self.max_col, 18278))}{self.max_row}" if self.max_col else "no cell"


def _central_directory_bytes(data: bytes) -> int | None:
    """The size of the zip directory, read from its end record as zipfile will read it, before
    zipfile builds one object for each of its entries."""
    end = len(data) - 22
    if not (end >= 0 and data[end:end + 4] == b"PK\x05\x06" and data[-2:] == b"\0\0"):
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
        if end < 0 or end + 22 > len(data):
            return None
    size = int.from_bytes(data[end + 12:end + 16], "little")
    z64 = end - 20 - 56
    if data[end - 20:end - 16] == b"PK\x06\x07" and z64 >= 0 and data[z64:z64 + 4] == b"PK\x06\x06":
        size = max(size, int.from_bytes(data[z64 + 40:z64 + 48], "little"))
    return size


def inspect_xlsx(path: Path, data: bytes) -> bool:
    """Refuse an .xlsx that is not one or would exhaust memory; whether a worksheet holds formulas."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise UnreadableSheet(f"{path}: " + _("an old .xls workbook or a password-protected one, not an .xlsx; open "
                                              "it in Excel or LibreOffice and save it as .xlsx without a password"))
    parts_limit, bytes_limit = limits.SHEET_PARTS.value, limits.SHEET_BYTES.value
    directory = _central_directory_bytes(data)
    if directory is not None and directory > parts_limit * 1024:
        raise UnreadableSheet(f"{path}: its zip directory of {directory:,} bytes lists more than the "
                              f"{parts_limit:,} parts ocopctl reads (SHEET_PARTS); {_(SAVE_AGAIN)}")
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises more than BadZipFile on a damaged directory
        raise UnreadableSheet(f"{path}: " + _("not an .xlsx workbook, which is a zip archive ({reason}); it may be "
                                              "truncated, or another kind of file renamed; {advice}").format(
            reason=_why(exc), advice=_(SAVE_AGAIN))) from None
    with book:
        infos = book.infolist()
        if len(infos) > parts_limit:
            raise UnreadableSheet(f"{path}: {len(infos):,} parts, more than the {parts_limit:,} ocopctl reads "
                                  f"(SHEET_PARTS); {_(SAVE_AGAIN)}")
        declared = sum(i.file_size for i in infos)
        if declared > bytes_limit:
            raise UnreadableSheet(f"{path}: " + _("would inflate to {size} bytes, more than the {limit} ocopctl reads "
                                                  "(SHEET_BYTES); remove pictures, or split the table into smaller "
                                                  "workbooks").format(size=i18n.format_number(declared),
                                                                      limit=i18n.format_number(bytes_limit)))
        scans = [_scan_part(path, book, info) for info in infos]
    area = sum(s.max_row * s.max_col for s in scans)
    tall = [s for s in scans if s.max_col and s.max_row > limits.SHEET_ROWS.value]
    if area > limits.SHEET_CELLS.value or tall:
        s = tall[0] if tall else max(scans, key=lambda s: s.max_row * s.max_col)
        raise UnreadableSheet(f"{path}: " + _(
            "{part} addresses cells up to {corner} ({rows} rows by {columns} columns), more than the {cells} cells "
            "or {max_rows} rows ocopctl reads (SHEET_CELLS, SHEET_ROWS); delete stray cells and formatting far from "
            "the table, or split it").format(part=s.name, corner=s.corner, rows=i18n.format_number(s.max_row),
                                             columns=i18n.format_number(s.max_col),
                                             cells=i18n.format_number(limits.SHEET_CELLS.value),
                                             max_rows=i18n.format_number(limits.SHEET_ROWS.value)))
    lengths: list[int] = []
    for s in scans:
        for i, n in enumerate(s.string_lengths()):
            if i < len(lengths):
                lengths[i] = max(lengths[i], n)
            else:
                lengths.append(n)
    unknown = max(lengths, default=0)  # a cell whose index is not plain digits: as the longest string
    expanded = sum(count * (lengths[i] if 0 <= i < len(lengths) else unknown if i < 0 else 0)
                   for s in scans for i, count in s.shared.items())
    if declared + expanded > bytes_limit:
        raise UnreadableSheet(f"{path}: its shared strings repeat into {expanded:,} bytes of text, more than the "
                              f"{bytes_limit:,} ocopctl reads (SHEET_BYTES); split the table into smaller workbooks")
    return any(s.formulas for s in scans)


def _scan_part(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> _PartScan:
    """Inflate one part, streaming: it must hold exactly what the directory says."""
    try:
        return _scan_once(book, info, slow=False)
    except _Slow:
        pass
    except UnreadableSheet as exc:
        raise UnreadableSheet(f"{path}: {exc}; {_(SAVE_AGAIN)}") from None
    except Exception as exc:  # zipfile and zlib raise many kinds on damaged data
        raise UnreadableSheet(f"{path}: {info.filename} cannot be inflated ({_why(exc)}): the file is damaged; "
                              f"{_(SAVE_AGAIN)}") from None
    try:
        return _scan_once(book, info, slow=True)
    except UnreadableSheet as exc:
        raise UnreadableSheet(f"{path}: {exc}; {_(SAVE_AGAIN)}") from None


def _scan_once(book: zipfile.ZipFile, info: zipfile.ZipInfo, slow: bool) -> _PartScan:
    scan = _PartScan(info.filename, slow)
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1  # zipfile stops at the declared size: ask for one byte more
    with book.open(probe) as part:
        chunk = part.read(2)
        if chunk in (b"\xff\xfe", b"\xfe\xff", b"<\0", b"\0<"):
            raise scan.problem("is UTF-16 text, which Excel never writes")
        while chunk:
            scan.size += len(chunk)
            if scan.size > info.file_size:
                raise scan.problem(f"inflates to more than the {info.file_size:,} bytes its zip directory "
                                   "declares: the file is damaged or built to exhaust memory")
            scan.feed(chunk)
            chunk = part.read(_CHUNK)
    scan.feed(b"", final=True)
    if scan.size != info.file_size:
        raise scan.problem(f"holds {scan.size:,} bytes where its zip directory declares {info.file_size:,}: "
                           "the file is damaged")
    return scan


def _why(exc: BaseException) -> str:
    """An exception as one short line that keeps its class name, for a bug report."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


# --------------------------------------------------------------------------- xlsx: reading

Merged = list[tuple[tuple[int, int], tuple[int, int]]]  # 0-based (first row, col), (last row, col)


@dataclass
class Sheet:
    """One sheet's values: formulas as their cached values, ``None`` where the file holds none."""

    name: str
    rows: list[list[Any]]
    merged: Merged
    uncached: list[tuple[int, int, str]]  # 0-based row, column and text of formulas with no value


def read_xlsx(path: Path, sheet: str | None = None) -> Sheet:
    """Values of one sheet through calamine (about 15 times faster than openpyxl); when a worksheet
    holds formulas, openpyxl finds them, so that a formula with no computed value is not read as empty.
    Raises ``NoSuchSheet`` for an unknown sheet name and ``UnreadableSheet`` for everything else."""
    data = read_input(path)
    formulas = inspect_xlsx(path, data)
    try:
        with _quiet():
            return _read_xlsx(data, sheet, formulas)
    except (UnreadableSheet, NoSuchSheet):
        raise
    except Exception as exc:  # the one boundary: a parser's bug or surprise must not become a traceback
        where = _diagnose(data)
        raise UnreadableSheet(f"{path}: " + _("cannot be read ({reason}); {advice}").format(
            reason=f"{where + '; ' if where else ''}{_why(exc)}", advice=_(SAVE_AGAIN))) from None


@contextmanager
def _quiet() -> Iterator[None]:
    """openpyxl warns about extensions it does not read; nothing a user can act on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _read_xlsx(data: bytes, sheet: str | None, formulas: bool) -> Sheet:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    if sheet is not None and sheet not in wb.sheet_names:
        raise NoSuchSheet(sheet)
    if not wb.sheet_names:
        raise UnreadableSheet(_("the workbook has no sheet"))
    ws = wb.get_sheet_by_name(sheet) if sheet is not None else wb.get_sheet_by_index(0)
    rows = [[None if v == "" else v for v in row] for row in ws.to_python(skip_empty_area=False)]
    merged: Merged = list(ws.merged_cell_ranges or [])
    uncached: list[tuple[int, int, str]] = []
    if formulas:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            formula_sheet = book[ws.name]
            formula_sheet.reset_dimensions()  # never trust <dimension>: rows are read as they are
            for line in formula_sheet.iter_rows():
                for cell in line:
                    if cell.data_type == "f" and cell.row and cell.column:
                        r, c = cell.row - 1, cell.column - 1
                        if r >= len(rows) or c >= len(rows[r]) or rows[r][c] is None:
                            uncached.append((r, c, str(cell.value)))
        finally:
            book.close()
    return Sheet(ws.name, rows, merged, uncached)


def _boolean(text: str) -> bool:
    if text.strip() not in ("0", "1"):
        raise ValueError(text)
    return text.strip() == "1"


def _index(text: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(text)
    return int(text)


_TYPED: dict[str, Any] = {"n": float, "b": _boolean, "d": date.fromisoformat, "s": _index}


def _diagnose(data: bytes) -> str | None:
    """Where a workbook that a reader failed on is broken: the first XML part that is not
    well-formed, or the first cell whose value does not fit its type. Only after a failure."""
    from defusedxml.ElementTree import ParseError, iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for info in book.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with book.open(info) as part:
                    parents: list[Any] = []
                    for event, elem in iterparse(part, events=("start", "end"), forbid_dtd=True):
                        if event == "start":
                            parents.append(elem)
                            continue
                        parents.pop()
                        name = elem.tag.rpartition("}")[2]
                        if name == "c":
                            problem = _bad_value(elem)
                            if problem:
                                return f"{info.filename}, cell {elem.get('r', '?')}: {problem}"
                        elif name in ("row", "si") and parents:
                            del parents[-1][-1]  # the element just read is its parent's last: one row in memory
            except ParseError as exc:
                line, column = exc.position
                return f"{info.filename}, line {line}, column {column + 1}: not well-formed XML"
            except Exception as exc:  # defusedxml's refusals, an unknown encoding ...
                return f"{info.filename}: {_why(exc)}"
    return None


def _bad_value(cell: Any) -> str | None:
    kind = cell.get("t", "n")
    value = next((child.text or "" for child in cell if child.tag.rpartition("}")[2] == "v"), None)
    if value is None or kind not in _TYPED:
        return None
    try:
        _TYPED[kind](value)
    except (ValueError, KeyError, TypeError):
        return f"the value {value[:40]!r} does not fit the cell's type {kind!r}"
    return None
