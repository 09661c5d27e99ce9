"""The exported JSON Schemas accept what the models accept (issue 12 item 6).

The rule, over every YAML file of plans/ and tests/ that YAML can read:

* a file the models accept passes its kind's schema, read as check-jsonschema reads it
  (YAML implicit types: ``year: 2022`` is a number there, text for the loader);
* a file the models refuse for its shape (a missing field, an unknown key or kind, a value
  of the wrong type or outside a list of terms) fails the schema;
* a file refused only for what a schema cannot say (a 31 February, a date or period outside
  1900–2200, a number of more than 40 digits: pydantic error types ``impossible_date``,
  ``date_out_of_range``, ``vn_number``) may pass it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
from pydantic import ValidationError

from ocopctl.loader import load_file
from ocopctl.models import FILE_KINDS
from ocopctl.schemas import bundled_schema_dir, schema_texts

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for folder in ("plans", "tests") for p in (ROOT / folder).rglob("*.y*ml")
               if p.suffix in (".yaml", ".yml"))
VALUE_ONLY = {"impossible_date", "date_out_of_range", "vn_number"}
UNREADABLE = {"OC001", "OC002", "OC008", "OC009", "OC017", "OC018", "OC019"}
_read = impl2loader(construct_yaml_implementation(), construct_yaml_implementation(pure=True))
SCHEMAS = {name.removesuffix(".schema.json"): jsonschema.Draft202012Validator(json.loads(text))
           for name, text in schema_texts().items()}


def model_errors(data: Any) -> set[str] | None:
    """The pydantic error types of the file's model (None: the file has no known kind)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    model = FILE_KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return None
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return {e["type"] for e in exc.errors()}
    return set()


def schema_errors(path: Path) -> list[str]:
    with path.open("rb") as f:
        data = _read(f)
    kind = data.get("kind") if isinstance(data, dict) else None
    validator = SCHEMAS.get(kind) if isinstance(kind, str) else None
    if validator is None:
        return ["no schema for this kind"]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in validator.iter_errors(data)]


def test_the_rule_sees_every_kind_of_file() -> None:
    assert len(FILES) > 100
    assert any("plans" in p.parts for p in FILES) and any("cases" in p.parts for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_verdict_matches_the_models(path: Path) -> None:
    loaded = load_file(path)
    if {d.code for d in loaded.diagnostics} & UNREADABLE:
        pytest.skip("YAML that neither reader takes as data")
    errors = model_errors(loaded.data)
    found = schema_errors(path)
    if errors is not None and not errors:
        assert found == [], "the models accept the file; the schema refuses it"
    elif errors is None or errors - VALUE_ONLY:
        assert found, f"the models refuse the file for its shape ({sorted(errors or ['kind'])}); the schema accepts it"


@pytest.mark.parametrize(("kind", "text", "ok"), [
    ("annex", "kind: annex\nparent: x\ntitle: t\ntables: [{kind: budget, unit: triệu đồng, years: [2018, 99999]}]\n",
     False),
    ("annex", "kind: annex\nparent: x\ntitle: t\ntables: [{kind: budget, unit: triệu đồng, years: ['2018', 2019]}]\n",
     True),
    ("annex", "kind: annex\nparent: x\ntitle: t\ntables: [{kind: budget, unit: triệu đồng, years: ['99999']}]\n",
     False),
    ("annex", "kind: annex\nparent: x\ntitle: t\ntables: [{kind: generic, columns: [TT, 2017, true]}]\n", True),
    ("agencies", "kind: agencies\ngroups: [{id: g, name: G, vague: 'Yes'}]\n", True),
    ("agencies", "kind: agencies\ngroups: [{id: g, name: G, vague: maybe}]\n", False),
    ("progress", "kind: progress\ndocument: d\nagency: a\nentries: [{task: t, date: 2019-01-02, state: Hoan thanh}]\n",
     True),
    ("progress", "kind: progress\ndocument: d\nagency: a\nentries: [{task: t, date: 2019-01-02, state: half}]\n",
     False),
])
def test_schema_and_models_agree_on_loader_text(tmp_path: Path, kind: str, text: str, ok: bool) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    assert (loaded.model is not None) is ok, [d.message for d in loaded.diagnostics]
    assert (schema_errors(path) == []) is ok


def test_exported_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (bundled_schema_dir() / name).read_text(encoding="utf-8") == text, name


def test_check_jsonschema_accepts_every_encoded_plan() -> None:
    """The command the issue ran: check-jsonschema with the exported schemas over plans/."""
    import subprocess
    import sys

    by_kind: dict[str, list[str]] = {}
    for path in sorted((ROOT / "plans").rglob("*.yaml")):
        kind = model_kind(path)
        by_kind.setdefault(kind, []).append(str(path))
    assert {"document", "products", "issuance", "agencies", "progress"} <= set(by_kind)
    for kind, paths in by_kind.items():
        done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                               str(bundled_schema_dir() / f"{kind}.schema.json"), *paths],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def model_kind(path: Path) -> str:
    with path.open("rb") as f:
        return str(_read(f)["kind"])
