"""JSON Schemas of the file kinds, for editors and for check-jsonschema."""

from __future__ import annotations

import json
from pathlib import Path

from ocopctl.models import FILE_KINDS
from ocopctl.output import write_atomic
from ocopctl.resources import data_dir


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, one schema per file kind."""
    out = {}
    for kind, model in FILE_KINDS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in ``folder`` that are missing or differ from the models."""
    stale = []
    for name, text in schema_texts().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, text in schema_texts().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
        written.append(target)
    return written


def bundled_schema_dir() -> Path:
    """Where the schemas are: inside an installed package, or at the checkout's top level."""
    return data_dir("schemas")
