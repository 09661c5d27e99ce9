"""Render documents to Word, HTML and Markdown through Jinja templates.

One template per document kind (``templates/document.j2``, ``approval.j2``,
``recognition.j2``, ``progress_report.j2``, or a user's own) says what the
document prints; it is written once for every format, against the block
primitives of ``format.<fmt>.j2`` (paragraph in a role, two-column layout,
table, row, cell, page). For Word, those primitives write a small block
markup that ``ocopctl.docxbuild`` lays out; for HTML and Markdown they write
the page itself.

The package's parts: ``jobs`` (what a request renders, each document's data),
``context`` (that data as templates see it: plain and frozen, nothing that
reaches the system), ``filters`` (the formatting every template may use) and
``sandbox`` (the Jinja sandbox, which bounds what a template may touch, make
and spend). Every template runs in the sandbox with StrictUndefined, and an
empty value (``None``) reads as undefined: a value a template needs but the
data lacks fails with the template, the line and the field, never prints a blank.
"""

from ocopctl.render.bounds import LimitError
from ocopctl.render.context import BLANK, Head, RenderError, View, freeze
from ocopctl.render.filters import (
    FILTERS,
    column_field,
    column_widths,
    header_grid,
    markdown_text,
    mdcell,
    roman,
    runs,
    vnnum,
)
from ocopctl.render.jobs import (
    SUFFIXES,
    Job,
    Request,
    Result,
    iter_formats,
    load,
    plan_jobs,
    render,
    render_job,
    render_outputs,
)
from ocopctl.render.sandbox import FORMATS, environment

__all__ = [
    "BLANK", "FILTERS", "FORMATS", "SUFFIXES", "Head", "Job", "LimitError", "RenderError", "Request", "Result", "View",
    "column_field", "column_widths", "environment", "freeze", "header_grid", "iter_formats", "load", "markdown_text",
    "mdcell", "plan_jobs", "render", "render_job", "render_outputs", "roman", "runs", "vnnum",
]
