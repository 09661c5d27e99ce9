"""Matching helpers: folded text whose positions are those of the printed text."""

from __future__ import annotations

import re
from functools import lru_cache

from ocopctl import vn


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = vn.fold(ch)
    return folded[:1] if folded else ch


def fold(text: str) -> str:
    """``vn.fold`` one character at a time, so that an index into the result is an index into ``text``."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


def key(text: str) -> str:
    """Folded, punctuation dropped, single spaces: for comparing labels."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def is_upper(text: str) -> bool:
    """Mostly capitals: a heading, a title, a header line."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def is_roman(text: str) -> bool:
    return bool(ROMAN.match(text.rstrip(".")))
