"""Every check code has on-disk cases: ``tests/cases/<CODE>/<pass|fail>-<name>/``.

A case folder is a small plan repository, loaded together with ``tests/cases/_base``.
A case may hold a file ``today`` with the date to check against (default 2018-09-01).
A pass case must produce no diagnostic at all. A fail case lists, in its file
``expected``, every diagnostic it must produce as ``CODE@line:column``, and
must produce exactly those.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ocopctl import api
from ocopctl.checks import Context, all_checks

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"
CASE_DIRS = sorted(p for p in CASES.glob("OC*/*") if p.is_dir())


def _run(case: Path) -> list[str]:
    today_file = case / "today"
    today = date.fromisoformat(today_file.read_text().strip()) if today_file.exists() else date(2018, 9, 1)
    result = api.validate([BASE, case], Context(today=today))
    return [f"{d.code}@{d.line}:{d.column}" for d in result.diagnostics]


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path) -> None:
    found = _run(case)
    if case.name.startswith("pass-"):
        assert found == [], f"a pass case must be clean, got {found}"
    else:
        expected = (case / "expected").read_text().split()
        assert sorted(found) == sorted(expected)
        assert any(e.startswith(case.parent.name + "@") for e in expected), "a fail case must fail its own code"


def test_every_code_has_a_pass_and_a_fail_case() -> None:
    for info in all_checks():
        names = [p.name for p in (CASES / info.code).glob("*")] if (CASES / info.code).is_dir() else []
        assert any(n.startswith("pass-") for n in names), f"{info.code} has no pass case"
        assert any(n.startswith("fail-") for n in names), f"{info.code} has no fail case"


def test_case_folders_name_registered_codes() -> None:
    codes = {info.code for info in all_checks()}
    for folder in CASES.glob("OC*"):
        assert folder.name in codes, f"{folder.name} is not a registered code"
