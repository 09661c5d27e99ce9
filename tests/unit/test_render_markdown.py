"""Markdown from ``render --to md``: a "|" or a line break in the data never splits a table row,
and nothing in the data starts a heading, quote, rule, code block, HTML block or link definition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ocopctl.render import Request, markdown_text, render_outputs

DATA = Path(__file__).parents[1] / "data" / "render"
HOSTILE = "| a | b |\\n# x [/]"  # as written in YAML: a table row, a line break, a heading, rich markup
SHOWN = "| a | b | # x [/]"  # as a reader sees it: one line of text


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def render_md(tmp_path: Path, edits: list[tuple[str, str]]) -> str:
    repo = tmp_path / "plans" / "mau"
    shutil.copytree(DATA, repo)
    plan = repo / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")
    _result, out = render_outputs(Request([plan], formats=("md",), output=tmp_path / "out"))
    return out[0][1].decode("utf-8")


EDITS = [
    # a body paragraph, with more that would start blocks of their own
    ('      - "- Triển khai', f'      - "Mở đầu {HOSTILE}"\n      - "# Không phải tiêu đề"\n'
                            '      - "> không trích dẫn"\n      - "---"\n      - "```"\n'
                            '      - "<div>không phải HTML</div>"\n      - "[a]: http://example.com"\n'
                            '      - "Kết thúc #"\n      - "- Triển khai'),
    ("title: Tuyên truyền\n        tasks:", f'title: "Tuyên truyền {HOSTILE}"\n        tasks:'),  # a heading
    ('title: "(1) Tổ chức hội nghị tuyên truyền."', f'title: "(1) Tổ chức {HOSTILE}"'),  # a task paragraph
    ("title: Tổ chức hội nghị, lead:", f'title: "Tổ chức {HOSTILE}", lead:'),  # a table cell
    ("name: Chè xanh Mẫu", f'name: "Chè {HOSTILE}"'),  # a product's cell
    ("name: Nguyễn Văn Mẫu", f'name: "Nguyễn {HOSTILE}"'),  # the signer, in the layout table
]


def shape(tokens: list[Token]) -> dict[str, object]:
    """What the Markdown's structure is: blocks by kind, and each table's row widths."""
    kinds = [t.type for t in tokens if t.type.endswith("_open") or t.type in {"hr", "fence", "code_block",
                                                                              "html_block"}]
    widths: list[list[int]] = []
    for t in tokens:
        if t.type == "table_open":
            widths.append([])
        elif t.type == "tr_open":
            widths[-1].append(0)
        elif t.type in {"th_open", "td_open"}:
            widths[-1][-1] += 1
    return {"blocks": {k: kinds.count(k) for k in sorted(set(kinds))}, "tables": widths}


def test_data_cannot_change_the_markdown_structure(tmp_path: Path) -> None:
    clean = render_md(tmp_path / "clean", [])
    hostile = render_md(tmp_path / "hostile", EDITS)
    clean_shape, hostile_shape = shape(parse(clean)), shape(parse(hostile))
    # The hostile data added eight paragraphs to the body and nothing else: no heading, quote, rule,
    # code, HTML or list; every table row still has as many cells as its table's header.
    blocks = dict(clean_shape["blocks"])  # type: ignore[call-overload]
    blocks["paragraph_open"] += 8
    assert hostile_shape["blocks"] == blocks
    assert hostile_shape["tables"] == clean_shape["tables"]
    for widths in hostile_shape["tables"]:  # type: ignore[attr-defined]
        assert len(set(widths)) == 1, widths
    html = MarkdownIt("commonmark").enable("table").render(hostile)
    assert html.count(SHOWN) == 6  # the body, heading, task, table cell, product and signer: each one line
    for text in ("# Không phải tiêu đề", "&gt; không trích dẫn", "---", "```", "&lt;div&gt;", "[a]: http://example.com",
                 "Kết thúc #"):
        assert text in html, text


@pytest.mark.parametrize(("value", "paragraph", "cell"), [
    ("a | b", "a \\| b", "a \\| b"),
    ("một\n# hai", "một # hai", "một # hai"),
    ("  a \r\n\n  b  ", "a b", "a b"),
    ("# x", "\\# x", "# x"),
    ("#x", "#x", "#x"),
    ("> x", "\\> x", "> x"),
    ("---", "\\---", "---"),
    ("* * *", "\\* * *", "* * *"),
    ("-", "\\-", "-"),  # a marker alone: an empty list item, the dash gone
    ("2.", "2\\.", "2."),
    ("3)", "3\\)", "3)"),
    ("năm 2018.", "năm 2018.", "năm 2018."),
    ("- Triển khai", "- Triển khai", "- Triển khai"),  # the document's own dash: a list item, as printed
    ("1. Mục tiêu", "1. Mục tiêu", "1. Mục tiêu"),
    ("```", "\\```", "```"),
    ("<div>", "\\<div>", "<div>"),
    ("[a]: b", "\\[a]: b", "[a]: b"),
    ("Tiêu đề #", "Tiêu đề \\#", "Tiêu đề #"),
    ("[/] [bold]", "[/] [bold]", "[/] [bold]"),
    ("ngày\u2002\u2002tháng", "ngày\u2002\u2002tháng", "ngày\u2002\u2002tháng"),  # a draft's blanks kept
])
def test_one_function_escapes_every_markdown_value(value: str, paragraph: str, cell: str) -> None:
    assert markdown_text(value) == paragraph
    assert markdown_text(value, cell=True) == cell


def test_a_long_run_of_spaces_is_escaped_in_linear_time() -> None:
    spaces = " " * 1_000_000  # a pattern that tried line breaks at each of them took minutes
    assert markdown_text("a" + spaces + "b") == "a" + spaces + "b"
    assert markdown_text("a" + spaces + "\n" + spaces + "b") == "a b"
    assert markdown_text("a" + spaces + "b", cell=True) == "a b"
