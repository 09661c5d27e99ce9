"""Dates at the calendar's edge: options and plan dates stay within limits.YEAR_MIN..YEAR_MAX,
date arithmetic never overflows, and recurring expansions stop at their caps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from ocopctl import calendars, periods
from ocopctl.api import load_repository, validate
from ocopctl.checks import Context
from ocopctl.cli import app
from ocopctl.limits import YEAR_MAX, YEAR_MIN, Limit
from ocopctl.models import Rating
from ocopctl.periods import add_days
from ocopctl.ratings import certificate_expiry
from ocopctl.reports import ReportError, quarter_window, upcoming

REPO = str(Path(__file__).parents[1] / "data" / "report")
runner = CliRunner()
RANGE = (str(YEAR_MIN.value), str(YEAR_MAX.value))


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["report", REPO, "--year", "0000"], "--year"),
        (["report", REPO, "--year", "9999"], "--year"),
        (["report", REPO, "--quarter", "Q4-9999"], "--quarter"),
        (["report", REPO, "--quarter", "Quý IV/9999"], "--quarter"),
        (["report", REPO, "--half", "H2-9999"], "--half"),
        (["report", REPO, "--half", "6 tháng đầu năm 1899"], "--half"),
        (["report", REPO, "--quarter", "Q1-2019", "--as-of", "9999-12-31"], "--as-of"),
        (["deadlines", REPO, "--within", "99999999999d"], "--within"),
        (["deadlines", REPO, "--within", "9" * 5000 + "d"], "--within"),
        (["deadlines", REPO, "--as-of", "2200-12-01", "--within", "2m"], "--within"),
        (["deadlines", REPO, "--as-of", "9999-12-31"], "--as-of"),
        (["deadlines", REPO, "--as-of", "0001-01-01"], "--as-of"),
        (["validate", REPO, "--today", "9999-12-31"], "--today"),
        (["validate", REPO, "--today", "1899-12-31"], "--today"),
        (["owners", REPO, "--as-of", "9999-12-31"], "--as-of"),
        (["products", "list", REPO, "--expiring-before", "9999-12-31"], "--expiring-before"),
        (["render", REPO, "--report", "Q1-2019", "--as-of", "9999-12-31"], "--as-of"),
        (["period", "2018", "--within", "0001-9999"], "--within"),
        (["period", "hằng năm", "--within", "1900-2200"], "--within"),  # 301 years: past limits.PERIOD_YEARS
    ],
)
def test_options_outside_the_years_are_one_line_usage_errors(args: list[str], option: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, (OverflowError, ValueError)), result.exception
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ocopctl: {option} ") and all(y in line for y in RANGE)


@pytest.mark.parametrize("text", ["Quý 4/9999", "trước ngày 31/12/9999", "1899", "0000", "01/01/0001"])
def test_timeframes_outside_the_years_are_refused(text: str) -> None:
    result = runner.invoke(app, ["period", text])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("ocopctl: cannot read timeframe") and (text == "0000" or "1900–2200" in line)


def test_the_edges_themselves_work(tmp_path: Path) -> None:
    # The last quarter ocopctl reads has a "next period" in 2201: still a date, no overflow.
    assert runner.invoke(app, ["report", REPO, "--quarter", "Q4-2200", "--as-of", "2200-12-31"]).exit_code == 0
    assert runner.invoke(app, ["deadlines", REPO, "--as-of", "2200-12-01", "--within", "30d"]).exit_code == 0
    assert runner.invoke(app, ["validate", REPO, "--today", "1900-01-01"]).exit_code == 0
    assert runner.invoke(app, ["period", "hằng năm", "--within", "2151-2200"]).exit_code == 0


def test_date_arithmetic_stays_inside_the_calendar() -> None:
    assert add_days(date.max, 1) == date.max and add_days(date.min, -1) == date.min
    assert add_days(date(2018, 1, 1), 10**12) == date.max
    assert certificate_expiry(date(9999, 12, 31)) == date.max
    with pytest.raises(ReportError, match="no next period"):
        quarter_window(9999, 4).next()
    repo, _ = load_repository([Path(REPO)])
    assert {r.section for r in upcoming(repo, date(9999, 12, 30), 10**12)} == {"overdue"}  # nothing due after
    # certificates lapsing "within 90 days" of the calendar's last day
    assert validate([Path(REPO)], Context(today=date.max)).files


def test_dates_given_as_dates_are_bounded_too() -> None:
    with pytest.raises(ValidationError) as info:
        Rating.model_validate({"date": date(9999, 12, 31), "level": "tỉnh", "stars": 4})
    assert info.value.errors()[0]["type"] == "date_out_of_range"


def _plan(tmp_path: Path, period: str, timeframe: str) -> Path:
    base = Path(REPO)
    tmp_path.mkdir()
    (tmp_path / "agencies.yaml").write_text((base / "agencies.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    plan = (base / "plan.yaml").read_text(encoding="utf-8").replace("period: 2018-2020", f"period: {period}")
    (tmp_path / "plan.yaml").write_text(plan.replace("timeframe: Hằng năm", f"timeframe: {timeframe}"),
                                        encoding="utf-8")
    return tmp_path


def test_the_calendar_stops_at_its_cap_without_building_the_rest(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _plan(tmp_path / "in", "2151-2200", "tháng 1-12 hằng năm")  # 600 occurrences
    made = 0

    class Counting(icalendar.Event):
        def __init__(self, *args: object, **kwargs: object) -> None:
            nonlocal made
            made += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(icalendar, "Event", Counting)
    monkeypatch.setattr(calendars, "CALENDAR_EVENTS", Limit(100, "test"))
    out = tmp_path / "c.ics"
    result = runner.invoke(app, ["calendar", str(repo), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert made == 100
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 100
    assert "ocopctl: note: the calendar stops at 100 events" in result.stderr


def test_a_capped_timeframe_is_noted_by_calendar_and_period(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(periods, "OCCURRENCES", Limit(10, "test"))
    periods.parse_timeframe.cache_clear()
    try:
        repo = _plan(tmp_path / "in", "2018-2020", "tháng 1-12 hằng năm")  # 36 occurrences
        result = runner.invoke(app, ["calendar", str(repo), "-o", str(tmp_path / "c.ics")])
        assert result.exit_code == 0
        assert "1 recurring task cut short: the timeframe expands to more than 10 occurrences" in result.stderr
        result = runner.invoke(app, ["period", "tháng 1-12 hằng năm", "--within", "2018-2020", "-f", "json"])
        assert result.exit_code == 0 and '"truncated": true' in result.stdout
        assert "only the first 10 are used" in result.stderr
    finally:
        periods.parse_timeframe.cache_clear()
