"""Dates known only to the month or the year (issue 12, item 9): read, compared as the
interval they cover, and printed as known, while full dates behave as before."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from ocopctl import i18n, vn
from ocopctl.cli import app
from ocopctl.models import Document, Issuance, Rating

CASES = Path(__file__).parents[1] / "cases"


@pytest.mark.parametrize(("text", "kind", "first", "last"), [
    ("tháng 11/2020", vn.MonthDate, date(2020, 11, 1), date(2020, 11, 30)),
    ("11/2020", vn.MonthDate, date(2020, 11, 1), date(2020, 11, 30)),
    ("Tháng 2 năm 2024", vn.MonthDate, date(2024, 2, 1), date(2024, 2, 29)),
    ("2020-11", vn.MonthDate, date(2020, 11, 1), date(2020, 11, 30)),
    ("2020", vn.YearDate, date(2020, 1, 1), date(2020, 12, 31)),
    ("năm 2020", vn.YearDate, date(2020, 1, 1), date(2020, 12, 31)),
])
def test_a_rating_date_may_be_known_to_the_month_or_year(text: str, kind: type, first: date, last: date) -> None:
    day = Rating.model_validate({"date": text, "level": "tỉnh", "stars": "4"}).date
    assert type(day) is kind
    assert vn.date_span(day) == (first, last)


def test_full_dates_stay_plain_dates() -> None:
    day = Rating.model_validate({"date": "17/8/2018", "level": "tỉnh", "stars": "4"}).date
    assert type(day) is date
    assert vn.date_span(day) == (day, day)
    assert (vn.format_date_vn(day), vn.format_date_long(day), vn.format_date_short(day)) == (
        "17/8/2018", "ngày 17 tháng 8 năm 2018", "17/08/2018")


@pytest.mark.parametrize("text", ["13/2020", "tháng 0/2020"])
def test_a_month_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="not a real month"):
        Rating.model_validate({"date": text, "level": "tỉnh", "stars": "4"})


def test_a_year_outside_the_years_read_is_refused() -> None:
    with pytest.raises(ValidationError, match="outside the years"):
        Issuance.model_validate({"kind": "issuance", "id": "x", "template": "recognition", "date": "1200"})


def test_partial_dates_print_as_known() -> None:
    month, year = vn.parse_partial_date("tháng 11/2020"), vn.parse_partial_date("2020")
    assert (vn.format_date_vn(month), vn.format_date_vn(year)) == ("tháng 11/2020", "năm 2020")
    assert (vn.format_date_long(month), vn.format_date_long(year)) == ("tháng 11 năm 2020", "năm 2020")
    assert vn.format_date_long(vn.parse_partial_date("2/2021")) == "tháng 02 năm 2021"
    assert (vn.format_date_short(month), vn.format_date_short(year)) == ("11/2020", "2020")
    assert (month.isoformat(), year.isoformat()) == ("2020-11", "2020")
    assert (i18n.format_date(month, "vi"), i18n.format_date(month, "en")) == ("tháng 11/2020", "2020-11")


def test_a_day_computed_from_a_partial_date_is_a_plain_day() -> None:
    month = vn.parse_partial_date("11/2020")
    assert type(month + timedelta(days=1)) is date
    assert type(month.replace(day=5)) is date
    assert month - date(2020, 10, 31) == timedelta(days=1)
    assert vn.like(month, date(2023, 11, 30)) == vn.MonthDate(2023, 11, 1)
    assert vn.format_date_vn(vn.like(month, date(2023, 11, 30))) == "tháng 11/2023"


def test_a_document_known_to_the_month_renders_its_date_line_as_known(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(CASES / "_base" / "agencies.yaml", plans)
    shutil.copy(CASES / "OC114" / "pass-approved-in-the-plans-month" / "plan.yaml", plans)
    text = (plans / "plan.yaml").read_text(encoding="utf-8").replace("date: 2018-08-17", "date: tháng 8/2018")
    (plans / "plan.yaml").write_text(text, encoding="utf-8")
    assert Document.model_validate_json(json.dumps({
        "kind": "document", "id": "a", "type": "Kế hoạch", "number": "1/KH-UBND", "issuer": "x", "province": "p",
        "place": "p", "date": "tháng 8/2018", "title": "t", "period": "2018"})).date == vn.MonthDate(2018, 8, 1)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(plans), "-t", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rendered = next(out.rglob("*.md")).read_text(encoding="utf-8")
    assert "Mẫu, tháng 8 năm 2018" in rendered
