"""Every limit ocopctl puts on its input, in one table.

No real plan comes near these numbers; they exist so that a hostile or broken
file ends in one located message instead of a hang, a traceback or gigabytes
of memory. The README's "Limits" table lists the same values; a test keeps the
two in step. Each breach is reported where it happens, naming the limit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    value: int
    what: str  # one line for the README's table


# YAML -----------------------------------------------------------------------------------
YAML_FILE_BYTES = Limit(128 * 1024 * 1024, "bytes in one YAML file (a 200,000-task plan is about 40 MB)")
YAML_DEPTH = Limit(64, "nesting depth of mappings and lists in a YAML file (real plans need about 10)")
YAML_ALIAS_NODES = Limit(100_000, "values that aliases (*name) may expand to in one YAML file")
# Numbers --------------------------------------------------------------------------------
NUMBER_DIGITS = Limit(40, "digits in one number (a budget in đồng needs at most 16)")
HEADER_SPAN = Limit(50, "columns or rows one header cell of a table may span (printed tables span about 10)")
# Dates ----------------------------------------------------------------------------------
YEAR_MIN = Limit(1900, "earliest year a date, period or option may name")
YEAR_MAX = Limit(2200, "latest year a date, period or option may name")
PERIOD_YEARS = Limit(50, "years one document's period may span (plans run 3 to 10; a monthly task over 50 is 600)")
OCCURRENCES = Limit(10_000, "occurrences one recurring timeframe may expand to (a monthly task over 50 years: 600)")
CALENDAR_EVENTS = Limit(20_000, "events one .ics calendar may hold (one per deadline or occurrence; plans/ makes 153)")
# Diagnostics ----------------------------------------------------------------------------
DIAGNOSTICS_PER_CODE = Limit(100, "findings of one code in one file; past it one summary line")
# Cache ----------------------------------------------------------------------------------
CACHE_BYTES = Limit(512 * 1024 * 1024, "bytes of .ocopctl_cache; past it the least recently used entries go "
                    "(the national benchmark repository takes about 40 MB)")
# Spreadsheets and CSV -------------------------------------------------------------------
SHEET_BYTES = Limit(32 * 1024 * 1024, "bytes of text in one .xlsx (parts inflated, shared strings repeated) or .csv "
                    "(the 20,000-row benchmark sheet: 16 MB)")
SHEET_FILE_BYTES = Limit(64 * 1024 * 1024, "bytes of one .xlsx or .csv file on disk")
SHEET_PARTS = Limit(10_000, "files inside one .xlsx (a workbook holds a few dozen)")
SHEET_ROWS = Limit(100_000, "rows of one sheet or CSV (the benchmark sheet has 20,001)")
SHEET_CELLS = Limit(500_000, "cells of one sheet or CSV, A1 to its last cell (the benchmark sheet has 260,013)")
CSV_FIELD_CHARS = Limit(1_000_000, "characters in one CSV field")
XLSX_CELL_CHARS = Limit(32_767, "characters written into one .xlsx cell (Excel's limit; longer text is cut, noted)")
# Drafts (ocopctl draft) ----------------------------------------------------------------
DRAFT_FILE_BYTES = Limit(64 * 1024 * 1024, "bytes of one .docx or text file that ocopctl draft reads")
DRAFT_DOCX_BYTES = Limit(256 * 1024 * 1024,
                         "uncompressed bytes of one .docx that ocopctl draft reads (all its zip members)")
DRAFT_DOCX_MEMBERS = Limit(2_000, "files inside one .docx ocopctl draft reads (Word writes about 15)")
# Templates ------------------------------------------------------------------------------
TEMPLATE_OUTPUT_CHARS = Limit(50_000_000, "characters one rendered document may have")
TEMPLATE_SECONDS = Limit(10, "seconds one document may take to render")
TEMPLATE_RANGE = Limit(100_000, "items of a range(), list, split or batch a template makes")
TEMPLATE_STRING_CHARS = Limit(1_000_000, "characters one string a template's expression builds (~, +, *, %, format)")
TEMPLATE_RECURSION = Limit(100, "depth of nested macro, block and recursive-loop calls in a template")
TEMPLATE_MEMORY_BYTES = Limit(256 * 1024 * 1024, "bytes of memory rendering one document may add to the process")
DOCX_ELEMENTS = Limit(100_000, "elements (paragraphs, rows, cells) of one Word document (an encoded plan has 2,000)")
TEMPLATE_FILE_BYTES = Limit(1_000_000, "bytes of one template file (the built-in ones have at most 14,000)")


def table() -> list[tuple[str, Limit]]:
    """Every limit with its constant's name, in the order above."""
    return [(name, value) for name, value in globals().items() if isinstance(value, Limit)]
