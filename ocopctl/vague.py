"""Vague collective owners every province writes: "các sở, ban, ngành liên quan",
"các cơ quan, đơn vị liên quan", "UBND các huyện, thành phố", "các địa phương" ...

They name no particular body. A province need not declare them: a reference that
resolves to nothing in the registries but reads as one of these phrasings is taken as
a built-in vague group (OC203 when it is a task's only lead, never an unknown agency).
Matching is on :func:`ocopctl.vn.name_key`, so case, diacritics and punctuation do not matter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ocopctl import vn
from ocopctl.models import AgencyGroup

# Words of the collective phrasings, after name_key ("UBND" is expanded to "uy ban nhan dan").
_NOUNS = (
    "so", "ban", "nganh", "co quan", "don vi", "doan the", "dia phuong", "to chuc", "hoi",
    "huyen", "xa", "thi xa", "thanh pho", "phuong", "thi tran", "quan", "cap", "chuyen mon",
    "chinh tri xa hoi", "chinh tri", "mat tran", "thanh vien", "tinh", "thuoc tinh", "truc thuoc",
    "lien quan", "co lien quan", "khac", "va", "cac", "thuoc",
)
_WORDS = "|".join(sorted((re.escape(w) for w in _NOUNS), key=len, reverse=True))
_VAGUE_RE = re.compile(rf"^(?:uy ban nhan dan )?cac (?:(?:{_WORDS})(?: |$))+$")


@lru_cache(maxsize=4096)
def builtin_vague_group(ref: str) -> AgencyGroup | None:
    """The built-in vague group a reference reads as, or None."""
    key = vn.name_key(ref)
    if not _VAGUE_RE.match(key):
        return None
    return AgencyGroup(id="vague:" + key.replace(" ", "-"), name=" ".join(ref.split()), vague=True)
