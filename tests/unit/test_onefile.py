"""One large file: finding a diagnostic's line must not cost an index of the whole file."""

from __future__ import annotations

import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.loader import PositionIndex, _parse, _positions, load_file, read_text

ROOT = Path(__file__).parents[2]
TRICKY = {
    "nfd-crlf-bom.yaml": "\ufeff" + unicodedata.normalize("NFD", "kind: agencies\r\nprovince: Hải Phòng\r\n"
                                                          "agencies:\r\n  - {id: a, name: Sở Công Thương}\r\n"),
    "anchors.yaml": "a: &x Hội chợ\nb: *x\nc: {? d : e, ~: f, '': g}\nh: [1, [2, {i: j}], &y {k: l}]\nm: *y\n",
    "blocks.yaml": "a: |\n  dòng một\n  dòng hai\nb: >-\n  gấp\n\nc:\n- - x\n  - y\n-\n  z: 1\n",
}


def files(tmp_path: Path) -> list[Path]:
    for name, text in TRICKY.items():
        (tmp_path / name).write_bytes(text.encode())
    return [*sorted((ROOT / "tests" / "cases").rglob("*.yaml")), *sorted((ROOT / "plans").rglob("*.yaml")),
            *sorted(tmp_path.glob("*.yaml"))]


def test_positions_are_those_of_the_full_parse(tmp_path: Path) -> None:
    """The streaming pass finds every key and value where parsing the whole text puts them."""
    checked = 0
    for path in files(tmp_path):
        full = PositionIndex()
        try:
            _parse(read_text(path), full)
        except Exception:  # files of the cases that do not parse are located by the parser itself
            continue
        found = _positions(path, set(full.values) | set(full.keys))
        assert (found.values, found.keys) == (full.values, full.keys), path
        checked += 1
    assert checked > 100


def test_a_finding_in_a_big_file_costs_no_index_of_it(tmp_path: Path) -> None:
    tasks = "".join(f"      - id: t-{i}\n        title: Tổ chức hội nghị tuyên truyền (đợt {i})\n"
                    f"        timeframe: Quý I/2019\n" for i in range(5000))
    path = tmp_path / "big.yaml"
    path.write_text("kind: annex\nparent: p/1\ntitle: Phụ lục\ntables:\n  - kind: task_assignment\n"
                    "    tasks:\n" + tasks, encoding="utf-8")
    f = load_file(path)
    assert f.diagnostics == []
    diag = Diagnostic("OC301", Severity.ERROR, str(path), "x", loc=("tables", 0, "tasks", 4321, "timeframe"))
    tracemalloc.start()
    f.locate(diag)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (diag.line, diag.column) == (7 + 3 * 4321 + 2, 20)
    assert peak < 2_000_000  # an index of every value of this file took 25 MB


@pytest.mark.parametrize("loc", [("tables", 0, "tasks", 99999), ("nowhere",)])
def test_a_path_not_in_the_file_falls_back_to_its_parent(tmp_path: Path, loc: tuple[str | int, ...]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("kind: annex\nparent: p/1\ntables:\n  - kind: task_assignment\n    tasks: []\n", encoding="utf-8")
    diag = Diagnostic("OC005", Severity.ERROR, str(path), "x", loc=loc)
    load_file(path).locate(diag)
    assert (diag.line, diag.column) == ((5, 12) if loc[0] == "tables" else (1, 1))


def test_per_task_records_have_no_instance_dict() -> None:
    """Two records per task (about 600 bytes of dict each at 200,000 tasks: 240 MB)."""
    from ocopctl.api import load_repository
    from ocopctl.tracking import track

    repo, _ = load_repository([ROOT / "tests" / "data" / "report"])
    tracked = track(repo)
    assert tracked and not any(hasattr(t, "__dict__") or hasattr(t.ref, "__dict__") for t in tracked)


def test_only_validate_keeps_the_plain_data() -> None:
    """The checks read a file's plain data; every other command keeps the models alone."""
    from ocopctl.api import load_repository, validate

    repo, _ = load_repository([ROOT / "tests" / "data" / "report"])
    assert repo.files and all(f.data is None for f in repo.files)
    assert all(f.data is not None for f in validate([ROOT / "tests" / "data" / "report"]).files)


def test_xlsx_export_streams_its_rows() -> None:
    """openpyxl's write-only mode: no cell object per cell (an export of 200,000 tasks took 1.1 GB)."""
    from ocopctl.output import xlsx_bytes

    rows = [[str(i), f"t-{i}", f"Tổ chức hội nghị (đợt {i})", "sct", None] for i in range(2000)]
    xlsx_bytes("warm", ["a"], [["b"]])  # openpyxl is imported on first use: not part of the measure
    tracemalloc.start()
    data, _changed = xlsx_bytes("Phụ lục", ["TT", "Mã", "Nội dung", "Cơ quan chủ trì", "Ghi chú"], rows)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert data.startswith(b"PK") and peak < 1_200_000  # 0.45 MB streamed; 3 MB with an object per cell


SHARED_PLAN = """kind: document
id: mau/2018-10-kh-ubnd
type: Kế hoạch
number: 10/KH-UBND
issuer: m-ubnd
province: Tỉnh Mẫu
place: Mẫu
date: 2018-02-05
title: Kế hoạch
period: 2018-2020
annexes:
  - label: Phụ lục 01
    title: PHÂN CÔNG NHIỆM VỤ
    tables:
      - kind: task_assignment
        tasks:
          - {id: t1, tt: '1', title: Một, lead: [m-snn], support: [m-sct], timeframe: Quý III/2018}
          - {id: t2, tt: '2', title: Hai, lead: [m-snn], support: [m-sct], timeframe: Quý III/2018}
"""


def test_tasks_of_a_big_plan_share_what_they_repeat(tmp_path: Path) -> None:
    """Per-task memory of a 200,000-task plan: equal short texts are one object, models given the
    same fields share pydantic's fields-set, and the tracking table shares leads and timeframes."""
    from ocopctl.models import Document, Task
    from ocopctl.repository import Repository
    from ocopctl.tracking import track

    path = tmp_path / "plan.yaml"
    path.write_text(SHARED_PLAN, encoding="utf-8")
    loaded = load_file(path)
    assert isinstance(loaded.model, Document), loaded.diagnostics
    first, second = loaded.model.annexes[0].tables[0].tasks  # type: ignore[union-attr]
    assert first.timeframe is second.timeframe and first.lead[0] is second.lead[0]  # interned by the loader
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    changed = first.model_copy(update={"note": "x"})
    assert "note" in changed.model_fields_set and "note" not in second.model_fields_set
    assert isinstance(first, Task)
    one, two = track(Repository([loaded]))
    assert one.leads is two.leads and one.supports is two.supports
    assert one.timeframe is not None and one.timeframe is two.timeframe


def test_task_refs_build_owner_locations_only_when_asked(tmp_path: Path) -> None:
    """A task's own lead is located at loc + ('lead',), an inherited one at its group's; neither is
    a tuple kept per task (two of them were 50 MB of a 200,000-task plan)."""
    from ocopctl.repository import Repository, iter_tasks

    path = tmp_path / "plan.yaml"
    path.write_text(SHARED_PLAN, encoding="utf-8")
    repo = Repository([load_file(path)])
    (first, _f), (_second, _g) = iter_tasks(repo.documents[0])
    assert first.inherited_lead_loc is None and first.lead_loc == (*first.loc, "lead")
    assert first.support_loc == (*first.loc, "support")
    assert first.lead_loc is not first.lead_loc  # made on demand, not stored
