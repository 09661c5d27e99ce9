"""Recognising a document in its blocks: header, legal bases, body, signer, recipients, annexes.

Everything is taken from the printed text; what is not recognised is kept as
printed and marked for review (``Review``), never guessed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ocopctl.citations import find_citations
from ocopctl.draft import tables as tmap
from ocopctl.draft.blocks import Block, Line, TableBlock
from ocopctl.draft.text import fold, is_roman, is_upper, key
from ocopctl.models import DocType
from ocopctl.repository import Repository

_TYPES = {key(t): t for t in DocType.__args__}  # type: ignore[attr-defined]
_NUMBER = re.compile(r"(\d+[a-zA-Z]?\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ]*(?:\s*-\s*[A-ZĐ0-9][A-ZĐa-zđ0-9]*)*)")
_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_BASIS = re.compile(r"^(can cu|thuc hien|xet de nghi|theo de nghi|xet to trinh|xet van ban)\b")
_MOTTO = re.compile(r"(cong hoa xa hoi|doc\s*\S{1,4}\s*-\s*t\S{1,3}\s*do|^-+$)")
_SIGN = re.compile(r"^(tm|kt|q|tl|tuq)\s*\.\s*\S")
_ARTICLE = re.compile(r"^(Điều\s+\d+|Dieu\s+\d+)\s*([.:])\s*(.*)$")
_ROMAN_H = re.compile(r"^([IVXLC]+)\s*([.:])\s+(.+)$")
_NUM_H = re.compile(r"^(\d+(?:\.\d+)*)(\.|\))\s+(.+)$")
_LETTER_H = re.compile(r"^([a-zđ])\)\s+(.+)$")
_SCHEDULE = re.compile(r"^((?:Quý|Tháng|Năm|Quy|Thang|Nam|Đến|Trước)\s[^:]{0,30}\d[^:]{0,10})\s*:\s*", re.IGNORECASE)
_ITEM = re.compile(r"^(\(\d{1,2}\))\s+(\S.*)$")
_OWNER = re.compile(r"^(co quan |don vi )?chu tri\s*:")
_PERIOD = re.compile(r"\(((?:19|20|21)\d{2}\s*-\s*(?:19|20|21)\d{2})\)\s*$")
_DEADLINE = re.compile(r"\bThời gian(?: thực hiện| hoàn thành)?\s*:?\s*(\S.*?)[.;]?$", re.IGNORECASE)
_BACKREF = re.compile(r"^\(\s*(ban hanh\s+)?kem theo\b")


@dataclass
class Review:
    value: str
    why: str


@dataclass
class Drafted:
    data: dict[str, Any]
    reviews: dict[int, Review] = field(default_factory=dict)  # id(value) -> why
    kept_lines: list[int] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    tasks: int = 0
    products: int = 0
    budget_rows: int = 0
    citations: int = 0


class _Flag(str):
    """A value written with a ``# REVIEW:`` comment on its line."""

    why: str


def flag(value: str, why: str) -> str:
    s = _Flag(value)
    s.why = why
    return s


class Agencies:
    """Agency cells to references: ids when ``--repo`` resolves them, else the names as printed,
    each unresolved name listed once for review."""

    def __init__(self, repo: Repository | None, province: str | None) -> None:
        self.repo = repo
        self.province = province
        self.unresolved: list[str] = []

    def one(self, name: str) -> str | None:
        if self.repo is None:
            return None
        hits = self.repo.resolve_agency(name, self.province)
        return hits[0].agency.id if len(hits) == 1 else None

    def cell(self, text: str) -> tuple[list[str], str | None]:
        text = " ".join(text.split())
        whole = self.one(text.rstrip(" ,;."))
        if whole:
            return [whole], None
        parts = [p.strip(" ,;.-+") for p in re.split(r"[;,\n]|\s-\s|^-\s*|\s\+\s", text)]
        parts = [p for p in parts if p]
        if len(parts) <= 1:
            name = parts[0] if parts else text
            self._note(name)
            return [name], (text if name != text else None)
        ids = [self.one(p) for p in parts]
        if None in ids:
            self._note(text)  # not every name resolves: the cell stays one name, as printed
            return [text], None
        return list(dict.fromkeys(i for i in ids if i)), text

    def owner_at_start(self, text: str) -> str | None:
        """The agency a paragraph opens with, "- UBND các xã tổ chức ...", or names right after its
        "Căn cứ ...," clause: its id when the repository knows the name, else None."""
        if self.repo is None:
            return None
        body = text.lstrip("-+• ").strip()
        starts = [0]
        if fold(body).startswith("can cu "):
            starts = [m.end() for m in re.finditer(r",\s+(?=[A-ZĐÀ-Ỹ])", body)]
        for start in starts:
            words = body[start:].split()
            for n in range(min(len(words) - 1, 15), 0, -1):  # the longest name; a verb must follow
                hit = self.one(" ".join(words[:n]).rstrip(",;:"))
                if hit:
                    return hit
        return None

    def _note(self, name: str) -> None:
        if name not in self.unresolved:
            self.unresolved.append(name)


def _lines(blocks: list[Block]) -> list[Line]:
    return [b for b in blocks if isinstance(b, Line)]


def _flatten(t: TableBlock) -> list[Line]:
    """A layout table (issuer beside motto, recipients beside signer) read column by column."""
    width = max(len(r) for r in t.rows)
    out: list[Line] = []
    for c in range(width):
        for r, row in enumerate(t.rows):
            if c < len(row):
                for part in row[c].split("\n"):
                    if part.strip():
                        out.append(Line(" ".join(part.split()), t.row_lines[r]))
    return out


def _annex_starts(blocks: list[Block]) -> list[int]:
    """Indices where annexes start: a "Phụ lục" label, or the title lines above a "(Kèm theo ...)"."""
    starts: list[int] = []
    for i, b in enumerate(blocks):
        if not isinstance(b, Line):
            continue
        f = fold(b.text)
        if f.startswith("phu luc") and len(b.text) <= 60 and not f.rstrip(" .:").endswith("kem theo"):
            starts.append(i)
        elif _BACKREF.match(f):
            j = i
            while j - 1 >= 0 and i - j < 4 and (j - 1) not in starts:
                above = blocks[j - 1]
                if not isinstance(above, Line) or not is_upper(above.text) or _SIGN.match(fold(above.text)):
                    break
                j -= 1
            if starts and starts[-1] < i and i - starts[-1] <= 6 and not any(
                    isinstance(x, TableBlock) or _BACKREF.match(fold(x.text)) for x in blocks[starts[-1]:j]):
                continue  # the back-reference of a labelled annex (its label and title above, nothing else)
            if j < i:
                starts.append(j)
    return sorted(set(starts))


class Recogniser:
    def __init__(self, blocks: list[Block], repo: Repository | None, province: str | None, doc_id: str | None,
                 source: str) -> None:
        self.blocks = blocks
        self.repo = repo
        self.province_opt = province
        self.doc_id = doc_id
        self.source = source
        self.d = Drafted({})
        self.ids: set[str] = set()

    # ------------------------------------------------------------------ the whole
    def run(self) -> Drafted:
        starts = _annex_starts(self.blocks)
        main = self.blocks[: starts[0]] if starts else self.blocks
        data = self.d.data
        data["kind"] = "document"
        data["draft"] = True
        header_end = self._header(main)
        self.agencies = Agencies(self.repo, None)
        self._resolve_issuer()
        self.agencies.province = data.get("province")
        rest = self._legal(main, header_end)
        self._body(main, rest)
        annexes = []
        bounds = [*starts, len(self.blocks)]
        for n, (a, b) in enumerate(itertools.pairwise(bounds), start=1):
            annexes.append(self._annex(self.blocks[a:b], n))
        self._fallbacks(annexes)
        if annexes:
            data["annexes"] = annexes
        self._finish()
        self.d.new_agencies = self.agencies.unresolved
        return self.d

    def _order(self) -> None:
        order = ["kind", "draft", "id", "type", "number", "issuer", "issuer_lines", "province", "district", "place",
                 "date", "date_line", "title", "authority", "period", "legal_bases", "preamble", "body", "signer",
                 "recipients", "annexes"]
        data = self.d.data
        self.d.data = {k: data[k] for k in order if k in data} | {k: v for k, v in data.items() if k not in order}

    # ------------------------------------------------------------------ header
    def _header(self, blocks: list[Block]) -> int:
        """Issuer lines, number, place and date, type and title; returns the index after the title."""
        data = self.d.data
        lines: list[tuple[int, Line]] = []
        type_at = None
        for i, b in enumerate(blocks[:80]):
            if isinstance(b, TableBlock):
                if type_at is None:
                    lines.extend((i, ln) for ln in _flatten(b))
                continue
            k = key(b.text)
            if k in _TYPES and type_at is None and not b.text.rstrip().endswith(":"):
                type_at = i
                data["type"] = _TYPES[k]
                break
            if _BASIS.match(fold(b.text)):
                break
            lines.append((i, b))
        issuer_lines: list[str] = []
        for _, ln in lines:
            text = ln.text
            f = fold(text)
            motto = _MOTTO.search(f)
            left = text[: motto.start()].strip() if motto else text
            num = _NUMBER.search(left) if "number" not in data else None
            if num and re.match(r"^\S{1,4}\s*[:.]?\s*$", left[: num.start()]):
                data["number"] = " ".join(num[1].split(" ")).strip()
                left = left[num.end():]
            date = _DATE.search(fold(text))
            if date and "date" not in data:
                start = text.rfind(",", 0, date.start())
                place_start = max(text.rfind("\t", 0, start), text.rfind("|", 0, start), 0)
                line_text = text[place_start:date.end()].strip(" |\t")
                if num and line_text.startswith(num[1]):
                    line_text = line_text[len(num[1]):].strip()
                if "number" in data and line_text.startswith(data["number"]):
                    line_text = line_text[len(data["number"]):].strip()
                data["date_line"] = line_text
                data["place"] = line_text.split(",")[0].strip()
                data["date"] = f"{int(date[3]):04d}-{int(date[2]):02d}-{int(date[1]):02d}"
                continue
            if num or not left.strip() or (motto and not left.strip()):
                continue
            if "number" not in data and (is_upper(left) or fold(left).startswith(("uy ban", "ubnd", "so "))):
                issuer_lines.append(left.strip())
        if issuer_lines:
            data["issuer_lines"] = issuer_lines
        if type_at is None:
            return self._no_type(blocks)
        title: list[str] = []
        i = type_at + 1
        while i < len(blocks) and isinstance(blocks[i], Line):
            text = blocks[i].text  # type: ignore[union-attr]
            f = fold(text)
            if title and (_BASIS.match(f) or _section_head(text) or text.endswith(";") or len(text) > 250):
                break
            if re.fullmatch(r"[-_=. ]+", text):
                i += 1
                continue
            if title and is_upper(text) and not is_upper(" ".join(title)) and f.startswith(("uy ban", "chu tich")):
                break
            title.append(text)
            i += 1
        if title:
            data["title"] = " ".join(title)
        return i

    def _no_type(self, blocks: list[Block]) -> int:
        """No type line: a decision whose header lost it ("QUYẾT ĐỊNH:" before Điều 1 tells)."""
        for i, b in enumerate(blocks[:120]):
            if isinstance(b, Line) and _BASIS.match(fold(b.text)):
                for b2 in blocks[i:]:
                    if isinstance(b2, Line) and key(b2.text) in _TYPES and b2.text.rstrip().endswith(":"):
                        self.d.data["type"] = _TYPES[key(b2.text)]
                        break
                j = i
                while j > 0:
                    above = blocks[j - 1]
                    if not isinstance(above, Line) or not is_upper(above.text) or not fold(above.text).startswith(
                            ("uy ban", "chu tich", "hoi dong")):
                        break
                    j -= 1
                return j
        return 0

    def _resolve_issuer(self) -> None:
        data = self.d.data
        lines = data.get("issuer_lines", [])
        if not data.get("province"):
            province = self.province_opt
            for ln in lines:
                m = re.match(r"^(tinh|thanh pho)\s+(.+)$", fold(ln))
                if m and not province:
                    province = ln[m.start(2):].strip().title()
            if not province and data.get("place"):
                province = data["place"]
                self._later_review("province", "the province is read from the date line's place; check it")
            if province:
                data["province"] = province
        for ln in lines:
            m = re.match(r"^(huyen|thi xa|quan)\s+(.+)$", fold(ln))
            if m:
                data["district"] = ln[m.start(2):].strip().title()
        candidates = [" ".join(lines)] if lines else []
        number = data.get("number", "")
        code = number.split("-")[-1].strip() if "-" in number else ""
        if code and fold(code) == "ubnd":
            where = data.get("district") or data.get("province")
            if where:
                level = "huyện" if data.get("district") else "tỉnh"
                candidates += [f"UBND {level} {where}", f"UBND {where}", f"Ủy ban nhân dân {level} {where}",
                               f"UBND thành phố {where}"]
        for c in candidates:
            ident = Agencies(self.repo, data.get("province")).one(c) if self.repo else None
            if ident:
                data["issuer"] = ident
                return
        if lines:
            data["issuer"] = flag(" ".join(ln.capitalize() if ln.isupper() else ln for ln in lines),
                                  "issuer as printed; give the agency id from agencies.yaml")
        elif len(candidates) > 1:
            data["issuer"] = flag(candidates[1], "the text prints no issuer; read from the number's code and place")

    def _later_review(self, name: str, why: str) -> None:
        self._reviews_for = getattr(self, "_reviews_for", {})
        self._reviews_for[name] = why

    # ------------------------------------------------------------------ legal bases, preamble
    def _legal(self, blocks: list[Block], i: int) -> int:
        data = self.d.data
        bases: list[str] = []
        while i < len(blocks):
            b = blocks[i]
            if not isinstance(b, Line):
                break
            f = fold(b.text)
            if _BASIS.match(f):
                bases.append(b.text)
            elif bases and not re.search(r"[;.,:]$", bases[-1]) and not _section_head(b.text) \
                    and key(b.text) not in _TYPES:
                bases[-1] = f"{bases[-1]} {b.text}"  # a line broken in the copy
            elif not bases and is_upper(b.text) and f.startswith(("uy ban", "chu tich", "hoi dong")):
                data["authority"] = b.text
            elif not bases and data.get("type") == "Quyết định" and "title" in data and fold(b.text).startswith(
                    ("ve viec", "v/v")):
                data["title"] = f"{data['title']} {b.text}"
            else:
                break
            i += 1
        if bases:
            data["legal_bases"] = bases
        return i

    # ------------------------------------------------------------------ body
    def _body(self, blocks: list[Block], i: int) -> None:
        data = self.d.data
        preamble: list[str] = []
        body: list[dict[str, Any]] = []
        stack: list[tuple[int, dict[str, Any]]] = []
        signer: dict[str, str] = {}
        recipients: list[str] = []
        after: list[str] = []
        mode = "body"
        pending: list[Block] = list(blocks[i:])
        j = 0
        while j < len(pending):
            b = pending[j]
            j += 1
            if isinstance(b, TableBlock):
                m = tmap.recognise(b.rows)
                if m is None and max(len([c for c in r if c.strip()]) for r in b.rows) <= 2:
                    pending[j:j] = _flatten(b)
                    continue
                target = stack[-1][1] if stack else None
                if m is not None and m.kind == "tasks" and target is not None:
                    mapped = tmap.map_tasks(m, b.rows, b.row_lines, "t", self.agencies.cell, self.ids)
                    tasks = mapped.table.get("tasks", []) + [t for g in mapped.table.get("groups", [])
                                                             for t in g["tasks"]]
                    target.setdefault("tasks", []).extend(tasks)
                    self.d.tasks += len(tasks)
                    for k in mapped.kept:
                        target.setdefault("text", []).append(flag(k.text, f"line {k.line}: {k.why}"))
                        self.d.kept_lines.append(k.line)
                    continue
                holder = target.setdefault("text", []) if target is not None else preamble
                for r, line in zip(b.rows, b.row_lines, strict=False):
                    if any(c.strip() for c in r):
                        row_text = " | ".join(" ".join(c.split()) for c in r)
                        holder.append(flag(row_text, f"line {line}: a table row in the body, kept as text"))
                        self.d.kept_lines.append(line)
                continue
            text = b.text
            f = fold(text)
            if f.startswith("noi nhan"):
                mode = "recipients"
                rest = text.split(":", 1)[1].strip() if ":" in text else ""
                if rest:
                    recipients.append(rest)
                continue
            if _SIGN.match(f) and mode != "after":
                word = f.split(".")[0].strip()
                signer["authority" if word == "tm" else "capacity"] = text
                mode = "signer"
                continue
            if mode == "signer":
                if is_upper(text) and "title" not in signer and "name" not in signer:
                    signer["title"] = text
                    continue
                if "name" not in signer and len(text.split()) <= 6 and not text.startswith(("-", "+")):
                    signer["name"] = text
                    mode = "after"
                    continue
            if mode == "recipients" or (mode in ("signer", "after") and text.startswith(("-", "+"))):
                recipients.append(text)
                continue
            if mode in ("signer", "after"):
                after.append(flag(text, f"line {b.line}: printed after the signature; not recognised"))
                self.d.kept_lines.append(b.line)
                continue
            head = _section_head(text)
            if head is not None:
                rank, number, title = head
                section: dict[str, Any] = {"number": number}
                if title:
                    section["title"] = title
                while stack and stack[-1][0] >= rank:
                    stack.pop()
                (stack[-1][1].setdefault("sections", []) if stack else body).append(section)
                stack.append((rank, section))
                continue
            if stack:
                stack[-1][1].setdefault("text", []).append(text)
            else:
                preamble.append(text)
        if preamble:
            data["preamble"] = preamble
        if after:
            if body:
                body[-1].setdefault("closing", []).extend(after)
            else:
                data.setdefault("preamble", []).extend(after)
        if body:
            self._body_tasks(body)
            data["body"] = body
        if signer:
            data["signer"] = {k: signer[k] for k in ("authority", "capacity", "title", "name") if k in signer}
        if recipients:
            data["recipients"] = recipients

    def _body_tasks(self, sections: list[dict[str, Any]]) -> None:
        """Tasks the body prints as paragraphs, in two layouts that plans use for them:

        * a schedule: a heading that starts with its time, "Quý III/2018:" or "Năm 2019: Thực hiện
          ...", over the items due then ("- Phê duyệt ..."); each item, or else the rest of the
          heading, is a task with that timeframe;
        * a numbered item, "(1) Dự án ... (2017-2020)", whose paragraphs end with the one naming its
          owner, "Chủ trì: ...": the item is a task, the paragraphs between are its details, and
          a period in brackets at the end of its title is its timeframe.
        """
        for s in sections:
            texts = [t for t in s.get("text", []) if isinstance(t, str)]
            if len(texts) != len(s.get("text", [])) or "tasks" in s:
                self._body_tasks(s.get("sections", []))
                continue
            title = str(s.get("title", ""))
            when = _SCHEDULE.match(title)
            tasks: list[dict[str, Any]] = []
            if when:
                timeframe = title[: when.end(1)].strip()
                # "(Chi tiết ... theo Phụ lục gửi kèm)": a note in brackets under the schedule, not an item.
                notes = [t for t in texts if t.startswith("(") and t.endswith(")")]
                texts = [t for t in texts if t not in notes]
                items = texts or ([title[when.end():].strip()] if title[when.end():].strip() else [])
                for item in items:
                    task: dict[str, Any] = {"id": tmap._unique(f"t-{s.get('number', '')}", self.ids)}
                    if item.startswith(("- ", "+ ")):
                        task["tt"], item = item[0], item[2:].strip()
                    task["title"] = item
                    task["timeframe"] = timeframe
                    tasks.append(task)
                rest: list[str] = notes
            elif texts and all(owners := [self.agencies.owner_at_start(t) for t in texts]):
                # Every paragraph names the agency that does it: "- UBND các xã ... Thời gian trước
                # ngày 25/01/2021." Each is a task with that lead and its printed deadline.
                for item, owner in zip(texts, owners, strict=True):
                    task = {"id": tmap._unique(f"t-{tmap._slug(str(s.get('number', '')))}", self.ids),
                            "title": item, "lead": [owner]}
                    if deadline := _DEADLINE.search(item):
                        task["timeframe"] = deadline[1]
                    tasks.append(task)
                rest = []
            else:
                tasks, rest = self._owned_items(texts)
            if tasks:
                s["tasks"] = tasks
                self.d.tasks += len(tasks)
                if rest:
                    s["text"] = rest
                else:
                    s.pop("text", None)
            self._body_tasks(s.get("sections", []))

    def _owned_items(self, texts: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
        tasks: list[dict[str, Any]] = []
        rest: list[str] = []
        i = 0
        while i < len(texts):
            m = _ITEM.match(texts[i])
            end = next((j for j in range(i + 1, min(i + 6, len(texts)))
                        if _ITEM.match(texts[j]) or _OWNER.match(fold(texts[j]))), None)
            if not m or end is None or not _OWNER.match(fold(texts[end])):
                rest.append(texts[i])
                i += 1
                continue
            task: dict[str, Any] = {"id": tmap._unique(f"t-{tmap._slug(m[1])}", self.ids), "tt": m[1],
                                    "title": m[2].strip()}
            if texts[i + 1:end]:
                task["details"] = texts[i + 1:end]
            owner = texts[end]
            refs, _ = self.agencies.cell(owner.split(":", 1)[1].strip(" ."))
            task["lead_text"] = owner
            task["lead"] = refs
            if period := _PERIOD.search(m[2]):
                task["timeframe"] = period[1]
            tasks.append(task)
            i = end + 1
        return tasks, rest

    # ------------------------------------------------------------------ annexes
    def _annex(self, blocks: list[Block], n: int) -> dict[str, Any]:
        annex: dict[str, Any] = {}
        i = 0
        first = blocks[0]
        if isinstance(first, Line) and fold(first.text).startswith("phu luc"):
            annex["label"] = first.text
            i = 1
        title: list[str] = []
        while i < len(blocks) and isinstance(blocks[i], Line):
            text = blocks[i].text  # type: ignore[union-attr]
            if _BACKREF.match(fold(text)):
                annex["back_reference"] = text
                i += 1
                break
            if title and not is_upper(text) and "back_reference" not in annex and not _has_backref(blocks[i:i + 3]):
                break
            title.append(text)
            i += 1
        annex["title"] = " ".join(title) if title else flag(annex.get("label", f"Phụ lục {n}"),
                                                              "the annex prints no title; this is its label")
        paragraphs: list[str] = []
        tables: list[dict[str, Any]] = []
        unit: tuple[str, str] | None = None
        last: tuple[tmap.Mapping, dict[str, Any]] | None = None
        prefix = f"pl{n:02d}"
        for b in blocks[i:]:
            if isinstance(b, Line):
                if fold(b.text).startswith(("dvt", "don vi tinh", "don vi:")):
                    unit = (_unit_of(b.text), b.text)
                else:
                    paragraphs.append(b.text)
                continue
            m = tmap.recognise(b.rows)
            if m is None and last is not None and len(b.rows[0]) == len(last[0].header):
                m = tmap.Mapping(last[0].kind, last[0].columns, last[0].years, last[0].header, 0,
                                 last[0].title_leads)  # the table goes on after a page break
            if m is None:
                table = tmap.generic(b.rows)
                if table["rows"]:
                    table["rows"][0][0] = flag(table["rows"][0][0] or "", f"line {b.line}: a table whose header "
                                               "names no task, product or budget column; kept as printed")
                    for line in b.row_lines[1:]:
                        self.d.kept_lines.append(line)
                tables.append(table)
                continue
            if m.kind == "tasks":
                mapped = tmap.map_tasks(m, b.rows, b.row_lines, prefix, self.agencies.cell, self.ids)
                self.d.tasks += mapped.rows
            elif m.kind == "products":
                mapped = tmap.map_products(m, b.rows, b.row_lines, self._product_prefix(), self.ids)
                self.d.products += mapped.rows
            else:
                u = unit[0] if unit and unit[0] else None
                mapped = tmap.map_budget(m, b.rows, b.row_lines, u or "triệu đồng", unit[1] if unit else None)
                if u is None:
                    mapped.table["unit"] = flag("triệu đồng", "no ĐVT line gives the unit; check it")
                self.d.budget_rows += mapped.rows
            if (last is not None and m.header_rows == 0) or (last is not None and [key(c) for c in m.header]
                                                             == [key(c) for c in last[0].header]
                                                             and last[1]["kind"] == mapped.table["kind"]):
                _merge(last[1], mapped.table)
            else:
                tables.append(mapped.table)
                last = (m, mapped.table)
            for k in mapped.kept:
                paragraphs.append(flag(k.text, f"line {k.line}: {k.why}"))
                self.d.kept_lines.append(k.line)
        if paragraphs:
            annex["text"] = paragraphs
        if tables:
            annex["tables"] = tables
        return {k: annex[k] for k in ("label", "title", "back_reference", "text", "tables") if k in annex}

    def _product_prefix(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", fold(self.doc_id or self._auto_id())).strip("-")

    # ------------------------------------------------------------------ what the header lacked
    def _fallbacks(self, annexes: list[dict[str, Any]]) -> None:
        data = self.d.data
        for a in annexes:
            ref = a.get("back_reference")
            if not ref:
                continue
            f = fold(ref)
            if "number" not in data and (m := _NUMBER.search(ref)):
                data["number"] = flag(m[1], "the header prints no number; read from the annex's back-reference")
            if "date" not in data:
                c = find_citations(ref)
                if c and c[0].date:
                    data["date"] = flag(c[0].date.isoformat(),
                                        "the header prints no date; read from the annex's back-reference")
                elif (d := _DATE.search(f)) is not None:
                    data["date"] = flag(f"{int(d[3]):04d}-{int(d[2]):02d}-{int(d[1]):02d}",
                                        "the header prints no date; read from the annex's back-reference")
        if "title" not in data:
            for s in data.get("body", []):
                if fold(s.get("number", "")).startswith("dieu 1") and s.get("title"):
                    data["title"] = flag(s["title"], "the header prints no title; this is Điều 1's text")
                    break
        if "issuer" not in data:
            self._resolve_issuer()

    def _auto_id(self) -> str:
        data = self.d.data
        province = re.sub(r"[^a-z0-9]+", "-", fold(data.get("province") or "draft")).strip("-")
        year = str(data.get("date", ""))[:4] or "0000"
        number = re.sub(r"[^a-z0-9]+", "-", fold(str(data.get("number", "")))).strip("-") or "draft"
        return f"{province}/{year}-{number}"

    def _finish(self) -> None:
        data = self.d.data
        data["id"] = self.doc_id or self._auto_id()
        if "period" not in data:
            years = [int(y) for y in re.findall(r"\b((?:19|20|21)\d{2})\b", str(data.get("title", "")))]
            if years:
                data["period"] = f"{min(years)}-{max(years)}" if max(years) != min(years) else str(years[0])
            elif data.get("date"):
                data["period"] = flag(str(data["date"])[:4], "the title names no years; the period is the date's year")
        for name, why in getattr(self, "_reviews_for", {}).items():
            if isinstance(data.get(name), str) and not isinstance(data[name], _Flag):
                data[name] = flag(data[name], why)
        required = ("type", "number", "issuer", "province", "place", "date", "title", "period")
        self.d.missing = [r for r in required if not data.get(r)]
        texts = [*data.get("legal_bases", []), *[a.get("back_reference") or "" for a in data.get("annexes", [])]]
        self.d.citations = sum(len(find_citations(t)) for t in texts)
        self._order()


def _has_backref(blocks: list[Block]) -> bool:
    return any(isinstance(b, Line) and _BACKREF.match(fold(b.text)) for b in blocks)


def _merge(into: dict[str, Any], more: dict[str, Any]) -> None:
    for k in ("tasks", "products", "groups", "rows"):
        if k in more:
            into.setdefault(k, []).extend(more[k])


def _unit_of(text: str) -> str:
    f = fold(text)
    for unit, word in (("tỷ đồng", "ty dong"), ("triệu đồng", "trieu dong"), ("nghìn đồng", "nghin dong"),
                       ("nghìn đồng", "ngan dong"), ("đồng", "dong")):
        if word in f:
            return unit
    return ""


def _section_head(text: str) -> tuple[int, str, str] | None:
    """(rank, number as printed, title) of a numbered heading: Điều 1., I., 1., 1.1., a)."""
    if m := _ARTICLE.match(text):
        return 1, f"{m[1]}{m[2]}", m[3]
    if (m := _ROMAN_H.match(text)) and is_roman(m[1]):
        return 1, f"{m[1]}{m[2]}", m[3]
    if m := _NUM_H.match(text):
        return 2 + m[1].count("."), f"{m[1]}{m[2]}", m[3]
    if m := _LETTER_H.match(text):
        return 6, f"{m[1]})", m[2]
    return None
