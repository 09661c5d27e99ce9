"""Every test starts in English unless it asks for Vietnamese.

Tests of English output then pass under any locale (CI runs the suite under ``LANG=C.UTF-8``
and ``LANG=vi_VN.UTF-8``); tests of Vietnamese output say ``--lang vi`` or set the language.
Tests of how the language is chosen pass their own environment to ``ocopctl.i18n.resolve``
or to a subprocess.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ocopctl import i18n


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OCOPCTL_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
