"""Regenerate the golden files from the encoded seeds. Review the diff before committing.

    python tests/golden/regenerate.py
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
TODAY = date(2026, 1, 1)


def seed_outputs() -> dict[str, str]:
    """``ocopctl validate plans/`` as text and as JSON, in English and in Vietnamese, run from the
    repository root; in Vietnamese also as GitHub annotations and SARIF results (without the rules,
    whose help is the checks' documentation)."""
    sys.path.insert(0, str(ROOT))
    import json

    from ocopctl import api, formatters, i18n
    from ocopctl.checks import Context
    from ocopctl.formatters import ci

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = api.validate([Path("plans")], Context(today=TODAY))
    finally:
        os.chdir(cwd)
    before = i18n.language()
    outputs = {}
    try:
        for lang, suffix in (("en", ""), ("vi", ".vi")):
            i18n.set_language(lang)
            outputs[f"validate{suffix}.txt"] = formatters.to_text(result, width=200)
            outputs[f"validate{suffix}.json"] = formatters.to_json(result)
        i18n.set_language("vi")
        outputs["validate.vi.github.txt"] = formatters.to_github(result)
        results = json.loads(ci.to_sarif(result))["runs"][0]["results"]
        outputs["validate.vi.sarif-results.json"] = json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    finally:
        i18n.set_language(before)
    return outputs


if __name__ == "__main__":
    for name, text in seed_outputs().items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(GOLDEN / name)
