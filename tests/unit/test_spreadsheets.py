"""Reading spreadsheets and CSV files that are broken, hostile or in a legacy encoding.

Every case ends in rows or in one ``UnreadableSheet`` line that names the file (and the
part, sheet or cell where it applies); bombs are refused before calamine or openpyxl
sees them. Hostile files are built here, in memory, never stored.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from ocopctl import limits, spreadsheets
from ocopctl.cli import app
from ocopctl.limits import Limit
from ocopctl.spreadsheets import UnreadableSheet
from ocopctl.tables_io import import_table, read_sheet

runner = CliRunner()
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER = b'<row r="1"><c r="A1" t="inlineStr"><is><t>N\xe1\xbb\x99i dung</t></is></c></row>'


def package(sheet: bytes, shared: bytes | None = None, after: bytes = b"", sst: bytes = b"") -> bytes:
    """A minimal .xlsx around one worksheet's rows (and a shared-strings part)."""
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'worksheet" Target="worksheets/sheet1.xml"/>'
            + (b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               b'sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else b"")
            + b"</Relationships>")
    parts = {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
           b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else b"")
        + b"</Types>",
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b"<workbook " + MAIN + b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": rels,
        "xl/worksheets/sheet1.xml": b"<worksheet " + MAIN + b"><sheetData>" + sheet + b"</sheetData>" + after
        + b"</worksheet>",
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = b"<sst " + MAIN + sst + b">" + shared + b"</sst>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def no_reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Fails the test if calamine or openpyxl is asked to read: bombs must be refused before."""
    calls: list[bytes] = []

    def refuse(data: bytes, *_args: Any) -> Any:
        calls.append(data)
        raise AssertionError("a reader saw a file the guard should have refused")

    monkeypatch.setattr(spreadsheets, "_read_xlsx", refuse)
    yield calls
    assert calls == []


def unreadable(path: Path) -> str:
    with pytest.raises(UnreadableSheet) as info:
        read_sheet(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_a_well_formed_package_reads() -> None:
    """The builder the other tests use makes a workbook calamine reads."""
    path = Path(os.devnull)  # only for messages
    assert spreadsheets.inspect_xlsx(path, package(HEADER)) is False


# --------------------------------------------------------------------------- not a workbook


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "not an .xlsx workbook"),
    (b"PK\x05\x06" + bytes(18), "cannot be read (CalamineError"),  # an empty zip
    (b"hello, world\n", "not an .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "an old .xls workbook or a password-protected one"),
])
def test_files_that_are_not_workbooks(tmp_path: Path, data: bytes, expected: str) -> None:
    assert expected in unreadable(write(tmp_path, "t.xlsx", data))


def test_a_truncated_workbook(tmp_path: Path) -> None:
    data = package(HEADER)
    message = unreadable(write(tmp_path, "t.xlsx", data[: len(data) // 2]))
    assert "BadZipFile" in message and "truncated" in message


def test_a_damaged_part_is_named(tmp_path: Path) -> None:
    data = bytearray(package(HEADER + b'<row r="2"><c r="A2"><v>1</v></c></row>' * 50))
    at = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10
    data[at:at + 8] = b"\x00" * 8  # inside the deflated data of the sheet
    message = unreadable(write(tmp_path, "t.xlsx", bytes(data)))
    assert "xl/worksheets/sheet1.xml" in message and "damaged" in message


def test_malformed_sheet_xml_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "t.xlsx", package(HEADER + b'<row r="2"><c r="A2"><v>1</v></row>'))
    message = unreadable(path)
    assert "xl/worksheets/sheet1.xml, line 1, column" in message and "not well-formed XML" in message


def test_a_badly_typed_cached_value_is_located(tmp_path: Path) -> None:
    row = b'<row r="2"><c r="A2" t="n"><f>1+1</f><v>abc</v></c></row>'
    message = unreadable(write(tmp_path, "t.xlsx", package(HEADER + row)))
    assert "cell A2: the value 'abc' does not fit the cell's type 'n'" in message


def test_an_entity_bomb_is_refused_naming_the_dtd(tmp_path: Path) -> None:
    """Billion laughs: neither calamine nor the diagnosis (defusedxml) expands it."""
    entities = b"".join(b'<!ENTITY b%d "%s">' % (i, (b"&b%d;" % (i - 1) if i else b"ha") * 10) for i in range(9))
    sheet = (b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b"]><worksheet " + MAIN
             + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b8;</t></is></c></row></sheetData>'
             + b"</worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package(HEADER))) as zin, zipfile.ZipFile(buf, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else zin.read(name))
    assert "xl/worksheets/sheet1.xml: DTDForbidden" in unreadable(write(tmp_path, "t.xlsx", buf.getvalue()))


def test_any_reader_failure_is_one_line_with_its_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: Any) -> Any:
        raise RuntimeError("library bug\non two lines")

    monkeypatch.setattr(spreadsheets.CalamineWorkbook, "from_filelike", boom)
    message = unreadable(write(tmp_path, "t.xlsx", package(HEADER)))
    assert "RuntimeError: library bug on two lines" in message


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "t.csv"
    os.mkfifo(fifo)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading a FIFO blocked"))
    signal.alarm(5)
    try:
        assert "not a regular file" in unreadable(fifo)
    finally:
        signal.alarm(0)


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "SHEET_FILE_BYTES", Limit(1000, "test"))
    assert "SHEET_FILE_BYTES" in unreadable(write(tmp_path, "t.csv", b"a,b\n" * 300))


# --------------------------------------------------------------------------- bombs


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  no_reader: list[bytes]) -> None:
    monkeypatch.setattr(limits, "SHEET_BYTES", Limit(1 << 20, "test"))
    data = package(HEADER + b" " * (2 << 20))  # 2 MB of spaces deflate to about 2 KB
    assert len(data) < 10_000
    assert "would inflate to" in unreadable(write(tmp_path, "t.xlsx", data))


def test_a_part_larger_than_its_directory_says(tmp_path: Path, no_reader: list[bytes]) -> None:
    """A directory that lies about a part's size (with a checksum that fits the lie) is caught
    while the part is inflated: zipfile alone stops at the declared size and never sees the rest."""
    sheet = b"<worksheet " + MAIN + b"><sheetData>" + HEADER + b" " * 100_000 + b"</sheetData></worksheet>"
    data = bytearray(package(HEADER + b" " * 100_000))
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + 24] != b"xl/worksheets/sheet1.xml":  # the sheet's directory entry
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 16:central + 20] = zlib.crc32(sheet[:1001]).to_bytes(4, "little")
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")  # claims 1,000 bytes inflated
    assert "inflates to more than the 1,000 bytes its zip directory declares" in unreadable(
        write(tmp_path, "t.xlsx", bytes(data)))


@pytest.mark.parametrize("cells", [
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',  # two cells 17 billion apart
    b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',  # prefixed
    (b"<row><c><v>1</v></c>" + b"<c/>" * 20 + b"</row>") * 30,  # placed by counting, no references
])
def test_a_sheet_addressing_too_many_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           no_reader: list[bytes], cells: bytes) -> None:
    monkeypatch.setattr(limits, "SHEET_CELLS", Limit(500, "test"))
    assert "SHEET_CELLS" in unreadable(write(tmp_path, "t.xlsx", package(HEADER + cells)))


def test_a_sheet_of_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_reader: list[bytes]) -> None:
    """Each row costs the import more than its cells do: a long thin sheet is bounded too."""
    monkeypatch.setattr(limits, "SHEET_ROWS", Limit(100, "test"))
    cells = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(2, 102))
    assert "101 rows by 1 columns" in unreadable(write(tmp_path, "t.xlsx", package(HEADER + cells)))


def test_a_merged_range_over_the_whole_sheet(tmp_path: Path, no_reader: list[bytes]) -> None:
    data = package(HEADER, after=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    assert "up to XFD1048576 (1,048,576 rows by 16,384 columns)" in unreadable(write(tmp_path, "t.xlsx", data))


def test_a_shared_string_table_that_claims_billions(tmp_path: Path, no_reader: list[bytes]) -> None:
    """calamine reserves room for uniqueCount strings before reading one: the process aborts."""
    data = package(HEADER, shared=b"<si><t>x</t></si>", sst=b' uniqueCount="4000000000"')
    assert "declares 4,000,000,000 shared strings" in unreadable(write(tmp_path, "t.xlsx", data))


def test_one_long_shared_string_in_many_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              no_reader: list[bytes]) -> None:
    """calamine copies a shared string into every cell showing it: 26 KB became 2 GB."""
    monkeypatch.setattr(limits, "SHEET_BYTES", Limit(1 << 20, "test"))
    cells = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(2, 202))
    data = package(HEADER + cells, shared=b"<si><t>" + b"x" * 10_000 + b"</t></si>")
    assert "shared strings repeat into" in unreadable(write(tmp_path, "t.xlsx", data))


def test_the_bound_is_the_same_in_every_layout() -> None:
    """The fast scan (Excel's layout) and the tag-by-tag scan (any other) agree."""
    excel = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c><c r="C%d"><v>2</v></c></row>' % (r, r, r)
                     for r in range(2, 12))
    other = b"".join(b"<x:row><x:c t='s'><x:v> 0 </x:v></x:c><x:c/><x:c><x:v>2</x:v></x:c></x:row>"
                     for _ in range(2, 12))
    scans = []
    for sheet in (HEADER + excel, b"<x:row><x:c/></x:row>" + other):
        book = zipfile.ZipFile(io.BytesIO(package(sheet, shared=b"<si><t>x</t></si>")))
        scans.append(spreadsheets._scan_part(Path("t"), book, book.getinfo("xl/worksheets/sheet1.xml")))
    assert [(s.slow, s.max_row, s.max_col, dict(s.shared)) for s in scans] == [
        (False, 11, 3, {0: 10}), (True, 11, 3, {0: 10})]


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("utf-32", b""),
])
def test_csv_in_unicode_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = write(tmp_path, "t.csv", prefix + "Mã,Nội dung\nct-1,Hội chợ OCOP\n".encode(encoding))
    assert read_sheet(path) == ("t.csv", [["Mã", "Nội dung"], ["ct-1", "Hội chợ OCOP"]], [])


def cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows saves it: a letter precomposed where cp1258 has it, tone marks apart."""
    out = b""
    for ch in text:
        marks = [m for m in unicodedata.normalize("NFD", ch) if m in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(m for m in unicodedata.normalize("NFD", ch) if m not in marks))
        out += (base + "".join(marks)).encode("cp1258")
    return out


def test_a_windows_1258_csv_is_read_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", cp1258("Mã,Nội dung\nct-1,Hội chợ OCOP\n"))
    _name, rows, notes = read_sheet(path)
    assert rows == [["Mã", "Nội dung"], ["ct-1", "Hội chợ OCOP"]]  # composed again (NFC)
    assert "read as Windows-1258 (cp1258)" in notes[0].message and "line 1, column 3" in notes[0].message


@pytest.mark.parametrize(("data", "expected"), [
    (b"a,b\n\x81\x8d,x\n", "neither UTF-8 (byte 0x81 at line 2, column 1) nor Windows-1258"),
    ("Mã,Nội\n".encode("utf-16-le"), "line 1 holds a NUL character"),
    (b"\xff\xfeM\x00\x00\xd8", "starts with a UTF-16 byte-order mark but is not UTF-16"),
])
def test_csv_encodings_that_are_refused(tmp_path: Path, data: bytes, expected: str) -> None:
    assert expected in unreadable(write(tmp_path, "t.csv", data))


def test_a_huge_csv_field_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "CSV_FIELD_CHARS", Limit(1000, "test"))
    path = write(tmp_path, "t.csv", b'Ma,Noi dung\nct-1,ok\nct-2,"' + b"x" * 5000 + b'"\n')
    assert "t.csv!B3: a field of more than 1,000 characters (CSV_FIELD_CHARS)" in unreadable(path)
    assert sys.modules["csv"].field_size_limit() != 1000  # the process-wide limit is restored


def test_a_csv_over_the_cell_row_and_text_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "SHEET_CELLS", Limit(100, "test"))
    assert "more than 100 cells or 100,000 rows by row 51" in unreadable(write(tmp_path, "t.csv", b"a,b\n" * 60))
    monkeypatch.setattr(limits, "SHEET_ROWS", Limit(20, "test"))
    assert "by row 21 (SHEET_CELLS, SHEET_ROWS)" in unreadable(write(tmp_path, "t.csv", b"a\n" + b"\n" * 30))
    monkeypatch.setattr(limits, "SHEET_BYTES", Limit(100, "test"))
    assert "(SHEET_BYTES)" in unreadable(write(tmp_path, "t.csv", b"a\n" + b"x" * 100))


# --------------------------------------------------------------------------- the command line


@pytest.mark.parametrize(("name", "data"), [
    ("t.xlsx", b"PK\x03\x04 not really"),
    ("t.csv", b"a,b\n\x81\x8d,x\n"),
])
def test_import_of_an_unreadable_file_is_one_line_exit_2(tmp_path: Path, name: str, data: bytes) -> None:
    into = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(write(tmp_path, name, data)), "--kind", "tasks",
                                 "--parent", "t/1", "--into", str(into)])
    assert result.exit_code == 2 and not into.exists()
    assert result.output.count("\n") == 1 and result.output.startswith(f"ocopctl: {tmp_path / name}: ")


def test_a_text_cell_that_starts_with_equals_is_not_a_formula(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Nội dung", "Ghi chú"])
    ws.append(["Hội chợ", "=1+1"])
    ws["B2"].data_type = "s"
    ws["A3"] = "=A2"  # a formula with no computed value
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = import_table(path, "tasks")
    assert [(p.where, p.message) for p in result.problems] == [
        ("Sheet!A3", "formula '=A2' has no computed value in the file")]
    assert result.table.tasks[0].note == "=1+1"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- fuzzing

VALID_SHEET = HEADER + b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><f>1+1</f><v>2</v></c></row>'
VALID_XLSX = package(VALID_SHEET, shared=b"<si><t>H\xe1\xbb\x99i ch\xe1\xbb\xa3</t></si>")
VALID_CSV = "Mã,Nội dung,Cơ quan chủ trì\nct-1,\"Hội chợ, triển lãm\",sct\n".encode()


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for at, cut, insert in edits:
        at %= len(out) + 1
        out[at:at + cut] = insert
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 8), st.binary(max_size=8)), min_size=1, max_size=4)


def read_or_refuse(path: Path) -> None:
    try:
        _name, rows, _notes = read_sheet(path)
    except UnreadableSheet as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
    else:
        assert isinstance(rows, list)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["f.xlsx", "f.csv"]), data=st.binary(max_size=2000))
def test_fuzz_random_bytes(tmp_path: Path, name: str, data: bytes) -> None:
    read_or_refuse(write(tmp_path, name, data))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(["zip", "sheet", "shared", "csv"]), edits=EDITS)
def test_fuzz_mutations_of_valid_files(tmp_path: Path, target: str, edits: list[tuple[int, int, bytes]]) -> None:
    """Bytes changed in the zip itself, or in a part's XML zipped again (which reaches the parsers)."""
    if target == "csv":
        read_or_refuse(write(tmp_path, "f.csv", mutate(VALID_CSV, edits)))
        return
    if target == "zip":
        data = mutate(VALID_XLSX, edits)
    elif target == "sheet":
        data = package(mutate(VALID_SHEET, edits), shared=b"<si><t>x</t></si>")
    else:
        data = package(VALID_SHEET, shared=mutate(b"<si><t>x</t></si><si><t>y</t></si>", edits))
    read_or_refuse(write(tmp_path, "f.xlsx", data))
