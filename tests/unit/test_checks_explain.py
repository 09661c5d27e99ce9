"""``ocopctl checks`` and ``ocopctl rules``: explanations from the docstrings, told in Vietnamese through
the catalog, examples printed as written, English exactly the docstring."""

from __future__ import annotations

import inspect
import io
import json
import textwrap

from rich.console import Console
from typer.testing import CliRunner

from ocopctl.checkdocs import paragraphs
from ocopctl.checks import CHECKS, all_checks
from ocopctl.cli import app
from ocopctl.cli.checks_cmd import print_table

runner = CliRunner()


def test_placed_values_go_into_the_english_and_the_vietnamese() -> None:
    info = CHECKS["OC016"]
    all_checks()
    assert info.summary == ("A date or period outside the years ocopctl reads (1900–2200), such as "
                            "9999-12-31, or a period longer than 50 years.")
    assert "(1900–2200)" in info.explain("vi") and "50 năm" in info.explain("vi")


def test_english_is_the_docstring_as_written() -> None:
    for info in all_checks():
        assert info.explain("en") == inspect.cleandoc(info.summary), info.code


def test_every_code_is_explained_in_vietnamese_with_its_example_as_written() -> None:
    for info in all_checks():
        doc = info.doc or info.summary
        vi = info.explain("vi")
        for p in paragraphs(doc):
            if p.example:
                assert p.text in vi, info.code
            else:
                assert p.msgid not in " ".join(vi.split()), (info.code, p.msgid)
        assert info.headline("vi") != info.headline("en"), info.code


def test_a_paragraph_that_introduces_an_example_still_does_in_vietnamese() -> None:
    for info in all_checks():
        for p in paragraphs(info.doc or info.summary):
            if not p.example and p.msgid.endswith("::"):
                assert " ".join(info.explain("vi").split()).count("::") >= 1, info.code


def test_rules_in_vietnamese() -> None:
    out = runner.invoke(app, ["--lang", "vi", "rules", "OC505"]).output
    assert out.startswith("OC505 certificate-expired (lỗi)\n\nGiấy chứng nhận sản phẩm OCOP")
    assert "Ví dụ không đạt (ngày hiện tại 01/01/2026)::\n\n    ratings:\n" in out
    assert "    # ocopctl: ignore[OC505] lý do không cần sửa\n" in out
    assert "    severity: {OC505: info}\n" in out
    assert max(len(line) for line in out.splitlines() if not line.startswith(" ")) <= 92


def test_rules_keeps_english_wrapping_and_an_unknown_code_fails_in_vietnamese() -> None:
    out = runner.invoke(app, ["rules", "OC010"]).output
    assert textwrap.dedent("""\
        A document number that does not follow "number/TYPE-ISSUER" (OC010), carries stray
        spaces (OC011), or whose type code disagrees with the document type (OC012).
        """) in out
    bad = runner.invoke(app, ["rules", "OC5055", "--lang", "vi"])
    assert bad.exit_code == 2 and bad.output == "ocopctl: không có mã 'OC5055'; có phải là mã 'OC505'?\n"


def test_checks_lists_codes_in_vietnamese_with_stable_names() -> None:
    out = runner.invoke(app, ["checks", "--lang", "vi"], terminal_width=200).output
    head = out.splitlines()[1]
    assert "Mã" in head and "Tên" in head and "Mức độ" in head and "Nội dung phát hiện" in head
    assert "OC110 │ annex-reference-mismatch" in out and "│ lỗi " in out and "│ thông tin │" in out
    assert "Dòng \"(Kèm theo Kế hoạch số ... ngày ...)\" của phụ lục ghi loại văn bản" in out


def test_checks_in_english_unwraps_the_first_paragraph() -> None:
    buf = io.StringIO()
    print_table(all_checks(), Console(file=buf, width=400, color_system=None))
    out = buf.getvalue()
    assert ("A document number that does not follow \"number/TYPE-ISSUER\" (OC010), carries stray spaces (OC011), "
            "or whose type code disagrees with the document type (OC012).") in out


def test_checks_json_keeps_codes_names_and_severities_and_carries_the_english() -> None:
    vi = json.loads(runner.invoke(app, ["--lang", "vi", "checks", "--format", "json"]).output)
    en = json.loads(runner.invoke(app, ["checks", "-f", "json"]).output)
    assert [(c["code"], c["name"], c["severity"]) for c in vi["checks"]] == \
        [(c["code"], c["name"], c["severity"]) for c in en["checks"]]
    [oc505] = [c for c in vi["checks"] if c["code"] == "OC505"]
    assert oc505["severity"] == "error" and oc505["summary"].startswith("Giấy chứng nhận sản phẩm OCOP")
    assert oc505["summary_en"] == CHECKS["OC505"].headline("en") == en["checks"][vi["checks"].index(oc505)]["summary"]
    assert oc505["explanation_en"] == inspect.cleandoc(CHECKS["OC505"].summary)
    one = json.loads(runner.invoke(app, ["checks", "oc110", "-f", "json"]).output)
    assert [c["name"] for c in one["checks"]] == ["annex-reference-mismatch"]
