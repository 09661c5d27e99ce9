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

from ocopctl import i18n
from ocopctl.api import load_repository
from ocopctl.calendars import calendar_title
from ocopctl.cli import app
from ocopctl.formatters import report as fmt
from ocopctl.reports import (
    Report,
    ReportError,
    Row,
    build_report,
    parse_half,
    parse_quarter,
    parse_year,
    upcoming,
)
from ocopctl.workload import workload

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
    assert md.startswith("# Implementation progress report — Q3 2018\n\nAs of 2018-10-15\n\n## Summary")
    assert "| Sở Công Thương | 1 | 0 | 0.0% | 1 |" in md and "| seriously behind schedule |" in md
    i18n.set_language("vi")
    md = fmt.to_markup(report, "md")
    assert md.startswith("# Báo cáo tiến độ thực hiện — Quý III/2018\n\nTính đến ngày 15/10/2018\n\n## Tổng hợp")
    assert "| Sở Công Thương | 1 | 0 | 0,0% | 1 |" in md and "| chậm nghiêm trọng |" in md
    html = fmt.to_markup(report, "html")
    assert 'class="bar overdue"' in html and 'class="gantt"' in html
    assert "<script" not in html


def test_gantt_bars_axis_and_legend(report) -> None:  # type: ignore[no-untyped-def]
    g = fmt.gantt(report)
    assert g is not None
    assert [t.text for t in g.years] == ["2018", "2019", "2020"]
    assert [t.text for t in g.quarters] == ["I", "II", "III", "IV"] * 3
    # groups follow the summary table (red first); one bar per task, q4 (due next) included
    assert [(gr.agency, gr.status) for gr in g.groups] == [
        ("Sở Công Thương", "red"), ("Sở Nông nghiệp và Phát triển nông thôn", "amber")]
    bars = {b.label: b for b in g.bars}
    assert {k: (b.css, b.recurring) for k, b in bars.items()} == {
        "1. Xây dựng điểm bán": ("overdue", False), "1. Thành lập Hội đồng": ("done", False),
        "2. Điều tra sản phẩm": ("overdue", False), "3. Tổ chức hội chợ": ("active", False),
        "4. Tuyên truyền": ("todo", True)}
    late = bars["2. Điều tra sản phẩm"].late
    assert late is not None and g.as_of is not None
    assert late.left == bars["3. Tổ chức hội chợ"].spans[0].left  # the tail starts the day after the deadline
    assert abs(late.left + late.width - g.as_of) < 0.01  # and ends on the as-of line
    assert bars["1. Thành lập Hội đồng"].late is None
    assert [css for css, _ in g.legend] == ["overdue", "done", "active", "todo"]
    i18n.set_language("vi")
    html = fmt.to_markup(report, "html")
    assert html.count('<div class="row') == 5
    assert "thường xuyên (thanh có sọc)" in html and "ngày báo cáo 15/10/2018" in html
    assert "tạm dừng" not in html  # no paused task, no paused key in the legend
    assert 'class="late"' in html and 'class="asof"' in html


def _row(section: str, task: str, timeframe: str, start: date, deadline: date, *, title: str = "Việc",
         state: str = "chưa báo cáo", recurring: bool = False) -> Row:
    late = (AS_OF - deadline).days if section == "overdue" else None
    return Row(section, "a", "Sở A", "d", "1/KH-UBND", task, task, title, timeframe, start, deadline, state, late,
               recurring)


def test_gantt_draws_each_occurrence_of_a_recurring_task() -> None:
    report = Report(parse_quarter("Q3-2018"), AS_OF, None, rows=[
        _row("recurring", "1", "Quý 2,3 hàng năm", date(2018, 4, 1), date(2020, 9, 30), recurring=True),
        _row("recurring", "2", "Hằng năm", date(2018, 1, 1), date(2020, 12, 31), recurring=True),
        _row("due", "3", "Quý II/2018 và quý III/2018", date(2018, 4, 1), date(2018, 9, 30)),
    ])
    g = fmt.gantt(report)
    assert g is not None
    assert [len(b.spans) for b in g.bars] == [1, 1, 3]  # sorted by start: 2, 3, then 1
    assert [b.label for b in g.bars] == ["2. Việc", "3. Việc", "1. Việc"]


def test_gantt_over_many_years_labels_years_only() -> None:
    report = Report(parse_quarter("Q3-2018"), AS_OF, None,
                    rows=[_row("in_progress", "1", "2015-2022", date(2015, 1, 1), date(2022, 12, 31))])
    g = fmt.gantt(report)
    assert g is not None
    assert [t.text for t in g.years] == [str(y) for y in range(2015, 2023)]
    assert len(g.quarters) == 32 and {t.text for t in g.quarters} == {""}


def test_gantt_caps_rows_keeping_late_and_due_work(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_row("overdue", f"o{i}", "Quý I/2018", date(2018, 1, 1), date(2018, 3, 1 + i)) for i in range(30)]
    rows += [_row("due", f"d{i}", "Quý III/2018", date(2018, 7, 1), date(2018, 9, 30)) for i in range(10)]
    rows.append(_row("overdue", "x", "Quý I/2018", date(2018, 1, 1), date(2018, 3, 31),
                     title="<b>Tuyên truyền</b> & hội chợ"))
    report = Report(parse_quarter("Q3-2018"), AS_OF, None, rows=rows)
    monkeypatch.setattr(fmt, "GANTT_MAX_ROWS", 12)
    g = fmt.gantt(report)
    assert g is not None and (g.shown, g.total) == (12, 41)
    tasks = {b.label.split(".")[0] for b in g.bars}
    assert tasks == {f"o{i}" for i in range(6)} | {f"d{i}" for i in range(6)}  # the six longest late, six due
    assert g.groups[0].hidden == {"overdue": 25, "due": 4}
    assert "+ 29 more tasks not drawn: 25 overdue, 4 due in the period" in fmt.to_markup(report, "html")
    i18n.set_language("vi")
    html = fmt.to_markup(report, "html")
    assert "Biểu đồ hiển thị 12/41 nhiệm vụ" in html
    assert "+ 29 nhiệm vụ khác không vẽ: 25 quá hạn, 4 đến hạn trong kỳ" in html
    assert "&lt;b&gt;Tuyên truyền&lt;/b&gt; &amp; hội chợ" in html and "<b>Tuyên" not in html


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
    # The agenda opens with the unfinished tasks whose deadline has passed.
    assert [(r.section, r.task, r.deadline, r.days_late) for r in rows] == [
        ("overdue", "ct-1", date(2018, 9, 30), 62), ("overdue", "due-late", date(2018, 9, 30), 62),
        ("upcoming", "q4", date(2018, 12, 31), None), ("upcoming", "yearly", date(2018, 12, 31), None)]
    result = CliRunner().invoke(app, ["deadlines", str(REPO), "--as-of", "2018-12-01", "--within", "31d"])
    assert result.exit_code == 0, result.output
    assert result.output.count("overdue 62") == 2


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


def test_calendar_titles_are_cut_at_a_word_with_an_ellipsis() -> None:
    assert calendar_title("Tổ chức hội nghị") == "Deadline: Tổ chức hội nghị"
    i18n.set_language("vi")
    long = "Tổ chức " + "đánh giá, phân hạng sản phẩm OCOP cấp tỉnh " * 5
    title = calendar_title(long)
    assert title.startswith("Hạn: Tổ chức đánh giá") and title.endswith("…") and len(title) <= 125
    whole, kept = " ".join(long.split()), title.removeprefix("Hạn: ").removesuffix("…")
    assert whole.startswith(kept) and whole[len(kept)] in " ,"  # cut between words, not inside one
    assert not kept.endswith((",", " "))
    assert calendar_title("Tổ chức hội nghị") == "Hạn: Tổ chức hội nghị"
    assert calendar_title("x" * 200).endswith("…") and len(calendar_title("x" * 200)) <= 125


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


def _two_provinces(tmp_path: Path) -> None:
    """The report repository twice, as two provinces whose agencies share their names."""
    for province, prefix in (("Tỉnh Mẫu", "m"), ("Tỉnh Khác", "k")):
        folder = tmp_path / prefix
        folder.mkdir()
        for name in ("agencies.yaml", "plan.yaml"):
            text = (REPO / name).read_text(encoding="utf-8").replace("Tỉnh Mẫu", province)
            text = text.replace("m-", f"{prefix}-").replace("mau/", f"{prefix}/")
            (folder / name).write_text(text, encoding="utf-8")


SNN_TWICE = ["Sở Nông nghiệp và Phát triển nông thôn (Tỉnh Khác)", "Sở Nông nghiệp và Phát triển nông thôn (Tỉnh Mẫu)"]


def test_same_agency_name_in_two_provinces_stays_apart(tmp_path: Path) -> None:
    """Every province has a 'Sở Nông nghiệp và Phát triển nông thôn': a national report keeps them apart."""
    _two_provinces(tmp_path)
    repo, problems = load_repository([tmp_path])
    assert problems == []
    report = build_report(repo, parse_quarter("Q3-2018"), AS_OF)
    snn = [a for a in report.agencies if a.agency_id in ("m-snn", "k-snn")]
    assert sorted(a.agency for a in snn) == ["Sở Nông nghiệp và Phát triển nông thôn (Tỉnh Khác)",
                                             "Sở Nông nghiệp và Phát triển nông thôn (Tỉnh Mẫu)"]
    assert snn[0].due == snn[1].due == 2


def test_owners_and_deadlines_say_whose_agency_when_names_collide(tmp_path: Path) -> None:
    _two_provinces(tmp_path)
    repo, _ = load_repository([tmp_path])
    loads = workload(repo, AS_OF)
    assert sorted(w.agency for w in loads if w.agency_id in ("m-snn", "k-snn")) == SNN_TWICE
    assert {r.agency for r in upcoming(repo, date(2018, 12, 1), 31) if r.agency_id in ("m-snn", "k-snn")} \
        == set(SNN_TWICE)
    result = CliRunner().invoke(app, ["owners", str(tmp_path), "--as-of", "2018-10-15"])
    assert result.exit_code == 0 and "(Tỉnh Khác)" in result.output and "(Tỉnh Mẫu)" in result.output
    # One province alone: no province added.
    repo, _ = load_repository([REPO])
    assert "Sở Nông nghiệp và Phát triển nông thôn" in {w.agency for w in workload(repo, AS_OF)}


def test_json_made_row_by_row_equals_one_dumps() -> None:
    """json_pieces writes the rows one by one; joined, they must be exactly one json.dumps(indent=2),
    also for text with newlines, quotes and backslashes, and for a report without rows."""
    import dataclasses

    repo, _problems = load_repository([REPO])
    report = build_report(repo, parse_quarter("Q3-2018"), AS_OF)
    assert report.rows
    report.rows = [dataclasses.replace(report.rows[0], title='dòng 1\n  "dòng" 2\\'), *report.rows]
    assert fmt.to_json(report) == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    report.rows = []
    assert fmt.to_json(report) == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
