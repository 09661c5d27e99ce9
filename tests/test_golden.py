"""The encoded seeds' full diagnostic output matches the reviewed golden files.

After a deliberate change, run ``python tests/golden/regenerate.py`` and review the diff.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
_spec = importlib.util.spec_from_file_location("regenerate", GOLDEN / "regenerate.py")
assert _spec and _spec.loader
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    result: dict[str, str] = regenerate.seed_outputs()
    return result


@pytest.mark.parametrize("name", ["validate.txt", "validate.json", "validate.vi.txt", "validate.vi.json",
                                  "validate.vi.github.txt", "validate.vi.sarif-results.json"])
def test_seed_diagnostics_match_golden(outputs: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert outputs[name] == expected, "run 'python tests/golden/regenerate.py' and review the diff"
