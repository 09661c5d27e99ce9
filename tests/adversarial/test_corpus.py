"""One test per case of the corpus; the cases run in parallel subprocesses, once per session
(the ``outcomes`` fixture), and each test reports its own case."""

from __future__ import annotations

import pytest

from .cases import Case, all_cases
from .runner import Outcome

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.id]
    assert outcome.ok, outcome.report()


def test_corpus_covers_every_class_and_command() -> None:
    from .cases import CLASSES, by_class

    assert len(CASES) >= 170
    assert all(by_class(CASES)[k] for k in CLASSES), "every class of the issue has cases"
    commands = {c.command for c in CASES}
    for command in ("validate", "period", "report", "deadlines", "owners", "calendar", "products list",
                    "products stats", "rewards", "import", "export", "render", "schema", "checks"):
        assert command in commands, f"no case runs {command}"
