"""Lay out a Word document from the small block markup that the docx templates produce.

The templates decide what a document says and how each paragraph looks; this
module only knows how to put paragraphs, tables and page sections into a
.docx. The markup (one XML document, autoescaped by Jinja):

``<doc>``
    the root; its children are blocks, in order.
``<p align= b= i= u= size= indent= left= before= after= line= keep= caps=>``
    a paragraph. ``align`` is left, center, right or justify (default); ``b``,
    ``i``, ``u`` (``1``) format the whole paragraph, ``size`` is in points,
    ``indent`` (first line) and ``left`` in millimetres, ``before``/``after``
    in points, ``line`` a line-spacing multiple, ``keep`` keeps it with the
    next paragraph. Inside: text, ``<b>``, ``<i>``, ``<u>``, ``<br/>``.
``<rule width=>``
    a short centred horizontal line, ``width`` per cent of the column.
``<table widths= borders= size= header=>``
    ``widths``: relative column widths (``5,50,25,20``); ``borders`` ``0``
    for a layout table; ``size`` the default font size of its cells.
    ``<tr header="1">`` rows repeat at the top of each page. ``<td colspan=
    rowspan= align= valign= b= i=>`` holds text (one paragraph) or ``<p>``
    and ``<rule>`` blocks. A cell covered by a ``rowspan`` above is left out.
``<section orientation="portrait|landscape"/>``
    starts a new page section.
``<pagebreak/>``
    starts a new page.

Page: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New
Roman; page numbers centred at the top from the second page.

The markup comes from templates, a user's own among them, so it is read as untrusted:
no DTD or entity (defusedxml), at most ``DOCX_ELEMENTS`` elements, at most 63 columns a
table (Word's own limit), numbers that are numbers of a sensible size. Anything else is
a ``MarkupError`` of one line.
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ocopctl import limits

FONT = "Times New Roman"
BODY_SIZE = 14
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_TWIPS_PER_MM = 1440 / 25.4
MAX_COLUMNS = 63  # Word's own limit for one table
MAX_MEASURE = 10_000.0  # points or millimetres: far beyond any page (an A4 page is 297 mm, 842 pt)


class MarkupError(ValueError):
    """The markup a docx template produced is not what this builder reads."""


@dataclass
class _Fmt:
    b: bool = False
    i: bool = False
    u: bool = False
    size: float | None = None


LANGUAGE = "vi-VN"


def build_docx(markup: str) -> bytes:
    """The .docx file that ``markup`` describes."""
    root = _parse(markup)
    if root.tag != "doc":
        raise MarkupError(f"the docx markup must have <doc> as its root, not <{root.tag}>")
    doc = new_document()
    _setup(doc)
    builder = _Builder(doc)
    try:
        for el in root:
            builder.block(el)
    except RecursionError:
        raise MarkupError("the docx markup nests its elements too deeply") from None
    builder.finish()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _parse(markup: str) -> ET.Element:
    """The markup's tree, read without DTDs or entities and counted as it is read."""
    limit = limits.DOCX_ELEMENTS.value
    events = SafeET.iterparse(io.StringIO(markup), events=("start",), forbid_dtd=True)
    try:
        for count, _event in enumerate(events, 1):
            if count > limit:
                raise MarkupError(f"the docx markup has more than {limit:,} elements; the limit is {limit:,} "
                                  "(DOCX_ELEMENTS)")
    except (ET.ParseError, DefusedXmlException) as exc:
        raise MarkupError(f"the docx template produced invalid markup: {exc}") from None
    root: ET.Element = events.root  # type: ignore[attr-defined]
    return root


def _setup(doc: Document) -> None:
    style: Any = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    # The default template's theme fonts would otherwise win for East Asian and complex scripts.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    _language(doc, rpr)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    section = doc.sections[0]
    _page(section, landscape=False)
    section.different_first_page_header_footer = True
    _page_number(section)


def _language(doc: Document, normal_rpr: Any) -> None:
    """Vietnamese text tagged Vietnamese (the default template says en-US), so that Word checks its spelling."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    targets = [normal_rpr]
    if defaults is not None:
        targets += defaults.iter(qn("w:rPr"))
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def _page(section: Section, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_number(section: Section) -> None:
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _flag(el: ET.Element, name: str) -> bool:
    return el.get(name, "0") in {"1", "true", "yes"}


def _float(el: ET.Element, name: str) -> float | None:
    value = el.get(name)
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise MarkupError(f"<{el.tag} {name}={value[:40]!r}>: not a number") from None
    if not math.isfinite(number) or abs(number) > MAX_MEASURE:
        raise MarkupError(f"<{el.tag} {name}={value[:40]!r}>: not a size a page can have") from None
    return number


def _count(el: ET.Element, name: str) -> int:
    """A span (``colspan``, ``rowspan``): a whole number from 1."""
    value = el.get(name, "1")
    if not value.isdigit() or len(value) > 6 or int(value) < 1:
        raise MarkupError(f"<{el.tag} {name}={value[:40]!r}>: not a count of rows or columns")
    return int(value)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.width_mm = 165.0  # text width of the current section
        self.empty = True  # the document holds no block yet

    def block(self, el: ET.Element) -> None:
        if el.tag == "p":
            self.paragraph(self.doc.add_paragraph(), el, _Fmt(size=BODY_SIZE), self.width_mm)
        elif el.tag == "rule":
            self.rule(self.doc.add_paragraph(), el, self.width_mm)
        elif el.tag == "table":
            self.table(el)
        elif el.tag == "section":
            self.section(el.get("orientation", "portrait") == "landscape")
            return
        elif el.tag == "pagebreak":
            p = self.doc.add_paragraph()
            p.paragraph_format.page_break_before = True
        else:
            raise MarkupError(f"unknown block <{el.tag}> in the docx markup")
        self.empty = False

    def finish(self) -> None:
        if self.empty:
            self.doc.add_paragraph()

    def section(self, landscape: bool) -> None:
        if self.empty:
            _page(self.doc.sections[0], landscape)
        else:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            _page(section, landscape)
            section.different_first_page_header_footer = False
        self.width_mm = (297.0 if landscape else 210.0) - 45.0

    # ------------------------------------------------------------- paragraphs

    def paragraph(self, p: Paragraph, el: ET.Element, base: _Fmt, width_mm: float) -> None:
        pf = p.paragraph_format
        pf.alignment = _ALIGN.get(el.get("align", "justify"), WD_ALIGN_PARAGRAPH.JUSTIFY)
        indent, left = _float(el, "indent"), _float(el, "left")
        if indent:
            pf.first_line_indent = Mm(indent)
        if left:
            pf.left_indent = Mm(left)
        before, after = _float(el, "before"), _float(el, "after")
        pf.space_before = Pt(before or 0)
        pf.space_after = Pt(6 if after is None else after)
        line = _float(el, "line")
        if line:
            pf.line_spacing = line
        if _flag(el, "keep"):
            pf.keep_with_next = True
        size = _float(el, "size")
        fmt = _Fmt(base.b or _flag(el, "b"), base.i or _flag(el, "i"), base.u or _flag(el, "u"),
                   size if size is not None else base.size)
        self.inline(p, el, fmt)

    def inline(self, p: Paragraph, el: ET.Element, fmt: _Fmt) -> None:
        if el.text:
            self.run(p, el.text, fmt)
        for child in el:
            if child.tag == "br":
                p.add_run().add_break()
            elif child.tag in {"b", "i", "u", "span"}:
                inner = _Fmt(fmt.b or child.tag == "b", fmt.i or child.tag == "i", fmt.u or child.tag == "u",
                             _float(child, "size") or fmt.size)
                self.inline(p, child, inner)
            else:
                raise MarkupError(f"unknown inline element <{child.tag}> inside <{el.tag}>")
            if child.tail:
                self.run(p, child.tail, fmt)

    @staticmethod
    def run(p: Paragraph, text: str, fmt: _Fmt) -> None:
        run = p.add_run(text)
        if fmt.b:
            run.bold = True
        if fmt.i:
            run.italic = True
        if fmt.u:
            run.underline = True
        if fmt.size:
            run.font.size = Pt(fmt.size)

    def rule(self, p: Paragraph, el: ET.Element, width_mm: float) -> None:
        share = (_float(el, "width") or 40) / 100
        side = Mm(width_mm * (1 - share) / 2)
        pf = p.paragraph_format
        pf.left_indent = side
        pf.right_indent = side
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = Pt(2)
        ppr = p._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        ppr.insert_element_before(borders, *_AFTER_PBDR)

    # ------------------------------------------------------------- tables

    def table(self, el: ET.Element) -> None:
        rows = [r for r in el if r.tag == "tr"]
        widths = [w for w in el.get("widths", "").split(",") if w.strip()]
        ncols = len(widths) or max((sum(_count(c, "colspan") for c in r if c.tag == "td") for r in rows), default=1)
        if ncols > MAX_COLUMNS:
            raise MarkupError(f"a table of {ncols} columns; Word takes at most {MAX_COLUMNS}")
        weights = [_width(w) for w in widths] or [1.0] * ncols
        total = sum(weights)
        col_mm = [self.width_mm * w / total for w in weights]
        ncols = len(col_mm)
        bordered = el.get("borders", "1") != "0"
        size = _float(el, "size") or 13
        table = self.doc.add_table(rows=0, cols=ncols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl = table._tbl
        _table_props(tbl, sum(col_mm), bordered)
        for gc, mm in zip(tbl.tblGrid.gridCol_lst, col_mm, strict=True):
            gc.w = Mm(mm)
        covered: dict[int, tuple[int, int]] = {}  # grid column -> (rows still covered by a rowspan, its colspan)
        for r in rows:
            tr = OxmlElement("w:tr")
            tbl.append(tr)
            trpr = OxmlElement("w:trPr")
            trpr.append(OxmlElement("w:cantSplit"))
            if _flag(r, "header"):
                trpr.append(OxmlElement("w:tblHeader"))
            tr.append(trpr)
            cells = iter(c for c in r if c.tag == "td")
            col = 0
            while col < ncols:
                left, span = covered.get(col, (0, 1))
                if left > 0:
                    tc = _tc(tr, sum(col_mm[col:col + span]), span, "continue")
                    tc.append(OxmlElement("w:p"))
                    covered[col] = (left - 1, span)
                    col += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    tc = _tc(tr, col_mm[col], 1, None)
                    tc.append(OxmlElement("w:p"))
                    col += 1
                    continue
                span = min(_count(cell, "colspan"), ncols - col)
                rowspan = _count(cell, "rowspan")
                width = sum(col_mm[col:col + span])
                tc = _tc(tr, width, span, "restart" if rowspan > 1 else None, cell.get("valign", "center"))
                if rowspan > 1:
                    covered[col] = (rowspan - 1, span)
                self.cell(_Cell(tc, table), cell, _Fmt(size=size), width)
                col += span
            extra = next(cells, None)
            if extra is not None:
                raise MarkupError(f"a table row has more cells than the {ncols} columns its widths give")
        # Word needs a paragraph between two adjacent tables or it joins them.
        if el.get("after", "1") != "0":
            spacer = self.doc.add_paragraph()
            spacer.paragraph_format.space_after = Pt(0)
            spacer.paragraph_format.line_spacing = Pt(6)

    def cell(self, cell: _Cell, el: ET.Element, base: _Fmt, width_mm: float) -> None:
        tc = cell._tc
        blocks = [c for c in el if c.tag in {"p", "rule"}]
        fmt = _Fmt(base.b or _flag(el, "b"), base.i or _flag(el, "i"), base.u, _float(el, "size") or base.size)
        inner_mm = width_mm - 2.0  # cell margins
        if not blocks:
            p = Paragraph(OxmlElement("w:p"), cell)
            tc.append(p._p)
            p.paragraph_format.alignment = _ALIGN.get(el.get("align", "left"), WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.space_after = Pt(0)
            self.inline(p, el, fmt)
            return
        for child in blocks:
            p = Paragraph(OxmlElement("w:p"), cell)
            tc.append(p._p)
            if child.tag == "rule":
                self.rule(p, child, inner_mm)
                continue
            if child.get("align") is None and el.get("align"):
                child.set("align", el.get("align", "left"))
            if child.get("after") is None:
                child.set("after", "0")
            self.paragraph(p, child, fmt, inner_mm)


def _width(text: str) -> float:
    try:
        weight = float(text)
    except ValueError:
        raise MarkupError(f"<table widths=...>: {text[:40]!r} is not a number") from None
    if not (math.isfinite(weight) and 0 < weight <= MAX_MEASURE):
        raise MarkupError(f"<table widths=...>: {text[:40]!r} is not a width")
    return weight


# Word reads the children of pPr and tblPr only in the schema's order.
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _table_props(tbl: Any, width_mm: float, bordered: bool) -> None:
    tblpr = tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.insert_element_before(width, "w:jc", "w:tblCellSpacing", "w:tblInd", *_AFTER_TBLBORDERS)
    width.set(qn("w:w"), str(round(width_mm * _TWIPS_PER_MM)))
    width.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        if bordered:
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), "4")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
        else:
            b.set(qn("w:val"), "nil")
        borders.append(b)
    tblpr.insert_element_before(borders, *_AFTER_TBLBORDERS)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.insert_element_before(layout, *_AFTER_TBLBORDERS[2:])
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(round(1.0 * _TWIPS_PER_MM)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tblpr.insert_element_before(margins, *_AFTER_TBLBORDERS[3:])


def _tc(tr: Any, width_mm: float, span: int, vmerge: str | None, valign: str = "center") -> Any:
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    w = OxmlElement("w:tcW")
    w.set(qn("w:w"), str(round(width_mm * _TWIPS_PER_MM)))
    w.set(qn("w:type"), "dxa")
    tcpr.append(w)
    if span > 1:
        gs = OxmlElement("w:gridSpan")
        gs.set(qn("w:val"), str(span))
        tcpr.append(gs)
    if vmerge:
        vm = OxmlElement("w:vMerge")
        if vmerge == "restart":
            vm.set(qn("w:val"), "restart")
        tcpr.append(vm)
    va = OxmlElement("w:vAlign")
    va.set(qn("w:val"), {"top": "top", "bottom": "bottom"}.get(valign, "center"))
    tcpr.append(va)
    tc.append(tcpr)
    tr.append(tc)
    return tc


def docx_text(data: bytes) -> str:
    """The text of a .docx as a reader meets it: paragraphs and tables in order, each table
    row by row with its cells in order, a merged cell once."""
    doc = new_document(io.BytesIO(data))
    lines: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, doc).text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, doc)))
    return "\n".join(lines)


def _table_lines(table: Table) -> list[str]:
    out = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                continue
            cell = _Cell(tc, table)
            parts = [p.text for p in cell.paragraphs]
            for inner in cell.tables:
                parts.extend(_table_lines(inner))
            cells.append(" ".join(x for x in parts if x))
        out.append("\t".join(cells))
    return out
