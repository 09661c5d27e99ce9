"""Record status (``status: in force | superseded | archived``): the field, and what reports leave out."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ocopctl import api
from ocopctl.calendars import deadline_calendar
from ocopctl.checks import Context
from ocopctl.reports import build_report, parse_quarter, upcoming

CASES = Path(__file__).parents[1] / "cases"
BASE = CASES / "_base"
PRODUCTS = """kind: products
province: Tỉnh Mẫu
status: {status}
products: []
"""


def _status_findings(tmp_path: Path, status: str) -> list[tuple[str, str, str | None]]:
    (tmp_path / "p.yaml").write_text(PRODUCTS.format(status=status), encoding="utf-8")
    result = api.validate([BASE, tmp_path], Context(today=date(2024, 1, 1)))
    return [(d.code, d.message, d.hint) for d in result.diagnostics]


@pytest.mark.parametrize("status", ["in force", "superseded", "archived"])
def test_the_three_statuses_are_accepted(tmp_path: Path, status: str) -> None:
    assert _status_findings(tmp_path, status) == []


@pytest.mark.parametrize(("written", "meant"), [
    ("archive", "archived"), ("superseed", "superseded"), ("in-force", "in force"),
    ("lưu trữ", "archived"), ("hết hiệu lực", "superseded"), ("Còn hiệu lực", "in force"),
])
def test_another_spelling_is_oc005_with_the_term_to_write(tmp_path: Path, written: str, meant: str) -> None:
    [(code, message, hint)] = _status_findings(tmp_path, written)
    assert code == "OC005" and "status" in message
    assert hint == f"did you mean {meant!r}?"


def test_an_unknown_status_lists_the_allowed_ones(tmp_path: Path) -> None:
    [(code, _message, hint)] = _status_findings(tmp_path, "xyz")
    assert code == "OC005" and hint is not None and "archived" in hint


def _plan(tmp_path: Path, archived: bool) -> Path:
    """The OC304 case's plan (due Q4/2018, reported in progress), archived or not."""
    folder = tmp_path / ("archived" if archived else "current")
    shutil.copytree(CASES / "OC304" / "fail-still-in-progress", folder)
    if archived:
        plan = folder / "plan.yaml"
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.replace("kind: document\n", "kind: document\nstatus: archived\n", 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("archived", [False, True])
def test_reports_leave_an_archived_plan_off_the_agenda(tmp_path: Path, archived: bool) -> None:
    repo, problems = api.load_repository([BASE, _plan(tmp_path, archived)])
    assert problems == []
    report = build_report(repo, parse_quarter("Q1-2019"), date(2019, 3, 1))
    overdue = [r.task for r in report.rows if r.section == "overdue"]
    assert overdue == ([] if archived else ["t1"])
    due = upcoming(repo, date(2018, 12, 1), 60)
    assert [r.task for r in due] == ([] if archived else ["t1"])
    ics, _notes = deadline_calendar(repo)
    assert (b"BEGIN:VEVENT" in ics) is not archived
    # The report of the window the deadline fell in still shows it: the record's history.
    q4 = build_report(repo, parse_quarter("Q4-2018"), date(2018, 12, 31))
    assert [r.task for r in q4.rows if r.section == "due"] == ["t1"]
