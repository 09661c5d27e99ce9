"""Every diagnostic is told in Vietnamese: its message and hint are ``Msg`` whose Vietnamese text
is not its English text, over every on-disk case and the encoded plans; pydantic's own errors
(OC005) keep pydantic's English byte for byte and get a Vietnamese sentence."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ocopctl import api, schema_messages
from ocopctl.checks import Context
from ocopctl.diagnostics import Diagnostic, Severity
from ocopctl.i18n import Msg
from tests.adversarial import repo as adv

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
CASE_DIRS = sorted(p for p in CASES.glob("OC*/*") if p.is_dir())


def untold(diagnostics: list[Diagnostic]) -> list[str]:
    """The diagnostics whose message or hint is not a ``Msg`` told differently in Vietnamese."""
    bad = []
    for d in diagnostics:
        for what, text in (("message", d.message), ("hint", d.hint)):
            if text is None:
                continue
            if not isinstance(text, Msg):
                bad.append(f"{d.code} {what} is a plain {type(text).__name__}: {text!r}")
            elif text.localized("vi") == text.localized("en"):
                bad.append(f"{d.code} {what} has no Vietnamese text: {text!r}")
            elif "{{" in text or "}}" in text:  # a brace doubled for format() but never formatted
                bad.append(f"{d.code} {what} shows doubled braces in English: {text!r}")
    return bad


def _validate(*paths: Path, today: datetime.date) -> list[Diagnostic]:
    result = api.validate(list(paths), Context(today=today))
    return result.diagnostics + result.suppressed


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_case_speaks_vietnamese(case: Path) -> None:
    today_file = case / "today"
    today = datetime.date.fromisoformat(today_file.read_text().strip()) if today_file.exists() \
        else datetime.date(2018, 9, 1)
    assert untold(_validate(CASES / "_base", case, today=today)) == []


def test_the_plans_speak_vietnamese() -> None:
    found = _validate(ROOT / "plans", today=datetime.date(2026, 1, 1))
    assert found
    assert untold(found) == []


def test_a_plain_string_message_is_caught() -> None:
    plain = Diagnostic("OC201", Severity.WARNING, "x.yaml", "task 't1' has no lead agency")  # type: ignore[arg-type]
    same = Diagnostic("OC201", Severity.WARNING, "x.yaml", Msg("OC201"), hint=Msg("{x}", x="y"))
    assert len(untold([plain])) == 1
    assert len(untold([same])) == 2  # told the same in both languages: no Vietnamese
    braces = Diagnostic("OC017", Severity.ERROR, "x.yaml", Msg("check for unclosed '{{'"))
    assert len(untold([braces])) == 1


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: int


class _Everything(BaseModel):
    model_config = ConfigDict(extra="forbid")
    whole: int
    fraction: int
    real: float
    text: str
    flag: bool
    items: list[int]
    mapping: dict[str, int]
    day: datetime.date
    kind: Literal["document", "annex"]
    low: Annotated[int, Field(ge=1)]
    high: Annotated[int, Field(le=10)]
    above: Annotated[int, Field(gt=0)]
    below: Annotated[int, Field(lt=0)]
    one: Annotated[list[int], Field(min_length=1)]
    two: Annotated[list[int], Field(min_length=2)]
    name: Annotated[str, Field(min_length=2)]
    ident: Annotated[str, Field(pattern=r"^[a-z]+$")]
    amount: Decimal
    inner: _Inner
    required: int


BAD: dict[str, Any] = {
    "whole": "abc", "fraction": 1.5, "real": "x", "text": 3, "flag": "maybe", "items": 5, "mapping": [1],
    "day": "not a day", "kind": "plan", "low": 0, "high": 11, "above": 0, "below": 0, "one": [], "two": [1],
    "name": "x", "ident": "A B", "amount": "x", "inner": 5, "unknown": 1,
}


def _errors() -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        _Everything.model_validate(BAD)
    return caught.value.errors(include_url=False)


def test_pydantic_errors_keep_their_english_and_have_vietnamese() -> None:
    errors = _errors()
    assert len(errors) >= len(BAD)
    for err in errors:
        told = schema_messages.message(err)
        assert told.msgid != "{pydantic_error}", f"{err['type']} has no message of its own: {err['msg']}"
        assert str(told) == err["msg"]
        assert told.localized("vi") != err["msg"]


def test_an_unknown_pydantic_error_reads_as_vietnamese_around_the_english() -> None:
    told = schema_messages.message({"type": "brand_new_error", "msg": "Input is odd", "ctx": {}})
    assert str(told) == "Input is odd"
    assert told.localized("vi") != "Input is odd" and "Input is odd" in told.localized("vi")


def test_a_changed_pydantic_wording_falls_back_rather_than_misquote() -> None:
    told = schema_messages.message({"type": "int_type", "msg": "Input must be an integer", "ctx": {}})
    assert str(told) == "Input must be an integer"


def test_schema_error_in_a_plan_is_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("kind: agencies\nprovince: Tỉnh Mẫu\nagencies: [{id: 5}]\nextra: 1\n",
                                     encoding="utf-8")
    found = _validate(tmp_path, today=datetime.date(2018, 9, 1))
    assert found and untold(found) == []
    assert any(d.code in ("OC005", "OC006") for d in found)


def test_every_yaml_phrase_reads_in_vietnamese() -> None:
    from ocopctl.loader import _YAML_PHRASES

    for english, told in _YAML_PHRASES.items():
        assert str(told) == english
        assert told.localized("vi") != english


def test_a_yaml_syntax_error_is_vietnamese_and_english_unchanged(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("kind: document\nlead: [a, b\nid: x\n", encoding="utf-8")
    [d] = [d for d in _validate(tmp_path, today=datetime.date(2018, 9, 1)) if d.code == "OC001"]
    assert str(d.message).startswith("YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
                                      "sequence at line 2")
    assert d.message.localized("vi").startswith("lỗi cú pháp YAML: thiếu dấu ',' hoặc ']' (khi đọc một danh sách")


# Small versions of what the adversarial corpus (tests/adversarial) feeds validate.
ADVERSARIAL: dict[str, Any] = {
    "nested-sequences": lambda: adv.nested_sequences(200),
    "billion-laughs": lambda: adv.billion_laughs(),
    "recursive-alias": lambda: "kind: document\nid: &a [*a]\n",
    "near-miss-keys": lambda: "kind: agencies\nagencies: []\n" + "".join(f"agencies{i}: 1\nprovincee{i}: 1\n"
                                                                        for i in range(30)),
    "duplicate-keys": lambda: "kind: agencies\nagencies: []\n" + "province: x\n" * 30,
    "python-tag": lambda: "kind: agencies\nagencies: !!python/object/apply:os.system ['touch pwned']\n",
    "unknown-keys-in-a-task": lambda: adv.big_plan(1).rstrip("\n")[:-1] + ", " + ", ".join(
        f"x{i}: 1" for i in range(30)) + "}\n",
    "empty": lambda: "",
    "not-utf8": lambda: "kind: agencies\nprovince: T\xe0\n".encode("latin-1"),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_yaml_speaks_vietnamese(name: str, tmp_path: Path) -> None:
    content = ADVERSARIAL[name]()
    target = tmp_path / "plans" / "bomb.yaml"
    target.parent.mkdir()
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    found = _validate(target.parent, today=datetime.date(2019, 1, 1))
    assert found
    assert untold(found) == []


@pytest.mark.parametrize("setup", ["control", "million-digit-score", "million-digit-budget", "timeframe"])
def test_adversarial_repositories_speak_vietnamese(setup: str, tmp_path: Path) -> None:
    control = "Tên\x01\x07\x08 \x1b[31mđỏ\x0b\x0c\x7f\x85\u2028 hết"
    make = {
        "control": lambda: adv.mini(title=control, agency=control, product=control, producer=control,
                                    district=control, budget_label=control),
        "million-digit-score": lambda: adv.mini(score="9" * 100_000),
        "million-digit-budget": lambda: adv.mini(budget_value="9" * 100_000),
        "timeframe": lambda: adv.mini(timeframe="Quý V/2018", period="0001-9999", doc_date="2018-02-31"),
    }[setup]
    make()(tmp_path)
    found = _validate(tmp_path / "plans", today=datetime.date(2019, 1, 1))
    assert found
    assert untold(found) == []
