import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopctl.docnumbers import TYPE_CODES, parse_number, type_code_for


@pytest.mark.parametrize(
    ("printed", "canonical", "form", "problems"),
    [("192/KH-UBND", "192/KH-UBND", "admin", ()),
     ("192 /KH-UBND", "192/KH-UBND", "admin", ("whitespace",)),
     ("490/QĐTTg", "490/QĐ-TTg", "admin", ("missing-hyphen",)),
     ("13/2017/NQ-HĐND", "13/2017/NQ-HĐND", "regulatory", ()),
     ("1598/SNN-PTNT", "1598/SNN-PTNT", "letter", ()),
     ("04-CTr/TU", "04-CTr/TU", "party", ()),
     ("2366/QĐ-UBND", "2366/QĐ-UBND", "admin", ())],
)
def test_parse_number(printed: str, canonical: str, form: str, problems: tuple[str, ...]) -> None:
    n = parse_number(printed)
    assert (n.canonical, n.form, n.problems) == (canonical, form, problems)


def test_unparseable_number() -> None:
    n = parse_number("số 12 ngày")
    assert "unparseable" in n.problems and n.number is None


def test_national_issuers() -> None:
    assert parse_number("490/QĐ-TTg").national
    assert not parse_number("192/KH-UBND").national


def test_type_code_for() -> None:
    assert type_code_for("Kế hoạch") == "KH"
    assert type_code_for("Quyết định") == "QĐ"


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(sorted(TYPE_CODES)),
       st.sampled_from(["UBND", "TTg", "HĐND", "BNNPTNT", "VPCP"]), st.sampled_from(["", " ", "  "]))
def test_spacing_never_changes_the_number(number: int, code: str, issuer: str, space: str) -> None:
    clean = parse_number(f"{number}/{code}-{issuer}")
    spaced = parse_number(f"{number}{space}/{space}{code}-{issuer}")
    assert spaced.key == clean.key
    assert clean.problems == ()
