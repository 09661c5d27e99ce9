"""The test suite is English under a Vietnamese locale too (tests/conftest.py).

A probe test module runs in a nested pytest under ``LANG=vi_VN.UTF-8`` with no ``OCOPCTL_LANG``: with
the suite's conftest loaded, the command line it imports and its module-scoped fixture see English;
without it they see the locale's Vietnamese, which shows that the probe can see a leak.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = '''
import os

import pytest
from typer.testing import CliRunner

from ocopctl import i18n
from ocopctl.cli.main import app


@pytest.fixture(scope="module")
def seen_by_a_module_fixture():
    return os.environ.get("OCOPCTL_LANG"), i18n.language()


def test_a_module_fixture_starts_in_english(seen_by_a_module_fixture):
    assert seen_by_a_module_fixture == ("en", "en")


def test_the_help_of_the_command_line_is_english():
    out = CliRunner().invoke(app, ["--help"]).output
    assert "Check, report on and render" in out, out
'''


def run_probe(tmp_path: Path, *plugins: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("OCOPCTL_LANG", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="vi_VN.UTF-8", PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "tests"),
                                                                             env.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins,
                           "test_probe.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_the_suite_is_english_under_a_vietnamese_locale(tmp_path: Path) -> None:
    run = run_probe(tmp_path, "-p", "conftest")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout


def test_without_the_suites_conftest_the_probe_sees_vietnamese(tmp_path: Path) -> None:
    run = run_probe(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 failed" in run.stdout, run.stdout
    assert "Kiểm tra" in run.stdout  # the command line's help, told in the locale's language
