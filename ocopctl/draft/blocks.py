"""The neutral form a source document is read into: lines of text and tables, in order.

Both readers (Word and plain text) produce these, so that recognising the
header, body and annexes does not depend on where the text came from. ``line``
is where a block starts in the source as a reader counts it: the line of a
text file, or for a .docx the line of its text as ``ocopctl.docxbuild.docx_text``
prints it (one per paragraph, one per table row).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    text: str
    line: int
    centered: bool = False
    bold: bool = False


@dataclass
class TableBlock:
    rows: list[list[str]]
    line: int  # line of the first row
    row_lines: list[int] = field(default_factory=list)  # line of each row
    piped: bool = False  # a flattened table whose rows start with a pipe ("| TT | Nội dung |")

    def __post_init__(self) -> None:
        if not self.row_lines:
            self.row_lines = [self.line + i for i in range(len(self.rows))]


Block = Line | TableBlock


class DraftInputError(Exception):
    """Input that cannot be drafted from; the message says what it is and what to do."""
