"""An installed ocopctl carries its schemas and templates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ocopctl.schemas import bundled_schema_dir, schema_texts

ROOT = Path(__file__).parents[2]


def test_source_checkout_finds_schemas() -> None:
    folder = bundled_schema_dir()
    assert sorted(p.name for p in folder.glob("*.schema.json")) == sorted(schema_texts())


def test_wheel_contains_schemas_and_templates(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    [wheel] = tmp_path.glob("ocopctl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for schema in schema_texts():
        assert f"ocopctl/data/schemas/{schema}" in names
    assert any(n.startswith("ocopctl/data/templates/") for n in names)
    for template in ("document.j2", "_nd30.j2", "approval.j2", "recognition.j2", "progress_report.j2",
                     "format.docx.j2", "format.html.j2", "format.md.j2", "page.docx.j2", "page.html.j2",
                     "page.md.j2"):
        assert f"ocopctl/data/templates/{template}" in names
    assert "ocopctl/cli/main.py" in names


def test_sdist_builds_a_wheel_with_schemas_and_templates(tmp_path: Path) -> None:
    """The sdist holds what its own wheel needs: the wheel pip builds from it carries the data."""
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    [sdist] = tmp_path.glob("ocopctl-*.tar.gz")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
                    "-w", str(tmp_path / "dist"), str(sdist)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("ocopctl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert all(f"ocopctl/data/schemas/{schema}" in names for schema in schema_texts())
    assert "ocopctl/data/templates/document.j2" in names


# --- the wheel installed into a fresh virtual environment, run outside the source tree ---------------------
#
# A plain venv (no --system-site-packages, so a dependency missing from pyproject.toml fails here) into which
# pip installs the wheel with its dependencies from the package index: about 15-20 s with pip's cache.


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONSAFEPATH")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the venv's bin folder, a working folder outside the source tree holding a copy of plans/)."""
    base = tmp_path_factory.mktemp("wheel")
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(ROOT)],
                   check=True, capture_output=True, env=env)
    [wheel] = (base / "dist").glob("ocopctl-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, env=env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, env=env, timeout=600)
    work = base / "work"
    shutil.copytree(ROOT / "plans", work / "plans")
    return bin_dir, work


def _run(installed: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    bin_dir, work = installed
    return subprocess.run([str(bin_dir / "ocopctl"), *args], cwd=work, env={**_clean_env(), "NO_COLOR": "1"},
                          capture_output=True, text=True, timeout=300)


def test_installed_wheel_runs_from_its_own_site_packages(installed: tuple[Path, Path]) -> None:
    bin_dir, work = installed
    code = ("import ocopctl, ocopctl.resources as r; "
            "print(ocopctl.__file__); print(r.data_dir('schemas')); print(r.template_dir())")
    shown = subprocess.run([str(bin_dir / "python"), "-c", code], cwd=work, env=_clean_env(), check=True,
                           capture_output=True, text=True).stdout.split("\n")
    for line in shown[:3]:
        assert Path(line).exists() and Path(line).is_relative_to(bin_dir.parent), line
        assert not Path(line).is_relative_to(ROOT), line
    assert _run(installed, "--version").stdout.strip() == "ocopctl 0.1.0"


def test_installed_wheel_validates_the_seeds_as_the_checkout_does(installed: tuple[Path, Path]) -> None:
    run = _run(installed, "validate", "plans", "--today", "2026-01-01", "--format", "json")
    assert run.returncode == 1, run.stderr  # the seeds' published mistakes
    assert run.stdout == (ROOT / "tests/golden/validate.json").read_text(encoding="utf-8")
    clean = _run(installed, "validate", "plans/hai-phong/progress/2018-h2/hp-sct.yaml")
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_installed_wheel_finds_its_schemas_and_templates(installed: tuple[Path, Path]) -> None:
    _, work = installed
    assert _run(installed, "schema", "-o", "schemas").returncode == 0
    assert _run(installed, "schema", "--check", "-o", "schemas").returncode == 0
    for name, text in schema_texts().items():
        assert (work / "schemas" / name).read_text(encoding="utf-8") == text
    run = _run(installed, "render", "plans/hai-phong/2018-192-kh-ubnd.yaml", "--to", "md", "-o", "rendered")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "KẾ HOẠCH" in (work / "rendered/hai-phong/2018-192-kh-ubnd.md").read_text(encoding="utf-8").upper()
