"""Dates at the calendar's edge: options and plan dates stay within limits.YEAR_MIN..YEAR_MAX,
and date arithmetic never overflows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from ocopctl.api import load_repository, validate
from ocopctl.checks import Context
from ocopctl.cli import app
from ocopctl.limits import YEAR_MAX, YEAR_MIN
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
    assert upcoming(repo, date(9999, 12, 30), 10**12) == []
    # certificates lapsing "within 90 days" of the calendar's last day
    assert validate([Path(REPO)], Context(today=date.max)).files


def test_dates_given_as_dates_are_bounded_too() -> None:
    with pytest.raises(ValidationError) as info:
        Rating.model_validate({"date": date(9999, 12, 31), "level": "tỉnh", "stars": 4})
    assert info.value.errors()[0]["type"] == "date_out_of_range"
