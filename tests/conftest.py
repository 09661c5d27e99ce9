"""Every test starts in English unless it asks for Vietnamese.

Tests of English output then pass under any locale (CI runs the suite under ``LANG=C.UTF-8``
and ``LANG=vi_VN.UTF-8``); tests of Vietnamese output say ``--lang vi`` or set the language.
Tests of how the language is chosen pass their own environment to ``ocopctl.i18n.resolve``
or to a subprocess.

English is pinned twice: for the whole session, when this file is imported (before pytest imports
the test modules, and so the command line whose help texts are told at import, and before module-
and session-scoped fixtures run, which start before any per-test fixture), and again for each test,
which may change the language.

The suite never writes ocopctl's cache into the repository: every run, in process or in a
subprocess, keeps it in a temporary folder (``OCOPCTL_CACHE_DIR``), removed at the end.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from ocopctl import i18n

_FOLDER = tempfile.mkdtemp(prefix="ocopctl-test-cache-")
os.environ["OCOPCTL_CACHE_DIR"] = _FOLDER
atexit.register(shutil.rmtree, _FOLDER, True)

os.environ["OCOPCTL_LANG"] = "en"
i18n.set_language("en")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OCOPCTL_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
