"""The pre-commit hook of ``.pre-commit-hooks.yaml``, run by pre-commit itself on a plan repository.

pre-commit builds the hook's environment by pip-installing this repository (its dependencies
from the package index), so the first run takes some 20-40 s; both runs share one environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
HOOK = "ocopctl-validate"
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="pre-commit needs git, which is not installed")

# a clean progress report of Hải Phòng and the agencies it names; the plan itself has real findings
CLEAN = ["plans/hai-phong/agencies.yaml", "plans/hai-phong/progress/2018-h2/hp-sct.yaml",
         "plans/national/agencies.yaml"]


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(home / "pre-commit-home"), NO_COLOR="1")
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> None:
    assert GIT is not None
    subprocess.run([GIT, "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, check=True,
                   capture_output=True)


def commit_all(folder: Path, env: dict[str, str]) -> None:
    git(folder, env, "init", "-q")
    git(folder, env, "add", "-A")
    git(folder, env, "commit", "-q", "--no-verify", "-m", "snapshot")


def snapshot_of_this_repository(dest: Path, env: dict[str, str]) -> Path:
    """This working tree as it is now (uncommitted changes included), committed once in a new repository,
    so that both runs use the same revision and so the same hook environment."""
    assert GIT is not None
    listed = subprocess.run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "benchmarks/", "docs/images/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    commit_all(dest, env)
    return dest


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict[str, str]]]:
    base = tmp_path_factory.mktemp("precommit")
    env = git_env(base)
    hook_repo = snapshot_of_this_repository(base / "ocopctl", env)
    plans = base / "plans-repo"
    for province in ("hai-phong", "national"):
        shutil.copytree(ROOT / "plans" / province, plans / "plans" / province)
    broken = plans / "plans/hai-phong/progress/2018-h2/hp-broken.yaml"
    broken.write_text((ROOT / CLEAN[1]).read_text(encoding="utf-8").replace("agency: hp-sct", "agency: hp-khong-co"),
                      encoding="utf-8")
    commit_all(plans, env)
    yield hook_repo, plans, env


def try_repo(repos: tuple[Path, Path, dict[str, str]], *files: str) -> subprocess.CompletedProcess[str]:
    hook_repo, plans, env = repos
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), HOOK, "--files", *files],
                          cwd=plans, env=env, capture_output=True, text=True, timeout=600)


def test_hook_passes_clean_files(repos: tuple[Path, Path, dict[str, str]]) -> None:
    run = try_repo(repos, *CLEAN)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ocopctl validate" in run.stdout and "Passed" in run.stdout


def test_hook_fails_on_a_broken_file_with_its_location(repos: tuple[Path, Path, dict[str, str]]) -> None:
    run = try_repo(repos, CLEAN[0], "plans/hai-phong/progress/2018-h2/hp-broken.yaml")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Failed" in run.stdout
    # the repository context is loaded: the agencies file passed is not blamed, the broken reference is
    assert "plans/hai-phong/progress/2018-h2/hp-broken.yaml:6:" in run.stdout, run.stdout
    assert "hp-khong-co" in run.stdout
    assert "plans/hai-phong/agencies.yaml:" not in run.stdout


def test_init_repository_passes_pre_commit_run_all_files(repos: tuple[Path, Path, dict[str, str]],
                                                          tmp_path: Path) -> None:
    """The issue's done-when: ``ocopctl init`` then ``git init && pre-commit run --all-files`` passes. The
    generated configuration names the placeholder URL; here it is pointed at this repository's snapshot."""
    hook_repo, _, env = repos
    assert GIT is not None
    target = tmp_path / "x"
    subprocess.run([sys.executable, "-m", "ocopctl", "init", str(target), "--province", "Hải Phòng"], check=True,
                   capture_output=True, env=env)
    config = target / ".pre-commit-config.yaml"
    from ocopctl.init import HOOK_REPO

    text = config.read_text(encoding="utf-8")
    assert f"repo: {HOOK_REPO}" in text and "id: ocopctl-validate" in text
    rev = subprocess.run([GIT, "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True,
                         text=True).stdout.strip()
    text = text.replace(HOOK_REPO, str(hook_repo))
    config.write_text("\n".join(f"    rev: {rev}" if line.strip().startswith("rev:") else line
                                for line in text.splitlines()) + "\n", encoding="utf-8")
    git(target, env, "init", "-q")
    git(target, env, "add", "-A")
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=target, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ocopctl validate" in run.stdout and "Passed" in run.stdout
