"""Two languages for everything ocopctl says: Vietnamese (``vi``) and English (``en``).

English is the source language: a message id is its English text, with parameters placed by
name (``"task {task} has no lead agency"``), because Vietnamese orders words differently.
The Vietnamese texts live in a gettext catalog managed with Babel::

    pybabel extract -F babel.cfg -k Msg -k N_ --no-location --sort-output -o ocopctl/locale/ocopctl.pot .
    pybabel update -i ocopctl/locale/ocopctl.pot -d ocopctl/locale -D ocopctl -l vi --no-fuzzy-matching
    pybabel compile -d ocopctl/locale -D ocopctl

The compiled ``.mo`` is committed; ``tests/unit/test_i18n.py`` fails when it, the catalog or
the template is stale, when a message lacks its Vietnamese text, or when a translation drops
or renames a placeholder. Reading the catalog uses the standard library only, so that
``ocopctl --help`` stays fast.

The language in force is chosen by ``--lang``, then the configuration's ``lang``, then
``OCOPCTL_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with
``vi``), else English. Codes, names, JSON keys and exit codes never change with it.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final

LANGS: Final = ("vi", "en")
DOMAIN: Final = "ocopctl"
LOCALE_DIR: Final = Path(__file__).parent / "locale"

_current = "en"
_chosen_by_option = False


class LanguageError(ValueError):
    """A language ocopctl does not speak; the message is one line, in English and Vietnamese."""


def normalize(text: str) -> str:
    """``vi``, ``vi_VN.UTF-8``, ``VI`` -> ``vi``; ``en_US`` -> ``en``; anything else is refused."""
    head = re.split(r"[_.@-]", text.strip(), maxsplit=1)[0].lower()
    if head not in LANGS:
        raise LanguageError(f"unknown language {text!r}: use vi or en (ngôn ngữ không hỗ trợ: dùng vi hoặc en)")
    return head


def from_environment(env: Mapping[str, str] | None = None) -> str | None:
    """``OCOPCTL_LANG``, else the locale: the language they ask for, or ``None`` when they say nothing.

    An ``OCOPCTL_LANG`` ocopctl does not speak is refused (``LanguageError``); a locale that is not
    Vietnamese means English, as the locale is the machine's, not a request to ocopctl.
    """
    env = os.environ if env is None else env
    asked = env.get("OCOPCTL_LANG", "").strip()
    if asked:
        return normalize(asked)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if value:  # the first one set decides, as POSIX says
            return "vi" if value.lower().startswith("vi") else None
    return None


def resolve(option: str | None = None, configured: str | None = None,
            env: Mapping[str, str] | None = None) -> str:
    """The language in force: ``--lang``, then the configuration, then the environment, else English."""
    for asked in (option, configured):
        if asked:
            return normalize(asked)
    return from_environment(env) or "en"


def set_language(lang: str, *, by_option: bool = False) -> None:
    """Make ``lang`` the language in force; ``by_option`` when ``--lang`` chose it (the configuration
    then does not override it)."""
    global _current, _chosen_by_option
    _current = normalize(lang)
    _chosen_by_option = by_option


def apply_configured(configured: str | None, env: Mapping[str, str] | None = None) -> None:
    """The configuration's ``lang`` takes over from the environment, unless ``--lang`` was given."""
    if not _chosen_by_option:
        set_language(resolve(None, configured, env))


def from_argv(argv: list[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` before a ``--``, if any (checked later, by the option)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def chosen_by_option() -> bool:
    """Whether ``--lang`` chose the language in force."""
    return _chosen_by_option


def language() -> str:
    return _current


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    try:
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    except OSError:  # a broken install: say it in English rather than crash
        return _gettext.NullTranslations()


def translate(msgid: str, lang: str | None = None) -> str:
    """The text of ``msgid`` in ``lang`` (the language in force by default)."""
    return _catalog(lang or _current).gettext(msgid)


def _(msgid: str) -> str:
    """``msgid`` in the language in force, now (for text shown once, such as a one-line error)."""
    return translate(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for ``n`` in the language in force (Vietnamese has one form)."""
    return _catalog(_current).ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalog without translating it yet (for tables built at import time)."""
    return msgid


class Msg(str):
    """A message that is its English text as a ``str`` and can be told in either language.

    ``Msg("task {task} has no lead agency", task="'t1'")`` is equal to the English text, so that
    sorting, suppressions and ``--lang en`` see exactly what they always saw; formatters call
    ``localized`` to print it in the language in force. Parameters may be messages or numbers
    themselves: they are told in the same language.
    """

    msgid: str
    params: Mapping[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Msg:
        self = super().__new__(cls, msgid.format(**{k: _en(v) for k, v in params.items()}) if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.msgid, dict(self.params)))

    def localized(self, lang: str | None = None) -> str:
        lang = lang or _current
        if lang == "en":
            return str.__str__(self)
        return translate(self.msgid, lang).format(**{k: localized(v, lang) for k, v in self.params.items()})


def _rebuild(msgid: str, params: dict[str, Any]) -> Msg:
    return Msg(msgid, **params)


def _en(value: Any) -> str:
    return localized(value, "en")


def localized(value: Any, lang: str | None = None) -> str:
    """Any text or value as the language in force tells it: messages translated, numbers and dates formatted."""
    lang = lang or _current
    if isinstance(value, Msg):
        return value.localized(lang)
    if isinstance(value, (Number, Joined, IsoDay)):
        return value.localized(lang)
    if isinstance(value, date) and lang == "vi":
        return format_date(value, lang)
    return str(value)


class Number:
    """A number that a message prints with the separators of its language (1,330.5 / 1.330,5)."""

    __slots__ = ("decimals", "value")

    def __init__(self, value: int | float | Decimal, decimals: int | None = None) -> None:
        self.value = value
        self.decimals = decimals

    def localized(self, lang: str | None = None) -> str:
        return format_number(self.value, self.decimals, lang)

    def __str__(self) -> str:
        return self.localized("en")


def format_number(value: int | float | Decimal, decimals: int | None = None, lang: str | None = None) -> str:
    """``1330.5`` -> ``1,330.5`` in English and ``1.330,5`` in Vietnamese (CLDR's separators for vi).

    ``decimals`` fixes the digits after the point; otherwise a whole number has none and a
    fraction keeps its own. A test compares this with Babel's ``format_decimal``.
    """
    lang = lang or _current
    if decimals is None:
        text = f"{value:,}" if isinstance(value, int) else f"{Decimal(str(value)).normalize():,f}"
    else:
        text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def count(n: int, lang: str | None = None) -> str:
    """A count as a sentence says it: ``1330`` in English output (as it always was), ``1.330`` in Vietnamese."""
    return format_number(n, None, lang) if (lang or _current) == "vi" else str(n)


def format_percent(value: float, decimals: int = 1, lang: str | None = None) -> str:
    """``75.4`` -> ``75.4%`` in English and ``75,4%`` in Vietnamese."""
    return format_number(value, decimals, lang) + "%"


def format_date(day: date, lang: str | None = None) -> str:
    """``15/10/2018`` in Vietnamese, as the documents print dates; ISO ``2018-10-15`` in English."""
    lang = lang or _current
    from ocopctl import vn  # here, not at the top: vn's messages are Msg, so vn imports this module

    if lang == "vi" and isinstance(day, vn.MonthDate | vn.YearDate):  # known to the month or year only
        return vn.format_date_vn(day)
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if lang == "vi" else day.isoformat()


class Count(Number):
    """A count in a message: ``1330`` in English (as messages always printed it), ``1.330`` in Vietnamese."""

    __slots__ = ()

    def __init__(self, value: int) -> None:
        super().__init__(value)

    def localized(self, lang: str | None = None) -> str:
        return count(int(self.value), lang)


class Joined:
    """Messages listed in a message, each told in the message's language: ``Joined(problems, "; ")``."""

    __slots__ = ("items", "sep")

    def __init__(self, items: list[Any], sep: str = ", ") -> None:
        self.items = list(items)
        self.sep = sep

    def localized(self, lang: str | None = None) -> str:
        return self.sep.join(localized(item, lang) for item in self.items)

    def __str__(self) -> str:
        return self.localized("en")


class IsoDay:
    """A day that English messages print as ISO ``2018-10-01`` and Vietnamese as documents write it, ``1/10/2018``."""

    __slots__ = ("day",)

    def __init__(self, day: date) -> None:
        self.day = day

    def localized(self, lang: str | None = None) -> str:
        d = self.day
        return f"{d.day}/{d.month}/{d.year}" if (lang or _current) == "vi" else d.isoformat()

    def __str__(self) -> str:
        return self.localized("en")
