"""Reports, agendas, workload and calendars over a small repository with progress."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from ocopctl.api import load_repository
from ocopctl.cli import app
from ocopctl.formatters import report as fmt
from ocopctl.reports import ReportError, build_report, parse_half, parse_quarter, parse_year, upcoming

REPO = Path(__file__).parents[1] / "data" / "report"
AS_OF = date(2018, 10, 15)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    repo, problems = load_repository([REPO])
    assert problems == []
    return build_report(repo, parse_quarter("Q3-2018"), AS_OF)


def ids(report, section: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(r.agency_id, r.task) for r in report.section(section)]


def test_sections(report) -> None:  # type: ignore[no-untyped-def]
    assert ids(report, "due") == [("m-sct", "ct-1"), ("m-snn", "due-done"), ("m-snn", "due-late")]
    assert ids(report, "overdue") == [("m-sct", "ct-1"), ("m-snn", "due-late")]
    assert ids(report, "finished") == [("m-snn", "due-done")]
    assert ids(report, "in_progress") == [("m-snn", "due-late")]
    assert ids(report, "recurring") == [("m-snn", "yearly")]
    assert ids(report, "due_next") == [("m-snn", "q4")]
    late = {r.task: r.days_late for r in report.section("overdue")}
    assert late == {"due-late": 15, "ct-1": 15}


def test_agency_summary(report) -> None:  # type: ignore[no-untyped-def]
    by = {a.agency_id: a for a in report.agencies}
    snn, sct = by["m-snn"], by["m-sct"]
    assert (snn.due, snn.due_finished, snn.overdue, snn.share_finished) == (2, 1, 1, 0.5)
    assert snn.status == "amber"
    assert (sct.due, sct.due_finished, sct.overdue, sct.status) == (1, 0, 1, "red")


def test_json_and_csv_carry_the_same_rows(report) -> None:  # type: ignore[no-untyped-def]
    rows_json = json.loads(fmt.to_json(report))["rows"]
    rows_csv = list(csv.DictReader(io.StringIO(fmt.to_csv(report))))
    assert len(rows_json) == len(rows_csv) == len(report.rows)
    for j, c in zip(rows_json, rows_csv, strict=True):
        assert {k: "" if v is None else str(v) for k, v in j.items()} == c


def test_markdown_and_html(report) -> None:  # type: ignore[no-untyped-def]
    md = fmt.to_markup(report, "md")
    assert "# Báo cáo tiến độ thực hiện — Quý III/2018" in md
    assert "| Sở Công Thương | 1 | 0 | 0,0% | 1 |" in md
    html = fmt.to_markup(report, "html")
    assert 'class="bar overdue"' in html and 'class="gantt"' in html
    assert "<script" not in html


def test_owner_filter_and_unknown_owner() -> None:
    repo, _ = load_repository([REPO])
    only = build_report(repo, parse_quarter("Q3-2018"), AS_OF, owner="Sở NN&PTNT")
    assert {r.agency_id for r in only.rows} == {"m-snn"}
    with pytest.raises(ReportError, match="names no agency"):
        build_report(repo, parse_quarter("Q3-2018"), AS_OF, owner="Sở Ngoại vụ")


@pytest.mark.parametrize("text", ["Q3-2018", "2018-Q3", "Quý III/2018", "q3/2018"])
def test_quarter_forms(text: str) -> None:
    w = parse_quarter(text)
    assert (w.start, w.end, w.label) == (date(2018, 7, 1), date(2018, 9, 30), "Quý III/2018")


def test_half_and_year_windows() -> None:
    assert (parse_half("H1-2019").end, parse_half("6 tháng cuối năm 2019").start) == (
        date(2019, 6, 30), date(2019, 7, 1))
    assert parse_year("2019").end == date(2019, 12, 31)
    assert parse_quarter("Q4-2018").next().code == "Q1-2019"
    for bad, parse in (("Q5-2018", parse_quarter), ("H3-2019", parse_half), ("19", parse_year)):
        with pytest.raises(ReportError):
            parse(bad)


def test_upcoming() -> None:
    repo, _ = load_repository([REPO])
    rows = upcoming(repo, date(2018, 12, 1), 31)
    assert [(r.task, r.deadline) for r in rows] == [("q4", date(2018, 12, 31)), ("yearly", date(2018, 12, 31))]


def test_calendar_is_valid_ics(tmp_path: Path) -> None:
    out = tmp_path / "snn.ics"
    result = CliRunner().invoke(app, ["calendar", str(REPO), "--owner", "m-snn", "-o", str(out)])
    assert result.exit_code == 0
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 7  # 4 one-off deadlines + 3 yearly occurrences
    assert {str(e["uid"]) for e in events} == {f"mau/2018-10-kh-ubnd#{t}#{n}@ocopctl" for t, n in
                                               [("due-done", 0), ("due-late", 0), ("q4", 0), ("later", 0),
                                                ("yearly", 0), ("yearly", 1), ("yearly", 2)]}


@pytest.mark.parametrize(
    "args",
    [["report", "--quarter", "Q5-2018"], ["report", "--quarter", "Q3-2018", "--as-of", "mai"],
     ["report", "--quarter", "Q3-2018", "--owner", "nobody"], ["report"], ["report", "--quarter", "Q3-2018",
                                                                           "--format", "pdf"],
     ["deadlines", "--within", "soon"], ["period", "Quý 5/2018"]],
)
def test_bad_options_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, str(REPO)] if args[0] != "period" else args)
    assert result.exit_code == 2


def test_report_cli_formats(tmp_path: Path) -> None:
    runner = CliRunner()
    for f in ("text", "md", "html", "json", "csv"):
        out = tmp_path / f"r.{f}"
        result = runner.invoke(app, ["report", str(REPO), "--quarter", "Q3-2018", "--as-of", "2018-10-15",
                                     "--format", f, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 200


def test_owners_flags_silent_leads() -> None:
    result = CliRunner().invoke(app, ["owners", str(REPO), "--as-of", "2018-10-15"])
    assert result.exit_code == 0
    assert "never reported" in result.output  # Sở Công Thương leads ct-1 and never reported


def test_same_agency_name_in_two_provinces_stays_apart(tmp_path: Path) -> None:
    """Every province has a 'Sở Nông nghiệp và Phát triển nông thôn': a national report keeps them apart."""
    for province, prefix in (("Tỉnh Mẫu", "m"), ("Tỉnh Khác", "k")):
        folder = tmp_path / prefix
        folder.mkdir()
        for name in ("agencies.yaml", "plan.yaml"):
            text = (REPO / name).read_text(encoding="utf-8").replace("Tỉnh Mẫu", province)
            text = text.replace("m-", f"{prefix}-").replace("mau/", f"{prefix}/")
            (folder / name).write_text(text, encoding="utf-8")
    repo, problems = load_repository([tmp_path])
    assert problems == []
    report = build_report(repo, parse_quarter("Q3-2018"), AS_OF)
    snn = [a for a in report.agencies if a.agency_id in ("m-snn", "k-snn")]
    assert sorted(a.agency for a in snn) == ["Sở Nông nghiệp và Phát triển nông thôn (Tỉnh Khác)",
                                             "Sở Nông nghiệp và Phát triển nông thôn (Tỉnh Mẫu)"]
    assert snn[0].due == snn[1].due == 2
