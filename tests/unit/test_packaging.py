"""An installed ocopctl carries its schemas and templates."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

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
