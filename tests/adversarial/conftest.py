"""Runs the selected cases of the corpus once, in parallel, and prints the tally at the end."""

from __future__ import annotations

import pytest

from .cases import Case
from .runner import Outcome, run_all
from .summary import tally_lines

_RESULTS: dict[str, Outcome] = {}


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    if not _RESULTS:
        # other tests take a parameter named "case" too (tests/test_cases.py): only the corpus's
        selected = [item.callspec.params["case"] for item in request.session.items
                    if hasattr(item, "callspec") and isinstance(item.callspec.params.get("case"), Case)]
        _RESULTS.update(run_all(selected))
    return _RESULTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _RESULTS:
        terminalreporter.write_sep("-", "adversarial corpus")
        for line in tally_lines(list(_RESULTS.values())):
            terminalreporter.write_line(line)
