"""The one diagnostic type every check, the loader and every formatter share."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from ocopctl.i18n import Msg, localized

Loc = tuple[str | int, ...]


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


def format_loc(loc: Loc) -> str:
    """``("annexes", 0, "title")`` -> ``annexes[0].title``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass(slots=True)
class Diagnostic:
    """A finding, located by file, line, column and field path.

    ``loc`` is the path of keys and indexes inside the file's data; the loader
    turns it into ``line`` and ``column`` (1-based) only for files that have
    findings, so clean files never pay for positions.
    """

    code: str
    severity: Severity
    path: str
    message: Msg  # told in Vietnamese or English; its ``str`` is the English text
    loc: Loc = ()
    hint: Msg | None = None
    line: int | None = None
    column: int | None = None
    key: bool = field(default=False, repr=False)  # point at the key, not the value

    @property
    def field_path(self) -> str:
        return format_loc(self.loc)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The finding for JSON: its message and hint in the language in force, and in English
        as ``message_en`` and ``hint_en``, so that tools that parse English keep working."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field_path,
            "message": localized(self.message),
            "hint": None if self.hint is None else localized(self.hint),
            "message_en": str(self.message),
            "hint_en": None if self.hint is None else str(self.hint),
        }
