"""Rendering an encoded seed document reproduces the published text (>= 95% of its lines).

A seed whose encoded document is missing or does not load fails: nothing is skipped.
The measure is ocopctl.fidelity's; `python benchmarks/fidelity.py --missing` shows the detail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ocopctl import fidelity
from ocopctl.render import FORMATS

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "tests" / "data" / "seeds"


@pytest.mark.parametrize("prefix", sorted(fidelity.SEEDS))
def test_rendering_reproduces_the_published_text(prefix: str) -> None:
    scores = fidelity.measure(prefix, SEEDS, ROOT)
    assert set(scores) == set(FORMATS)
    for fmt, score in scores.items():
        assert score.share >= fidelity.THRESHOLD, (
            f"seed {prefix} as {fmt}: {score.found}/{score.total} lines; missing:\n" + "\n".join(score.missing))


def test_normalisation_drops_markup_but_not_words() -> None:
    assert fidelity.normalise("| **PHÂN CÔNG** | *Hải Phòng* |\t(<i>x</i>)") == "phân công hải phòng (x)"
    assert fidelity.normalise("## I. MỤC TIÊU") == "i. mục tiêu"
    assert fidelity.normalise("a<br>b") == "a b"


def test_the_website_tail_of_seed_003_is_left_out() -> None:
    text = "Điều 3: thi hành.\n\n- 1 Quyết định 2279/QĐ-UBND năm 2018 về ...\n- 2 Quyết định 851/QĐ-UBND\n"
    assert fidelity.seed_lines(text) == ["điều 3: thi hành."]


def test_a_line_counts_only_when_found_whole() -> None:
    s = fidelity.score("Số: 192 /KH-UBND\nKẾ HOẠCH\nPhụ lục 03\n", "| Số: 192 /KH-UBND | x |\n# KẾ HOẠCH\n")
    assert (s.found, s.total, s.missing) == (2, 3, ["phụ lục 03"])


def test_a_missing_encoded_document_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fidelity.measure("000", SEEDS, tmp_path)
