"""``ocopctl init``: a new plan repository that validates on day one, never overwriting a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocopctl.cli import app
from ocopctl.init import province

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_init_then_validate_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "x"
    code, out = invoke("init", str(repo), "--province", "Hải Phòng")
    assert code == 0, out
    for name in ("plans/hai-phong/agencies.yaml", "plans/national/agencies.yaml", "schemas/agencies.schema.json",
                 ".ocopctl.yaml", ".pre-commit-config.yaml", ".github/workflows/plans.yml", ".gitignore",
                 "README.md"):
        assert (repo / name).is_file(), name
    agencies = (repo / "plans/hai-phong/agencies.yaml").read_text(encoding="utf-8")
    assert "Sở Nông nghiệp và Môi trường" in agencies and "valid_from: 2025-03-01" in agencies
    assert "successor: hp-snnmt" in agencies and "Văn phòng Điều phối nông thôn mới" in agencies
    assert "ocopctl validate" in (repo / "README.md").read_text(encoding="utf-8")
    assert "rendered/" in (repo / ".gitignore").read_text(encoding="utf-8")
    monkeypatch.chdir(repo)
    code, out = invoke("validate", "--strict")
    assert code == 0, out
    assert "0 errors, 0 warnings, 0 infos" in out


def test_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, out = invoke("init", str(tmp_path), "--province", "Hải Phòng")
    assert code == 2
    assert "is not empty; pass --force" in out and len(out.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ours\n", encoding="utf-8")
    (tmp_path / "plans/hai-phong").mkdir(parents=True)
    (tmp_path / "plans/hai-phong/agencies.yaml").write_text("kind: agencies\n", encoding="utf-8")
    code, out = invoke("init", str(tmp_path), "--province", "Hải Phòng", "--force")
    assert code == 0, out
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert (tmp_path / "plans/hai-phong/agencies.yaml").read_text(encoding="utf-8") == "kind: agencies\n"
    assert "kept" in out and (tmp_path / ".ocopctl.yaml").is_file()


def test_province_names() -> None:
    assert province("tỉnh  Hòa Bình") == province("Hòa Bình")
    p = province("Hòa Bình")
    assert (p.name, p.slug, p.prefix, p.unit) == ("Hòa Bình", "hoa-binh", "hb", "tỉnh")
    p = province("Thành phố Hồ Chí Minh")
    assert (p.name, p.slug, p.prefix, p.unit) == ("Hồ Chí Minh", "ho-chi-minh", "hcm", "thành phố")


def test_province_is_required(tmp_path: Path) -> None:
    code, out = invoke("init", str(tmp_path / "y"))
    assert code == 2 and "--province is required" in out
    code, out = invoke("init", str(tmp_path / "y"), "--province", "123")
    assert code == 2 and "not a province" in out


@pytest.mark.parametrize("name", ["Hà Nội\nkind: document", "[/]|=cmd", "Hải Phòng\t2", "=HYPERLINK(1)"])
def test_a_careless_or_hostile_province_name_is_refused(tmp_path: Path, name: str) -> None:
    """A line break or a sign no province name has is refused, not written into agencies.yaml."""
    code, out = invoke("init", str(tmp_path / "y"), "--province", name)
    assert code == 2 and "not a province's name" in out and len(out.strip().splitlines()) == 1
    assert not (tmp_path / "y").exists()
