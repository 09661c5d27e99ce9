"""The Word builder reads the markup a template wrote, a user's own among them, as untrusted."""

from __future__ import annotations

import pytest

from ocopctl import limits
from ocopctl.docxbuild import MarkupError, build_docx, docx_text


@pytest.mark.parametrize(("markup", "message"), [
    ('<!DOCTYPE doc [<!ENTITY a "x">]><doc><p>&a;</p></doc>', "invalid markup"),
    ('<!DOCTYPE doc SYSTEM "file:///etc/passwd"><doc/>', "invalid markup"),
    ('<doc><table widths="0"><tr><td>x</td></tr></table></doc>', "not a width"),
    ('<doc><table widths="nan,1"><tr><td>x</td></tr></table></doc>', "not a width"),
    ('<doc><table widths="x"><tr><td>x</td></tr></table></doc>', "not a number"),
    ('<doc><table><tr><td colspan="x">x</td></tr></table></doc>', "not a count"),
    ('<doc><table><tr><td colspan="999999999">x</td></tr></table></doc>', "not a count"),
    ('<doc><table widths="1,1"><tr><td rowspan="-2">x</td></tr></table></doc>', "not a count"),
    ('<doc><table><tr><td colspan="64">x</td></tr></table></doc>', "at most 63"),
    ('<doc><p size="nan">x</p></doc>', "not a size"),
    ('<doc><p indent="1e309">x</p></doc>', "not a size"),
    ('<doc><rule width="-1e300"/></doc>', "not a size"),
    ("<doc><p>" + "<b>" * 5000 + "x" + "</b>" * 5000 + "</p></doc>", "too deeply"),
])
def test_hostile_markup_is_one_markup_error(markup: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message) as caught:
        build_docx(markup)
    assert "\n" not in str(caught.value)


def test_markup_past_the_element_limit_is_refused_while_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "DOCX_ELEMENTS", limits.Limit(50, "lowered for a test"))
    assert "x" in docx_text(build_docx("<doc>" + "<p>x</p>" * 49 + "</doc>"))
    with pytest.raises(MarkupError, match=r"more than 50 elements.*DOCX_ELEMENTS"):
        build_docx("<doc>" + "<p>x</p>" * 50 + "</doc>")
