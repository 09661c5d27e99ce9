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
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ocopctl import i18n
from ocopctl.i18n import Msg, Number, format_number, localized

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "ocopctl" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "ocopctl.po"
MO = LOCALE / "vi" / "LC_MESSAGES" / "ocopctl.mo"
POT = LOCALE / "ocopctl.pot"
KEYWORDS = {"_": None, "N_": None, "Msg": None, "ngettext": (1, 2)}


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def _source_ids() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map=[("ocopctl/**.py", "python"), ("templates/report.*.j2", "jinja2"),
                              ("templates/products_stats.html.j2", "jinja2")], keywords=KEYWORDS):
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
