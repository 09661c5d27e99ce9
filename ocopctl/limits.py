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
# Dates ----------------------------------------------------------------------------------
YEAR_MIN = Limit(1900, "earliest year a date, period or option may name")
YEAR_MAX = Limit(2200, "latest year a date, period or option may name")
OCCURRENCES = Limit(10_000, "occurrences one recurring timeframe may expand to (a monthly task over 800 years)")
# Diagnostics ----------------------------------------------------------------------------
DIAGNOSTICS_PER_CODE = Limit(100, "findings of one code in one file; past it one summary line")
# Spreadsheets and CSV -------------------------------------------------------------------
SHEET_BYTES = Limit(32 * 1024 * 1024, "bytes of text in one .xlsx (parts inflated, shared strings repeated) or .csv "
                    "(the 20,000-row benchmark sheet: 16 MB)")
SHEET_FILE_BYTES = Limit(64 * 1024 * 1024, "bytes of one .xlsx or .csv file on disk")
SHEET_PARTS = Limit(10_000, "files inside one .xlsx (a workbook holds a few dozen)")
SHEET_ROWS = Limit(100_000, "rows of one sheet or CSV (the benchmark sheet has 20,001)")
SHEET_CELLS = Limit(500_000, "cells of one sheet or CSV, A1 to its last cell (the benchmark sheet has 260,013)")
CSV_FIELD_CHARS = Limit(1_000_000, "characters in one CSV field")
# Templates ------------------------------------------------------------------------------
TEMPLATE_OUTPUT_CHARS = Limit(50_000_000, "characters one rendered document may have")
TEMPLATE_SECONDS = Limit(20, "seconds one document may take to render")
TEMPLATE_RANGE = Limit(100_000, "items a template's range() may produce")
TEMPLATE_STRING_CHARS = Limit(1_000_000, "characters a template's string repetition or format may produce")
TEMPLATE_RECURSION = Limit(100, "depth of nested macro calls in a template")


def table() -> list[tuple[str, Limit]]:
    """Every limit with its constant's name, in the order above."""
    return [(name, value) for name, value in globals().items() if isinstance(value, Limit)]
