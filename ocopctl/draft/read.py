"""Reading a source file into blocks: sniffing what it really is, then .docx or text.

The file is untrusted: its size, the number and uncompressed size of a .docx's
zip members are bounded (``ocopctl.limits``), a .docx part that declares a DTD
or entities is refused (defusedxml), and anything that is not a .docx or UTF-8
text is named with what to do instead.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ocopctl.draft.blocks import Block, DraftInputError, Line, TableBlock
from ocopctl.i18n import N_, _, format_number, localized
from ocopctl.inputs import NotRegularFile, TooLarge, read_regular
from ocopctl.limits import DRAFT_DOCX_BYTES, DRAFT_DOCX_MEMBERS, DRAFT_FILE_BYTES

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# Characters that Vietnamese text in the TCVN3 (ABC, .VnTime) or VNI encodings shows when read
# as Unicode: TCVN3 puts vowels with marks at Latin-1 code points, VNI writes the marks as a
# second Latin-1 letter after the vowel ("Uûy ban nhaân daân").
_TCVN3_CHARS = frozenset("¸µ¶·¹¨©ª«¬®¦§¤¥¢¡£¼½¾ÆÇÊËÌÎÏÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ")
_TCVN3_STRONG = frozenset("¸µ¶·¹¨©ª«¬®¦§¤¥¢¡£¼½¾×÷þ")
_VNI_PAIR = re.compile(r"[aeiouyAEIOUY][âùøûõïôöêñÂÙØÛÕÏÔÖÊÑ]")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")


def read_blocks(path: Path) -> tuple[list[Block], bytes, str]:
    """The blocks of ``path``, its bytes (for the sha256) and its kind (``docx`` or ``text``)."""
    data = _read_bytes(path)
    if data.startswith(_OLE):
        if any(marker in data for marker in _ENCRYPTED):
            raise DraftInputError(_("{path} is a password-protected Word file; open it in Word, remove the password "
                                    "(File > Info > Protect Document) and save it as .docx").format(path=path))
        raise DraftInputError(_("{path} is a Word 97-2003 .doc file; open it in Word or LibreOffice and save it as "
                                ".docx (Word Document)").format(path=path))
    if data.startswith(b"%PDF"):
        raise DraftInputError(_("{path} is a PDF; ocopctl does not read PDF: open it in Word and save it as .docx, "
                                "or copy its text into a UTF-8 .txt file").format(path=path))
    if path.suffix.lower() in (".yaml", ".yml"):
        raise DraftInputError(_("{path} is already a YAML file: check it with 'ocopctl validate {path}'; draft reads "
                                "the published document (.docx, .txt or .md)").format(path=path))
    if data.startswith(b"PK\x03\x04") or path.suffix.lower() == ".docx":
        return read_docx(path, data), data, "docx"
    return read_text(path, data), data, "text"


def _read_bytes(path: Path) -> bytes:
    try:
        data = read_regular(path, DRAFT_FILE_BYTES.value)
    except FileNotFoundError:
        raise DraftInputError(_("{path} does not exist; name a .docx, .txt or .md file").format(path=path)) from None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise DraftInputError(_("{path} is a folder; name one .docx, .txt or .md file in it").format(
                path=path)) from None
        raise DraftInputError(_("{path} is not a regular file ({kind}); save the document as a .docx or .txt file "
                                "and name that").format(path=path, kind=localized(exc.kind))) from None
    except TooLarge:
        raise DraftInputError(_("{path} is larger than {limit} bytes, the most ocopctl draft reads; split it, or "
                                "remove pictures from the .docx").format(
            path=path, limit=format_number(DRAFT_FILE_BYTES.value))) from None
    except OSError as exc:
        raise DraftInputError(_("{path} cannot be read ({reason}); check its permissions").format(
            path=path, reason=exc.strerror)) from None
    if not data.strip():
        raise DraftInputError(_("{path} is empty; name the document's .docx or its text").format(path=path))
    return data


# --------------------------------------------------------------------------- text


def _legacy_encoding(text: str) -> str | None:
    """"TCVN3" or "VNI" when the text shows the tell-tale characters of those old font encodings."""
    letters = sum(ch.isalpha() for ch in text) or 1
    vietnamese = len(_VIETNAMESE.findall(text))
    strong = sum(ch in _TCVN3_STRONG for ch in text)
    if strong >= 5 and strong > vietnamese and strong / letters > 0.005:
        return "TCVN3 (ABC)"
    pairs = len(_VNI_PAIR.findall(text))
    if pairs >= 5 and pairs > vietnamese and pairs / letters > 0.01:
        return "VNI"
    return None


_LEGACY_HINT = N_("convert it to Unicode first (Unikey: Công cụ chuyển mã, from {enc} to Unicode, or open the "
                  "original in Word and save it as .docx with Unicode fonts)")


def read_text(path: Path, data: bytes) -> list[Block]:
    """Lines and tables of a text copied from a PDF or a web page."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        legacy = _legacy_encoding(data.decode("latin-1"))
        if legacy:
            raise DraftInputError(_("{path} is written in the legacy {encoding} encoding, not Unicode; "
                                    "{advice}").format(path=path, encoding=legacy,
                                                   advice=_(_LEGACY_HINT).format(enc=legacy))) from None
        raise DraftInputError(_("{path} is neither a .docx nor UTF-8 text; save it as .docx, or as a UTF-8 .txt "
                                "file").format(path=path)) from None
    if "\x00" in text:
        raise DraftInputError(_("{path} is not text (it holds NUL bytes); save it as .docx or as a UTF-8 .txt "
                                "file").format(path=path))
    legacy = _legacy_encoding(text)
    if legacy:
        raise DraftInputError(_("{path} is Vietnamese in the legacy {encoding} encoding, not Unicode; "
                                "{advice}").format(path=path, encoding=legacy,
                                                   advice=_(_LEGACY_HINT).format(enc=legacy)))
    text = unicodedata.normalize("NFC", text)
    return text_blocks(text.splitlines())


_TAG = re.compile(r"<[^>\n]{1,400}>")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _clean(text: str) -> str:
    """A line as printed: web markup (HTML tags, Markdown emphasis and headings) dropped."""
    if "<" in text:
        text = html.unescape(_TAG.sub(" ", text))
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    text = _MD_HEADING.sub("", text)
    return " ".join(text.replace("\xa0", " ").split())


def _cells(raw: str) -> list[str] | None:
    """The cells of a table row flattened into a line (tabs or pipes), or None for a plain line."""
    if "\t" in raw:
        return [_clean(c) for c in raw.split("\t")]
    if raw.count("|") >= 2 or (raw.count("|") == 1 and raw.rstrip().endswith("|")):
        parts = raw.rstrip().split("|")
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        if re.fullmatch(r"[\s|:\-]*", raw):
            return []  # a Markdown separator row
        return [_clean(c) for c in parts]
    return None


def text_blocks(lines: list[str]) -> list[Block]:
    """Blocks of text lines: runs of tab- or pipe-separated lines are tables.

    A row whose cells each sit on a line of their own, each line starting with a tab and rows
    separated by blank lines (as a web page's table pastes), is read as one row.
    """
    blocks: list[Block] = []
    table: TableBlock | None = None
    i = 0
    n = len(lines)
    while i < n:
        raw = lines[i]
        lineno = i + 1
        # One cell per line: "\tTT", "\tNội dung", ... then a blank line.
        if raw.startswith("\t") and raw.count("\t") == 1 and i + 1 < n and lines[i + 1].startswith("\t") \
                and lines[i + 1].count("\t") == 1:
            row: list[str] = []
            while i < n and lines[i].startswith("\t") and lines[i].count("\t") == 1:
                row.append(_clean(lines[i]))
                i += 1
            table = _add_row(blocks, table, row, lineno)
            continue
        cells = _cells(raw)
        if cells is not None:
            joined = _cells(_joined(table.rows[-1]) + raw.rstrip()) if table is not None and table.rows else None
            if table is not None and joined and raw.startswith("|") and not table.piped \
                    and len(table.rows) > 1 and len(table.rows[-1]) < len(table.rows[0]) and \
                    len(joined) <= len(table.rows[0]):
                # A table whose rows start with their first cell: a line that starts with a pipe, under
                # a row short of the header's cells, is the rest of that row, broken where a cell began
                # ("2.1 | title |" then "| Quý II |").
                table.rows[-1] = joined
            elif cells:
                table = _add_row(blocks, table, cells, lineno)
                table.piped = table.piped if len(table.rows) > 1 else raw.startswith("|")
            i += 1
            continue
        text = _clean(raw)
        if text:
            table = None
            blocks.append(Line(text, lineno))
        i += 1
    return blocks


def _joined(row: list[str]) -> str:
    """A row back as its flattened line, ending where its last cell ends."""
    return " | ".join(row) + " |"


def _add_row(blocks: list[Block], table: TableBlock | None, row: list[str], lineno: int) -> TableBlock:
    if table is None:
        table = TableBlock([], lineno, [])
        blocks.append(table)
    table.rows.append(row)
    table.row_lines.append(lineno)
    return table


# --------------------------------------------------------------------------- docx


def _check_docx(path: Path, data: bytes) -> None:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DraftInputError(_("{path} is a damaged .docx (not a readable zip file); open it in Word, which offers "
                                "to repair it, and save it again").format(path=path)) from None
    with z:
        infos = z.infolist()
        if len(infos) > DRAFT_DOCX_MEMBERS.value:
            raise DraftInputError(_("{path} holds {count} files, more than the {limit} a .docx may; save it again "
                                    "from Word").format(path=path, count=format_number(len(infos)),
                                                        limit=format_number(DRAFT_DOCX_MEMBERS.value)))
        if sum(i.file_size for i in infos) > DRAFT_DOCX_BYTES.value:
            raise DraftInputError(_("{path} unpacks to more than {limit} bytes; remove large pictures and save it "
                                    "again").format(path=path, limit=format_number(DRAFT_DOCX_BYTES.value)))
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise DraftInputError(_("{path} is a zip file but not a Word document; save the document as .docx").format(
                path=path))
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with z.open(info) as part:
                    SafeET.fromstring(part.read(DRAFT_DOCX_BYTES.value))
            except DefusedXmlException:
                raise DraftInputError(_("{path}: {part} declares a DTD or entities, which Word never writes; ocopctl "
                                        "does not read it. Save the document again from Word").format(
                    path=path, part=info.filename)) from None
            except (SafeET.ParseError, zipfile.BadZipFile, EOFError, OSError, ValueError):
                raise DraftInputError(_("{path} is a damaged .docx ({part} cannot be read); open it in Word, which "
                                        "offers to repair it, and save it again").format(
                    path=path, part=info.filename)) from None


def read_docx(path: Path, data: bytes) -> list[Block]:
    """Paragraphs and tables of a .docx in order; merged cells resolved (a vertical merge is
    repeated on every row it covers, a horizontal one read once); page headers and footers first."""
    _check_docx(path, data)
    from docx import Document as open_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise DraftInputError(_("{path} is a damaged .docx ({reason}); open it in Word, which offers to repair it, "
                                "and save it again").format(path=path, reason=type(exc).__name__)) from None
    blocks: list[Block] = []
    counter = [0]

    def add_paragraph(p: Paragraph) -> None:
        counter[0] += 1
        text = " ".join(p.text.replace("\xa0", " ").split())
        if not text:
            return
        centered = p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        bold = bool(p.runs) and all(r.bold for r in p.runs if r.text.strip())
        blocks.append(Line(unicodedata.normalize("NFC", text), counter[0], centered, bold))

    def add_table(t: Table) -> None:
        rows: list[list[str]] = []
        lines: list[int] = []
        above: dict[int, str] = {}
        for tr in t._tbl.tr_lst:
            counter[0] += 1
            row: list[str] = []
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                if tc.vMerge == "continue":
                    text = above.get(col, "")
                else:
                    # Lines of a cell (paragraphs, line breaks) stay apart: a header cell's lines are
                    # the issuer's lines; mapping a data cell joins them with spaces.
                    parts = [" ".join(line.replace("\xa0", " ").split()) for x in tc.iterchildren(qn("w:p"))
                             for line in Paragraph(x, t).text.split("\n")]
                    text = unicodedata.normalize("NFC", "\n".join(x for x in parts if x))
                for c in range(col, col + span):
                    above[c] = text
                row.append(text)
                col += span
            rows.append(row)
            lines.append(counter[0])
        if rows:
            blocks.append(TableBlock(rows, lines[0], lines))

    for section in doc.sections:
        for part in (section.header, section.footer):
            if part.is_linked_to_previous:
                continue
            for p in part.paragraphs:
                text = " ".join(p.text.split())
                if text and not text.isdigit():
                    blocks.append(Line(text, 0))
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            add_paragraph(Paragraph(child, doc))
        elif child.tag == qn("w:tbl"):
            add_table(Table(child, doc))
    return blocks
