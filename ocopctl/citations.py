"""Find citations of other documents in running text.

Vietnamese administrative text cites documents in one pattern: a type word,
"số", the number, "ngày", the date and usually "của" and the issuer, as in
"Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ". This
module reads that pattern as printed, stray spaces and all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ocopctl import vn
from ocopctl.docnumbers import DocNumber, parse_number

TYPE_WORDS = (
    "Luật", "Nghị định", "Quyết định", "Kế hoạch", "Chỉ thị", "Thông báo", "Nghị quyết",
    "Tờ trình", "Chương trình", "Công văn", "văn bản", "Hướng dẫn", "Thông tư", "Đề án", "Báo cáo",
)
_TYPE = "|".join(re.escape(w) for w in TYPE_WORDS)
_NUMBER = r"\d+(?:\s*[/-]\s*[\w&]+)+"
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
_CITATION = re.compile(
    rf"(?P<type>{_TYPE})\s+(?:số\s*:?\s*)?(?P<number>{_NUMBER})\s+ngày\s+(?P<date>{_DATE})"
    rf"(?:\s+(?:của\s+)?(?P<issuer>[^,;()“”\"]+?)"
    rf"(?=\s+(?:về|v/v|phê duyệt|ban hành|quy định|và|tại|đến)\b|[,;()“”\".]|$))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    text: str  # the whole citation as printed
    type_word: str
    number: DocNumber
    date_text: str
    date: date | None  # None when the printed date does not exist
    issuer: str | None

    @property
    def date_is_impossible(self) -> bool:
        return self.date is None


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in order."""
    if "ngày" not in text:
        return []
    out = []
    for m in _CITATION.finditer(text):
        date_text = " ".join(m["date"].split())
        try:
            when: date | None = vn.parse_date(date_text.replace(" / ", "/").replace(" /", "/").replace("/ ", "/"))
        except ValueError:
            when = None
        issuer = m["issuer"].strip() if m["issuer"] else None
        out.append(Citation(m[0].strip(), m["type"], parse_number(m["number"]), date_text, when, issuer))
    return out


def same_type(word: str, doc_type: str) -> bool:
    return vn.fold(word) == vn.fold(doc_type)


# The proposal line of a decision's bases: "Theo đề nghị của ...", "Xét đề nghị ..." (with or without diacritics).
PROPOSAL = re.compile(r"^\W*(theo|xét|xet)\s+(đề|de)\s+(nghị|nghi)\b", re.IGNORECASE)
