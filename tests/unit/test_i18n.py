"""The Vietnamese catalog: complete, placeholders intact, and never stale against the source."""

from __future__ import annotations

import gettext
import io
import pickle
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ocopctl import i18n
from ocopctl.checkdocs import prose
from ocopctl.checks import all_checks
from ocopctl.i18n import Msg, Number, format_number, localized
from ocopctl.i18n_extract import ExtractionError, check_docs

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "ocopctl" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "ocopctl.po"
MO = LOCALE / "vi" / "LC_MESSAGES" / "ocopctl.mo"
POT = LOCALE / "ocopctl.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "Msg": None}  # pybabel's, with tools/catalog.sh's -k Msg -k N_


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def _source_ids(root: Path = ROOT) -> set[str | tuple[str, ...]]:
    """The message ids pybabel extracts, by babel.cfg's own method map (as tools/catalog.sh does)."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            root, method_map=method_map, options_map=options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.fixture(scope="module")
def po() -> Catalog:
    with PO.open("rb") as fh:
        return read_po(fh)


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _translated(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a message, one per plural form otherwise."""
    if isinstance(message.id, str):
        return [(message.id, str(message.string))]
    return [(message.id[-1], form) for form in message.string]


def test_the_template_holds_exactly_the_messages_of_the_source() -> None:
    with POT.open("rb") as fh:
        template = _ids(read_po(fh))
    source = _source_ids()
    assert source - template == set(), "messages missing from ocopctl.pot: run tools/catalog.sh"
    assert template - source == set(), "messages in ocopctl.pot no longer in the source: run tools/catalog.sh"


def test_every_message_has_its_vietnamese_text(po: Catalog) -> None:
    assert _ids(po) == _source_ids(), "ocopctl.po is stale against the source: run tools/catalog.sh"
    untranslated = [m.id for m in po if m.id and (m.fuzzy or not all(s for _i, s in _translated(m)))]
    assert untranslated == []


def test_no_translation_drops_or_renames_a_placeholder(po: Catalog) -> None:
    mismatched = [(source, text) for m in po if m.id for source, text in _translated(m)
                  if _fields(source) != _fields(text)]
    assert mismatched == []


def test_the_compiled_catalog_is_the_catalog(po: Catalog) -> None:
    buf = io.BytesIO()
    write_mo(buf, po)
    fresh = gettext.GNUTranslations(io.BytesIO(buf.getvalue()))
    with MO.open("rb") as fh:
        committed = gettext.GNUTranslations(fh)
    assert committed._catalog == fresh._catalog, "ocopctl.mo is stale: run tools/catalog.sh"  # type: ignore[attr-defined]


def test_the_placeholder_check_catches_a_renamed_placeholder() -> None:
    broken = Message("task {task} has no lead agency", "nhiệm vụ {nhiem_vu} chưa có cơ quan chủ trì")
    assert [s for s, t in _translated(broken) if _fields(s) != _fields(t)]


# The explanations of the diagnostic codes (ocopctl.i18n_extract, declared in babel.cfg).

OC501 = ("A product group that the regulation in force does not have: 490/1048 groups (\"thảo dược\", "
         "\"vải và may mặc\" ...) after 148/QĐ-TTg took effect on 24/02/2023, or 148's groups before. "
         "The date is the product's latest rating, or the listing document's date.")

NEW_CHECK = '''
from ocopctl.checks import check
from ocopctl.diagnostics import Severity


@check(("OC999", "brand-new-check", Severity.WARNING))
def brand_new(repo, ctx):
    """A brand new check that nobody has
    translated yet.

    Fails::

        lead: [nobody]
    """
    return iter(())
'''


def test_the_extraction_finds_each_paragraph_of_a_check_and_leaves_the_example_out() -> None:
    ids = _source_ids()
    assert OC501 in ids
    assert "Fails (document dated 2024)::" in ids
    assert not [i for i in ids if isinstance(i, str) and "Trà túi lọc" in i]  # OC501's example is code
    assert "A Vietnamese decimal such as 75,4 inside a [...] list, which YAML splits in two." in ids  # a load code


def test_every_paragraph_of_every_code_is_extracted() -> None:
    ids = _source_ids()
    missing = [(c.code, p) for c in all_checks() for p in prose(c.doc or c.summary) if p not in ids]
    assert missing == []


def test_a_new_check_without_vietnamese_fails_the_catalog_tests(tmp_path: Path, po: Catalog) -> None:
    module = tmp_path / "ocopctl" / "checks" / "brand_new.py"
    module.parent.mkdir(parents=True)
    module.write_text(NEW_CHECK, encoding="utf-8")
    found = _source_ids(tmp_path)
    assert found == {"A brand new check that nobody has translated yet.", "Fails::"}
    assert "A brand new check that nobody has translated yet." not in _ids(po)  # so the coverage test fails


def test_a_load_code_summary_that_is_not_a_literal_is_refused() -> None:
    source = 'register_load_code("OC099", "x", Severity.ERROR, f"over {LIMIT} values")\n'
    with pytest.raises(ExtractionError, match="literal"):
        list(check_docs(source, "x.py"))


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, "en"),  # the first variable set decides, as POSIX says
    ({"LC_MESSAGES": "vi_VN", "LANG": "en_US"}, "vi"),
    ({"OCOPCTL_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"OCOPCTL_LANG": "vi"}, "vi"),
])
def test_the_environment_chooses_the_language(env: dict[str, str], expected: str) -> None:
    assert i18n.resolve(None, None, env) == expected


def test_option_then_configuration_then_environment() -> None:
    env = {"OCOPCTL_LANG": "vi"}
    assert i18n.resolve("en", "vi", env) == "en"
    assert i18n.resolve(None, "en", env) == "en"
    assert i18n.resolve(None, None, env) == "vi"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(i18n.LanguageError, match="use vi or en"):
        i18n.resolve(None, None, {"OCOPCTL_LANG": "fr"})


def test_lang_may_follow_the_command() -> None:
    from ocopctl.cli.main import _lang_first

    assert _lang_first(["report", "--quarter", "Q3-2018", "--lang", "vi"]) == [
        "--lang", "vi", "report", "--quarter", "Q3-2018"]
    assert _lang_first(["validate", "--", "--lang", "vi"]) == ["validate", "--", "--lang", "vi"]


def test_a_message_is_its_english_text_and_tells_itself_in_vietnamese() -> None:
    m = Msg("task {task} ({title}) has no lead agency", task="'t1'", title="Hội nghị")
    assert m == "task 't1' (Hội nghị) has no lead agency"
    assert m.localized("vi") == "nhiệm vụ 't1' (Hội nghị) chưa có cơ quan chủ trì"
    assert pickle.loads(pickle.dumps(m)).localized("vi") == m.localized("vi")


def test_numbers_and_dates_in_messages_follow_the_language() -> None:
    assert localized(Number(1330.5), "vi") == "1.330,5"
    assert localized(Number(1330.5), "en") == "1,330.5"
    assert localized(date(2018, 10, 15), "vi") == "15/10/2018"
    assert localized(date(2018, 10, 15), "en") == "2018-10-15"


@pytest.mark.parametrize("value", [0, 7, 1330, 1234567, 75.4, 0.5, 51804.25, -1330])
def test_vietnamese_separators_are_cldrs(value: float) -> None:
    assert format_number(value, None, "vi") == format_decimal(value, locale="vi")
    assert format_number(value, None, "en") == format_decimal(value, locale="en")
