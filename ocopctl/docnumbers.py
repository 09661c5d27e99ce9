"""Document numbers ("số, ký hiệu") as Nghị định 30/2020/NĐ-CP writes them.

Forms read here:

* ``192/KH-UBND``: number / TYPE-ISSUER (administrative documents);
* ``13/2017/NQ-HĐND``: number / year / TYPE-ISSUER (regulatory documents);
* ``1598/SNN-PTNT``: number / ISSUER-UNIT (official letters, công văn, carry no type);
* ``04-CTr/TU``: number-TYPE / ISSUER (Party documents).

Printed numbers often carry stray spaces (``192 /KH-UBND``) or lose a hyphen
(``490/QĐTTg``). ``parse_number`` reads what it can and says what is off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Type codes of Nghị định 30/2020 (Phụ lục III) and the Party's Hướng dẫn 36.
TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "KL": "Kết luận",
    "L": "Luật",
}
_TYPE_BY_NAME = {v.lower(): k for k, v in TYPE_CODES.items()}

# Issuers whose numbering is national: a citation of theirs means the same
# document wherever it appears. Everything else (UBND, HĐND, Sở, Tỉnh ủy ...)
# numbers per province.
NATIONAL_ISSUERS = frozenset(
    {"TTg", "CP", "QH", "UBTVQH", "CTN", "VPCP", "BCĐTW", "TW", "BNN", "BNNPTNT",
     "BNNMT", "BCT", "BKHCN", "BKHĐT", "BTC", "BYT", "BVHTTDL", "BTTTT", "BLĐTBXH",
     "BTNMT", "BXD", "BGTVT", "NHNN", "TTCP", "VPĐP", "VPĐPNTMTW"}
)

_WORD = r"[A-Za-zĐđƯưƠơ0-9]+"
_ADMIN = re.compile(
    rf"^(?P<num>\d+)(?:/(?P<year>\d{{4}}))?/(?P<left>{_WORD})-(?P<right>{_WORD}(?:-{_WORD})*)$"
)
_PARTY = re.compile(rf"^(?P<num>\d+)-(?P<left>{_WORD})/(?P<right>{_WORD}(?:-{_WORD})*)$")
_GLUED = re.compile(rf"^(?P<num>\d+)(?:/(?P<year>\d{{4}}))?/(?P<glued>{_WORD})$")


@dataclass(frozen=True)
class DocNumber:
    """A parsed document number. ``problems`` is empty for a well-formed one."""

    printed: str
    number: int | None = None
    year: int | None = None
    type_code: str | None = None
    issuer: str | None = None
    unit: str | None = None
    form: str = "unknown"  # admin | regulatory | letter | party | unknown
    problems: tuple[str, ...] = field(default=())
    suggestion: str | None = None
    digits: str = ""  # the number as printed, leading zeros kept

    @property
    def canonical(self) -> str:
        """The number written without stray spaces and with its hyphen restored."""
        if self.number is None:
            return " ".join(self.printed.split())
        n = self.digits or str(self.number)
        if self.form == "party":
            return f"{n}-{self.type_code}/{self.issuer}"
        year = f"/{self.year}" if self.year else ""
        if self.form == "letter":
            return f"{n}{year}/{self.issuer}-{self.unit}"
        return f"{n}{year}/{self.type_code}-{self.issuer}"

    @property
    def key(self) -> str:
        """Comparison key: the canonical form without leading zeros."""
        return self.canonical.lstrip("0")

    @property
    def national(self) -> bool:
        return self.issuer in NATIONAL_ISSUERS


def _split_glued(word: str) -> tuple[str, str] | None:
    for code in sorted(TYPE_CODES, key=len, reverse=True):
        if word.startswith(code) and len(word) > len(code) and word[len(code)].isupper():
            return code, word[len(code):]
    return None


def parse_number(printed: str) -> DocNumber:
    """Parse a printed number, tolerating the damage real documents show."""
    problems: list[str] = []
    compact = re.sub(r"\s+", "", printed)
    if compact != printed.strip() or printed != printed.strip():
        problems.append("whitespace")
    m = _ADMIN.match(compact)
    if m:
        left, right = m["left"], m["right"]
        year = int(m["year"]) if m["year"] else None
        if left in TYPE_CODES:
            form = "regulatory" if year else "admin"
            return DocNumber(printed, int(m["num"]), year, left, right, None, form, tuple(problems), digits=m["num"])
        return DocNumber(printed, int(m["num"]), year, None, left, right, "letter", tuple(problems), digits=m["num"])
    m = _PARTY.match(compact)
    if m and m["left"] in TYPE_CODES:
        return DocNumber(printed, int(m["num"]), None, m["left"], m["right"], None, "party", tuple(problems),
                         digits=m["num"])
    m = _GLUED.match(compact)
    if m:
        split = _split_glued(m["glued"])
        if split:
            code, issuer = split
            year = int(m["year"]) if m["year"] else None
            parsed = DocNumber(printed, int(m["num"]), year, code, issuer, None,
                               "regulatory" if year else "admin", digits=m["num"])
            return DocNumber(
                printed, parsed.number, year, code, issuer, None, parsed.form,
                tuple(problems + ["missing-hyphen"]), suggestion=parsed.canonical, digits=m["num"],
            )
    return DocNumber(printed, problems=tuple(problems + ["unparseable"]))


def type_code_for(doc_type: str) -> str | None:
    """The type code a document type carries in its number (Kế hoạch -> KH)."""
    return _TYPE_BY_NAME.get(doc_type.lower())
